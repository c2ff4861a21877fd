import { existsSync } from 'node:fs';
import { looksLikeCredential, runProgramThroughHost, sandboxedEnvironment } from '../exec/index.js';
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

function gitEnvironment(extra: Record<string, string> | undefined, config: readonly ConfigOverride[]): Record<string, string> {
  const own: Record<string, string> = {};
  // Tandem's own credentials (the API key) and the desktop's sockets are nothing git needs here.
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !looksLikeCredential(name)) own[name] = value;
  }
  const env = sandboxedEnvironment(own);
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
  const argv = containArgv(['git', ...REPOSITORY_PROGRAMS_OFF, ...args], {
    kind,
    cwd: run.cwd,
    workTree: run.writes?.workTree,
    writable: run.writes?.folders ?? [],
  });
  // Started by the exec host (a small process of its own): a fork of this large one would stall its event loop.
  const result = await runProgramThroughHost({
    argv,
    cwd: run.cwd,
    env: gitEnvironment(run.env, run.config ?? []),
    input: Buffer.from(run.input ?? '', 'utf8'),
    maxOutputBytes: MAX_OUTPUT_BYTES,
  });
  const stderr = result.stderr.toString('utf8');
  if (result.exitCode === 0 && result.failure === undefined) return { stdout: result.stdout, stderr, exitCode: 0 };
  // bwrap exits 1 when it cannot set the sandbox up, which is also git's "no answer" for some commands: read as
  // that, a failed `config --list` would look like a repository naming no drivers, and later git would run them.
  if (kind === 'bwrap' && result.exitCode === 1 && /^bwrap: /m.test(stderr)) {
    throw new GitError(`The sandbox for git could not be set up: ${stderr.trim()}`, args, 1, stderr);
  }
  if (result.exitCode !== null && run.acceptExitCodes?.includes(result.exitCode) === true) return { stdout: result.stdout, stderr, exitCode: result.exitCode };
  if (result.failure?.code === 'ENOENT' || /execvp git: No such file/.test(stderr)) {
    // spawn says ENOENT both for a missing program and for a missing working directory.
    const message = existsSync(run.cwd) ? 'git is not installed or not on the PATH.' : `The folder ${run.cwd} does not exist.`;
    throw new GitError(message, args, null, '');
  }
  const command = `git ${args.find((arg, i) => !arg.startsWith('-') && args[i - 1] !== '-c') ?? ''}`.trim();
  const ending = result.exitCode !== null ? `exited with code ${result.exitCode}` : result.signal !== null ? `was killed by ${result.signal}` : 'failed';
  const detail = stderr.trim() || result.failure?.message || ending;
  throw new GitError(`${command} failed: ${detail}`, args, result.exitCode, stderr);
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
