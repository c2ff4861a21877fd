import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
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
 * Prints the environment between two markers, so whatever the rc files print around it is ignored. `env -0`
 * separates entries with NUL, since values may hold newlines; an `env` without -0 (macOS before 13, some BSDs)
 * prints one entry a line instead. No Node is needed, so Electron need not act as Node (ELECTRON_RUN_AS_NODE,
 * which the packaged app's fuses turn off).
 */
function printEnvCommand(begin: string, end: string): string {
  return `printf '%s' ${shellQuote(begin)}; env -0 2>/dev/null || env; printf '%s' ${shellQuote(end)}`;
}

/** NAME=value entries, NUL-separated, or one a line when env had no -0 (then a line that starts with no NAME= continues the value before it; exported bash functions' bodies do). */
export function parseEnvOutput(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (text.includes('\0')) {
    for (const entry of text.split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return env;
  }
  let last: string | undefined;
  for (const line of text.split('\n')) {
    const name = /^([^\s=]+)=/.exec(line)?.[1];
    if (name !== undefined) {
      env[name] = line.slice(name.length + 1);
      last = name;
    } else if (last !== undefined && line !== '') {
      env[last] += `\n${line}`;
    }
  }
  return env;
}

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
  const script = printEnvCommand(begin, end);
  const base = ownEnvironment();
  const fallback = (reason: string): LoginEnvironment => ({
    env: base,
    warning: `Could not read your login shell's environment (${reason}); commands use Tandem's own environment, so tools your shell adds to PATH may be missing.`,
  });

  let result: ProbeResult;
  try {
    result = await runProbe([shell, ...loginShellFlags(shellName), script], {
      cwd: process.env.HOME || '/',
      env: base,
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

  const env = parseEnvOutput(result.stdout.slice(from + begin.length, to));
  for (const name of PROBE_SHELL_VARIABLES) delete env[name];
  if (!env.PATH) return fallback(`${shell} reported no PATH`);
  return { env };
}

interface ProbeResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs the login shell once. On timeout it stops waiting but never kills the shell: rc files are often in
 * the middle of something that must not be cut short (pyenv's rehash holds a lock that a killed shell
 * leaves behind, and every later shell on the machine then waits a minute for it). The shell runs
 * detached and unreferenced, so it finishes on its own without holding Tandem open.
 */
function runProbe(argv: string[], options: { cwd: string; env: Record<string, string> }): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = argv;
    const child = spawn(program!, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const settle = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      child.unref();
      // The pipes are sockets; unreferenced, they no longer keep Tandem's event loop alive either.
      (child.stdout as unknown as Socket).unref();
      (child.stderr as unknown as Socket).unref();
      settle({ exitCode: -1, stdout: '', stderr: '', timedOut: true });
    }, LOGIN_SHELL_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      // Only the last words matter for a message; rc files can be chatty.
      err.push(chunk);
      if (err.length > 64) err.shift();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
    child.once('close', (code, signal) => {
      settle({
        exitCode: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut: false,
      });
    });
  });
}

