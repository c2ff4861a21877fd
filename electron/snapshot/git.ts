import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface GitRun {
  /** Directory git runs in. */
  cwd: string;
  /** Extra environment on top of the cleaned process environment (GIT_INDEX_FILE, identity...). */
  env?: Record<string, string>;
  /** Written to git's stdin, then closed. */
  input?: string;
  /** Exit codes that are answers rather than failures (rev-parse --verify -q exits 1 for "no such ref"). */
  acceptExitCodes?: readonly number[];
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

// Variables that would point git at some other repository or index than the one we name. They leak in
// when Tandem itself is started from a git hook or an editor's terminal inside another repository.
const REPOSITORY_LOCATING_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_PREFIX',
  'GIT_NAMESPACE',
  'GIT_LITERAL_PATHSPECS',
  'GIT_GLOB_PATHSPECS',
  'GIT_NOGLOB_PATHSPECS',
  'GIT_ICASE_PATHSPECS',
];

function gitEnvironment(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPOSITORY_LOCATING_VARIABLES) delete env[name];
  // Never ask anyone anything (credentials, editors), and never take the user's index lock for an
  // opportunistic stat refresh.
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  return { ...env, ...extra };
}

// A diff of a large generated file can be big; anything past this is not something to show anyway.
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

interface RawGitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

function execGit(args: readonly string[], run: GitRun): Promise<RawGitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...args],
      { cwd: run.cwd, env: gitEnvironment(run.env), maxBuffer: MAX_OUTPUT_BYTES, encoding: 'buffer', windowsHide: true },
      (error, stdoutBytes, stderrBytes) => {
        const stderr = stderrBytes.toString('utf8');
        if (error === null) {
          resolve({ stdout: stdoutBytes, stderr, exitCode: 0 });
          return;
        }
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'number' && run.acceptExitCodes?.includes(code) === true) {
          resolve({ stdout: stdoutBytes, stderr, exitCode: code });
          return;
        }
        if (code === 'ENOENT') {
          // spawn says ENOENT both for a missing program and for a missing working directory.
          const message = existsSync(run.cwd) ? 'git is not installed or not on the PATH.' : `The folder ${run.cwd} does not exist.`;
          reject(new GitError(message, args, null, ''));
          return;
        }
        const command = `git ${args.find((arg, i) => !arg.startsWith('-') && args[i - 1] !== '-c') ?? ''}`.trim();
        const detail = stderr.trim() || error.message;
        reject(new GitError(`${command} failed: ${detail}`, args, typeof code === 'number' ? code : null, stderr));
      },
    );
    // An EPIPE when git exits before reading all of stdin is reported through the exit callback above.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(run.input ?? '');
  });
}

/**
 * Runs the real git binary with its output captured (never inherited, so nothing reaches the user's
 * terminal) and returns it; throws GitError when git fails or cannot be started.
 */
export async function runGit(args: readonly string[], run: GitRun): Promise<GitResult> {
  const result = await execGit(args, run);
  return { ...result, stdout: result.stdout.toString('utf8') };
}

/** As runGit, for output that is not text (blob contents). */
export async function runGitForBytes(args: readonly string[], run: GitRun): Promise<Buffer> {
  return (await execGit(args, run)).stdout;
}

/** Splits git's NUL-terminated output (-z) into its entries. */
export function splitNul(output: string): string[] {
  return output.split('\0').filter((entry) => entry !== '');
}
