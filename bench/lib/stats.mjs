// Numbers and the table: quantiles, units, and the one table every benchmark's rows end up in.

/** The q-quantile (0..1) of the values, interpolating between the two nearest ranks; NaN when empty. */
export function quantile(values, q) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

export const median = (values) => quantile(values, 0.5);

export function mean(values) {
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function ms(value, digits = 1) {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

export function mb(bytes, digits = 1) {
  return Number.isFinite(bytes) ? `${(bytes / (1024 * 1024)).toFixed(digits)} MB` : 'n/a';
}

export function seconds(msValue, digits = 2) {
  return Number.isFinite(msValue) ? `${(msValue / 1000).toFixed(digits)} s` : 'n/a';
}

/**
 * One line of the table. `tandem` and `peer` are display strings; `status` is 'pass', 'short' or ''
 * (a figure with no goal). A peer that could not run says so in its cell.
 */
export function row(benchmark, measure, tandem, peer, goal = '', status = '') {
  return { benchmark, measure, tandem, peer, goal, status };
}

/** 'pass' when the check holds, 'short' when it does not, 'n/a' when it could not be measured. */
export function verdict(holds) {
  if (holds === undefined || holds === null) return 'n/a';
  return holds ? 'pass' : 'short';
}

const HEADERS = ['Benchmark', 'Measure', 'Tandem', 'Codex CLI', 'Goal', 'Result'];

/** A Markdown table, padded so it also reads well on a terminal. */
export function renderTable(rows) {
  const cells = [HEADERS, ...rows.map((r) => [r.benchmark, r.measure, r.tandem, r.peer, r.goal, r.status])].map((line) =>
    line.map((cell) => String(cell ?? '').replaceAll('|', '\\|')),
  );
  const widths = HEADERS.map((_, col) => Math.max(...cells.map((line) => line[col].length)));
  const format = (line) => `| ${line.map((cell, col) => cell.padEnd(widths[col])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [format(cells[0]), rule, ...cells.slice(1).map(format)].join('\n');
}

/** Progress for the person watching: stderr, so stdout carries only the table. */
export function progress(message) {
  process.stderr.write(`[bench] ${message}\n`);
}
