import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { looksLikeCredential, sandboxedEnvironment } from '../exec/index.js';
import { containArgv, detectSandbox } from '../sandbox/index.js';
import { REPOSITORY_PROGRAMS_OFF, configEnvironment, repositoryConfigOverrides, type ConfigOverride } from './hardening.js';

export interface GitRun {
  /** Directory git runs in. */
  cwd: string;
  /** Extra environment on top of the cleaned process environment (GIT_INDEX_FILE, identity...). */
  env?: Record<string, string>;
  /** Written to git's stdin, then closed. */
  input?: string;
  /** Exit codes that are answers rather than failures (rev-parse --verify -q exits 1 for "no such ref"). */
  acceptExitCodes?: readonly number[];
  /**
   * What this git may write; nothing when unset. git runs inside the sandbox whenever the machine has one,
   * so a program the repository names and the overrides below miss is still held in.
   */
  writes?: { workTree?: string; folders: readonly string[] } | undefined;
  /** Overrides that switch off the drivers this repository's own config names (see readDriverOverrides). */
  config?: readonly ConfigOverride[] | undefined;
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

function gitEnvironment(extra: Record<string, string> | undefined, config: readonly ConfigOverride[]): NodeJS.ProcessEnv {
  const own: Record<string, string> = {};
  // Tandem's own credentials (the API key) and the desktop's sockets are nothing git needs here.
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !looksLikeCredential(name)) own[name] = value;
  }
  const env: NodeJS.ProcessEnv = sandboxedEnvironment(own);
  for (const name of REPOSITORY_LOCATING_VARIABLES) delete env[name];
  // Never ask anyone anything (credentials, editors), and never take the user's index lock for an
  // opportunistic stat refresh.
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  return { ...env, ...extra, ...configEnvironment(config, env) };
}

// A diff of a large generated file can be big; anything past this is not something to show anyway.
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

interface RawGitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

async function execGit(args: readonly string[], run: GitRun): Promise<RawGitResult> {
  const { kind } = await detectSandbox();
  const [program = 'git', ...programArgs] = containArgv(['git', ...REPOSITORY_PROGRAMS_OFF, ...args], {
    kind,
    cwd: run.cwd,
    workTree: run.writes?.workTree,
    writable: run.writes?.folders ?? [],
  });
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      programArgs,
      { cwd: run.cwd, env: gitEnvironment(run.env, run.config ?? []), maxBuffer: MAX_OUTPUT_BYTES, encoding: 'buffer', windowsHide: true },
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
        if (code === 'ENOENT' || /execvp git: No such file/.test(stderr)) {
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

/**
 * What it takes to run git on this repository's work tree without running the drivers its own config
 * names: read afresh for each snapshot, diff or undo, since a command may have changed the config since.
 */
export async function readDriverOverrides(repoRoot: string): Promise<ConfigOverride[]> {
  // Reading config runs nothing; a repository without config answers 1.
  const listing = await runGit(['config', '--list', '--show-scope', '--name-only', '-z'], { cwd: repoRoot, acceptExitCodes: [1] });
  return repositoryConfigOverrides(listing.stdout);
}
