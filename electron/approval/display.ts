// How a command is shown to people (approval cards, command cells, the spinner).
import { shellScript } from './shell-invocation.js';

// Words made only of these need no quotes in any POSIX shell.
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

function shellQuote(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command line a person would type: the script itself for `bash|zsh|sh -c|-lc SCRIPT` (the
 * wrapper is how the tool runs it, not what the model asked for), otherwise the argv joined with
 * the quoting a shell needs to read it back.
 */
export function commandLineForDisplay(argv: readonly string[]): string {
  return shellScript(argv) ?? argv.map(shellQuote).join(' ');
}

/**
 * The same line as a one-element array, the shape of the protocol's `command: string[]` fields
 * when they are meant for display: a client joining the elements with spaces gets the line back.
 */
export function commandForDisplay(argv: readonly string[]): string[] {
  return [commandLineForDisplay(argv)];
}
