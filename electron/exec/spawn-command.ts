import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { CapturedOutput } from './capture.js';
import { LiveOutput } from './live-output.js';
import { killProcessGroup, trackProcessGroup, untrackProcessGroup } from './process-groups.js';
import type { ExecResult, OutputStream } from './request.js';

export const TIMEOUT_EXIT_CODE = 124;
/** After a command exits, how long stray holders of its pipes (daemons that left the group) may delay the result. */
export const PIPE_DRAIN_MS = 2_000;
/** The same after a timeout or interrupt, when the person is waiting for the turn to move on. */
export const KILLED_PIPE_DRAIN_MS = 100;

const MAX_TIMER_MS = 2 ** 31 - 1;

export function timeoutNotice(timeoutMs: number): string {
  return `command timed out after ${timeoutMs} milliseconds\n`;
}

/** A command ready to start: already wrapped for its sandbox, so this layer knows nothing of sandboxes. */
export interface SpawnSpec {
  /** Non-empty. */
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  onOutput?: ((stream: OutputStream, chunk: string) => void) | undefined;
  /** Called once the command is running, with its pid (which is also its process group id). */
  onSpawn?: ((pid: number) => void) | undefined;
  /** Called with the size of every chunk read from the command's pipes. */
  onRead?: ((bytes: number) => void) | undefined;
}

/** What the command did; the caller adds how long it took and whether it was sandboxed. */
export type CommandOutcome = Omit<ExecResult, 'durationMs' | 'sandboxed'>;

export function emptyOutcome(exitCode: number, aborted: boolean, message = ''): CommandOutcome {
  return { exitCode, stdout: '', stderr: message, aggregatedOutput: message, timedOut: false, aborted, droppedBytes: 0, outputLines: message ? 1 : 0 };
}

export const ABORTED_BEFORE_START_EXIT_CODE = 128 + osConstants.signals.SIGKILL;

/**
 * Runs one command to completion, timeout or interrupt, in this process, and returns its captured output.
 *
 * The child leads its own process group (detached), so a timeout or interrupt kills everything it
 * started with one signal. When the command ends, whatever it left running in its group is killed
 * too: nothing a command starts outlives it (the sandbox guarantees the same for sandboxed commands).
 */
export function spawnCommand(spec: SpawnSpec): Promise<CommandOutcome> {
  const [program, ...args] = spec.argv;
  if (!program) return Promise.reject(new TypeError('SpawnSpec.argv is empty'));
  if (spec.signal?.aborted) return Promise.resolve(emptyOutcome(ABORTED_BEFORE_START_EXIT_CODE, true));

  return new Promise((resolve) => {
    const live = spec.onOutput ? new LiveOutput(spec.onOutput) : undefined;
    const output = new CapturedOutput(live);
    let exitCode: number | undefined;
    let timedOut = false;
    let aborted = false;
    let finished = false;
    let drainTimer: NodeJS.Timeout | undefined;
    // setTimeout fires at once for delays past 2^31-1 ms; a longer timeout means "practically never".
    const commandTimer = setTimeout(() => onTimeout(), Math.min(spec.timeoutMs, MAX_TIMER_MS));

    const child = spawn(program, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pgid = child.pid;
    if (pgid !== undefined) {
      trackProcessGroup(pgid);
      spec.onSpawn?.(pgid);
    }

    const killGroup = (): void => {
      if (pgid !== undefined) killProcessGroup(pgid);
    };

    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(commandTimer);
      clearTimeout(drainTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      if (pgid !== undefined) untrackProcessGroup(pgid);
      // Stray holders of the pipes must not keep them (or us) alive once we stop listening.
      child.stdout?.destroy();
      child.stderr?.destroy();
      const text = output.finish();
      live?.end();
      resolve({
        exitCode: timedOut ? TIMEOUT_EXIT_CODE : (exitCode ?? -1),
        stdout: text.stdout,
        stderr: text.stderr,
        aggregatedOutput: timedOut ? timeoutNotice(spec.timeoutMs) + text.aggregated : text.aggregated,
        timedOut,
        aborted,
        droppedBytes: text.droppedBytes,
        outputLines: text.lines + (timedOut ? 1 : 0),
      });
    };

    const onTimeout = (): void => {
      timedOut = true;
      killGroup();
    };
    const onAbort = (): void => {
      aborted = true;
      killGroup();
      // The leader may already be gone with only stray pipe holders left: no reason to wait for them.
      if (exitCode !== undefined) finish();
    };

    spec.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => {
      spec.onRead?.(chunk.length);
      output.push('stdout', chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      spec.onRead?.(chunk.length);
      output.push('stderr', chunk);
    });

    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 + osConstants.signals[signal] : -1);
      clearTimeout(commandTimer);
      // Background jobs the command left in its group die with it.
      killGroup();
      if (pgid !== undefined) untrackProcessGroup(pgid);
      // 'close' follows once every holder of the pipes is gone; don't wait for ever for ones that escaped the group.
      drainTimer = setTimeout(finish, timedOut || aborted ? KILLED_PIPE_DRAIN_MS : PIPE_DRAIN_MS);
    });
    child.on('close', finish);

    child.on('error', (error: NodeJS.ErrnoException) => {
      // Only a failed spawn reaches here (we never use child.kill); there will be no 'exit'.
      if (finished || pgid !== undefined) return;
      finished = true;
      clearTimeout(commandTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      void spawnFailure(error, program, spec.cwd).then(({ exitCode: code, message }) => resolve(emptyOutcome(code, false, message)));
    });
  });
}

/** A shell's exit code and words for a command that could not start. */
async function spawnFailure(error: NodeJS.ErrnoException, program: string, cwd: string): Promise<{ exitCode: number; message: string }> {
  // Node reports a missing working directory as the program being missing, so look before blaming the program.
  const cwdExists = await stat(cwd).then((s) => s.isDirectory(), () => false);
  if (!cwdExists) return { exitCode: 127, message: `working directory does not exist: ${cwd}\n` };
  if (error.code === 'ENOENT') return { exitCode: 127, message: `${program}: command not found\n` };
  if (error.code === 'EACCES') return { exitCode: 126, message: `${program}: permission denied\n` };
  return { exitCode: 126, message: `${program}: could not start: ${error.message}\n` };
}
