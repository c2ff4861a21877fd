// Recognising which program an argv runs, and `bash -lc SCRIPT` style invocations.

// Only where the system keeps its programs: `./cat` or `tools/ls` may be anything the project
// (or the model) put there, so a path elsewhere does not name the program it looks like.
const SYSTEM_PROGRAM = /^\/(?:usr\/(?:local\/)?|opt\/homebrew\/)?bin\/([^/]+)$/;

/**
 * The program an argv[0] runs, by name: a bare name (`ls`) or a system path (`/usr/bin/ls`)
 * gives `ls`; any other path gives null.
 */
export function programName(program: string): string | null {
  if (program.length === 0) return null;
  if (!program.includes('/')) return program;
  const match = SYSTEM_PROGRAM.exec(program);
  return match?.[1] ?? null;
}

/** The last component of any path, for checks that would rather over-match (the danger check). */
export function programBaseName(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

export const SCRIPT_SHELLS: ReadonlySet<string> = new Set(['bash', 'zsh', 'sh']);

/**
 * The script of `[bash|zsh|sh, -c|-lc, SCRIPT]`, the form the model's shell tool uses; null for
 * any other argv. Extra arguments after the script (which would become $0, $1...) do not match.
 */
export function shellScript(argv: readonly string[]): string | null {
  if (argv.length !== 3) return null;
  const [shell, flag, script] = argv as [string, string, string];
  const name = programName(shell);
  if (name === null || !SCRIPT_SHELLS.has(name)) return null;
  if (flag !== '-c' && flag !== '-lc') return null;
  return script;
}
