// `npm run bench`: every benchmark in turn, Tandem and the Codex CLI side by side, one table on stdout, and the
// table with the date and the machine written into bench/RESULTS.md (between its markers).
//
//   node bench/run.mjs                     all of them
//   node bench/run.mjs turnaround flood    some of them
//   node bench/run.mjs --no-write          leave RESULTS.md alone
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loginShellFacts } from './lib/login-path.mjs';
import { ensurePeer } from './lib/peer.mjs';
import { progress, renderTable, row } from './lib/stats.mjs';

const BENCHMARKS = {
  turnaround: () => import('./turnaround.mjs'),
  memory: () => import('./memory.mjs'),
  flood: () => import('./flood.mjs'),
  window: () => import('./window.mjs'),
  'server-state': () => import('./server-state.mjs'),
  search: () => import('./search.mjs'),
  'big-repo': () => import('./big-repo.mjs'),
  startup: () => import('./startup.mjs'),
  'idle-sessions': () => import('./idle-sessions.mjs'),
};
const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';

function osName() {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) return pretty[1];
  } catch {
    // Not Linux, or no os-release.
  }
  return `${os.type()} ${os.release()}`;
}

function machine(loadBefore, loadAfter, login) {
  const cpus = os.cpus();
  const load = (values) => values.map((v) => v.toFixed(2)).join(' ');
  return [
    `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB`,
    `Node ${process.version}, ${osName()}`,
    `load average (1, 5, 15 min) ${load(loadBefore)} before, ${load(loadAfter)} after`,
    `a login shell ($SHELL -i -l) took ${Math.round(login.ms)} ms before the run${login.note && login.entries.length === 0 ? ` (${login.note})` : ''}`,
  ];
}

const args = process.argv.slice(2);
const write = !args.includes('--no-write');
const chosen = args.filter((arg) => !arg.startsWith('--'));
for (const name of chosen) {
  if (!(name in BENCHMARKS)) {
    process.stderr.write(`bench: no benchmark called ${name}; there are ${Object.keys(BENCHMARKS).join(', ')}\n`);
    process.exit(2);
  }
}
const names = chosen.length > 0 ? chosen : Object.keys(BENCHMARKS);

const loadBefore = os.loadavg();
const started = Date.now();
const login = await loginShellFacts();
if (login.ms > 5_000) {
  progress(`WARNING: a login shell takes ${(login.ms / 1000).toFixed(1)} s here; an rc file is probably waiting on a lock (pyenv's ~/.pyenv/shims/.pyenv-shim, say). Figures that start login shells will be off.`);
}
const peer = await ensurePeer();
progress(peer.available ? `peer: Codex CLI ${peer.version} (bench/.peer)` : `peer unavailable: ${peer.why}`);
const rows = [];
for (const name of names) {
  try {
    const { run } = await BENCHMARKS[name]();
    rows.push(...(await run({ peer })));
  } catch (error) {
    progress(`${name} failed: ${error.stack ?? error}`);
    rows.push(row(name, 'failed', String(error.message ?? error).slice(0, 120), ''));
  }
}
const lines = machine(loadBefore, os.loadavg(), login);
const date = new Date().toISOString().slice(0, 10);
const table = renderTable(rows);
process.stdout.write(`${table}\n\n${date}; ${lines.join('; ')}; ${((Date.now() - started) / 1000).toFixed(0)} s in all.\n`);

if (write && chosen.length === 0) {
  const section = [
    BEGIN,
    `Run on ${date} (${((Date.now() - started) / 1000).toFixed(0)} s in all). Peer: ${peer.available ? `Codex CLI ${peer.version}` : `unavailable (${peer.why})`}.`,
    '',
    ...lines.map((line) => `- ${line}`),
    '',
    table,
    END,
  ].join('\n');
  let text;
  try {
    text = readFileSync(RESULTS, 'utf8');
  } catch {
    text = `# Benchmark results\n\n${BEGIN}\n${END}\n`;
  }
  const from = text.indexOf(BEGIN);
  const to = text.indexOf(END);
  text = from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + END.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, text);
  progress('bench/RESULTS.md updated');
} else if (write) {
  progress('bench/RESULTS.md left alone (only a full run updates it)');
}
// Nothing of the benchmarks may keep the process alive.
process.exit(0);
