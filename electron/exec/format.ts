import type { ExecResult } from './request.js';

/** Lines as Rust's str::lines counts them: a final newline does not start another line. */
function countLines(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

/**
 * The command's result as the model reads it (Codex's freeform shell output). `truncatedOutput` is the
 * aggregated output after the caller's token budget; when that cut lines, the original count is given.
 */
export function formatExecOutputForModel(result: ExecResult, truncatedOutput: string): string {
  const sections = [`Exit code: ${result.exitCode}`, `Wall time: ${(result.durationMs / 1000).toFixed(1)} seconds`];
  const totalLines = countLines(result.aggregatedOutput);
  if (totalLines !== countLines(truncatedOutput)) sections.push(`Total output lines: ${totalLines}`);
  sections.push('Output:', truncatedOutput);
  return sections.join('\n');
}
