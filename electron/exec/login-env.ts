import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { runCommand } from './run.js';
import { userShell } from './shell.js';

export interface LoginEnvironment {
  env: Record<string, string>;
  /** Why the login shell's environment could not be used (then `env` is Tandem's own). */
  warning?: string;
}

export const LOGIN_SHELL_TIMEOUT_MS = 5_000;

/** Variables that describe the probe shell itself rather than the person's environment. */
const PROBE_SHELL_VARIABLES = ['PWD', 'OLDPWD', 'SHLVL', '_'];

/*
 * Prints the environment NUL-separated (values may hold newlines) between two markers, so whatever
 * the rc files print around it is ignored. Node (or Electron acting as Node) does the printing
 * because `env -0` is not portable.
 */
const PRINT_ENV_SCRIPT =
  "const [b,e]=process.argv.slice(1);process.stdout.write(b+Object.entries(process.env).map(([k,v])=>k+'='+v).join('\\0')+e)";

/** The flags that make this shell read the files a terminal would (login and interactive rc files). */
function loginShellFlags(shellName: string): string[] {
  switch (shellName) {
    case 'bash':
    case 'zsh':
    case 'fish':
    case 'ksh':
    case 'mksh':
      // Interactive too: version managers (nvm, pyenv...) usually extend PATH in .bashrc/.zshrc only.
      return ['-i', '-l', '-c'];
    case 'tcsh':
    case 'csh':
      return ['-i', '-c'];
    default:
      return ['-l', '-c'];
  }
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

function ownEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return env;
}

/**
 * The environment a terminal would give the person: a desktop app started from a dock or launcher
 * gets a minimal PATH, so run their login shell once and read its environment. Never throws: on any
 * failure it returns Tandem's own environment and says why.
 */
export async function resolveLoginEnvironment(shell: string = userShell().path): Promise<LoginEnvironment> {
  const shellName = path.basename(shell);
  const begin = `__TANDEM_ENV_BEGIN_${randomUUID()}__`;
  const end = `__TANDEM_ENV_END_${randomUUID()}__`;
  const script = [process.execPath, '-e', PRINT_ENV_SCRIPT, begin, end].map(shellQuote).join(' ');
  const base = ownEnvironment();
  const fallback = (reason: string): LoginEnvironment => ({
    env: base,
    warning: `Could not read your login shell's environment (${reason}); commands use Tandem's own environment, so tools your shell adds to PATH may be missing.`,
  });

  let result;
  try {
    result = await runCommand({
      argv: [shell, ...loginShellFlags(shellName), script],
      cwd: process.env.HOME || '/',
      timeoutMs: LOGIN_SHELL_TIMEOUT_MS,
      // Makes Electron's binary behave as Node for the printer; plain Node ignores it.
      env: { ...base, ELECTRON_RUN_AS_NODE: '1' },
      sandbox: { mode: 'danger-full-access' },
      sandboxKind: 'none',
      writableRoots: [],
    });
  } catch (error) {
    return fallback(`${shell}: ${(error as Error).message}`);
  }
  if (result.timedOut) return fallback(`${shell} took longer than ${LOGIN_SHELL_TIMEOUT_MS / 1000} s`);

  const from = result.stdout.indexOf(begin);
  const to = result.stdout.indexOf(end, from + begin.length);
  if (from < 0 || to < 0) {
    const detail = result.stderr.trim().split('\n').at(-1) ?? '';
    return fallback(`${shell} exited with ${result.exitCode}${detail ? `: ${detail}` : ''}`);
  }

  const env: Record<string, string> = {};
  for (const entry of result.stdout.slice(from + begin.length, to).split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  for (const name of PROBE_SHELL_VARIABLES) delete env[name];
  if (base.ELECTRON_RUN_AS_NODE === undefined) delete env.ELECTRON_RUN_AS_NODE;
  if (!env.PATH) return fallback(`${shell} reported no PATH`);
  return { env };
}
