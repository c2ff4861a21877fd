const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', '/bin/bash', '/bin/sh', '/bin/zsh', '/usr/bin/bash', '/usr/bin/zsh']);
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A command as the person would type it. `bash -lc 'script'` shows as the script, since that is what the
 * agent wrote; other argument lists are quoted so that the line could be pasted into a shell.
 */
export function formatCommand(argv: readonly string[]): string {
  const [program, flag, script] = argv;
  if (argv.length === 3 && program !== undefined && SHELLS.has(program) && (flag === '-lc' || flag === '-c') && script !== undefined) {
    return script;
  }
  return argv.map(quoteWord).join(' ');
}

function quoteWord(word: string): string {
  if (word === '') return "''";
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** One line, at most `max` characters, for the status line. */
export function shortCommand(argv: readonly string[], max = 48): string {
  const line = formatCommand(argv).replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
