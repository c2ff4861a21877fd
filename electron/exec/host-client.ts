import type { AgentMessage, HostMessage } from './host-protocol.js';
import { childProcessLauncher } from './host-child.js';
import { execHostScript } from './host-script.js';
import type { ExecHostLauncher, ExecHostTransport } from './host-transport.js';
import { killProcessGroup, trackProcessGroup, untrackProcessGroup } from './process-groups.js';
import { asBuffer, runProgram, type ProgramResult, type ProgramRun } from './program-run.js';
import type { OutputStream } from './request.js';
import { ABORTED_BEFORE_START_EXIT_CODE, emptyOutcome, spawnCommand, type CommandOutcome, type SpawnSpec } from './spawn-command.js';

export interface ExecHostStatus {
  /**
   * 'idle': no host yet (one starts with the first command, or warmExecHost()); 'starting'; 'running';
   * 'in-process': the host could not start, so commands run inside this process from now on.
   */
  state: 'idle' | 'starting' | 'running' | 'in-process';
  /** The host's process id while it starts or runs. */
  pid?: number;
  /** For 'in-process', why, in words for the person; otherwise why the last host stopped, if one did. */
  reason?: string;
  /** Hosts started after the first because one stopped. */
  restarts: number;
}

/** Longer than any healthy start (about 40 ms here), short enough that a wedged host is noticed. */
export const HOST_READY_TIMEOUT_MS = 10_000;
const STDERR_TAIL_CHARS = 2_000;

/** A command the host never received because the host failed before it was ready: safe to run here instead. */
const NOT_STARTED = Symbol('not started');
type JobOutcome = CommandOutcome | typeof NOT_STARTED;

interface Job {
  onOutput: ((stream: OutputStream, chunk: string) => void) | undefined;
  signal: AbortSignal | undefined;
  pgid?: number;
  abortRequested: boolean;
  settle(outcome: JobOutcome): void;
  fail(error: Error): void;
}

/** One exec host process and the commands it is running for us. */
class HostConnection {
  ready = false;
  gone = false;
  /** Settles once the host is ready or gone, whichever comes first. */
  readonly settled: Promise<void>;
  private readonly transport: ExecHostTransport;
  private readonly jobs = new Map<number, Job>();
  /** Tandem's own programs (git) the host is running for us. */
  private readonly programs = new Map<number, (result: ProgramResult | typeof NOT_STARTED) => void>();
  private nextId = 1;
  private stderrTail = '';
  private reportedPid: number | undefined;
  private readonly readyTimer: NodeJS.Timeout;
  private settle!: () => void;

  constructor(
    script: string,
    launcher: ExecHostLauncher,
    private readonly onGone: (host: HostConnection, reason: string) => void,
  ) {
    this.settled = new Promise((resolve) => (this.settle = resolve));
    this.readyTimer = setTimeout(() => this.stop(`did not start within ${HOST_READY_TIMEOUT_MS / 1000} s`), HOST_READY_TIMEOUT_MS).unref();
    try {
      this.transport = launcher(script, {
        message: (message) => this.receive(message),
        stderr: (text) => (this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS)),
        gone: (reason) => this.lose(reason),
      });
    } catch (error) {
      clearTimeout(this.readyTimer);
      throw error;
    }
    this.updateRef();
  }

  get pid(): number | undefined {
    return this.transport.pid ?? this.reportedPid;
  }

  run(spec: SpawnSpec): Promise<JobOutcome> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const job: Job = {
        onOutput: spec.onOutput,
        signal: spec.signal,
        abortRequested: false,
        settle: (outcome) => {
          spec.signal?.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
        fail: (error) => {
          spec.signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = (): void => {
        job.abortRequested = true;
        this.send({ type: 'abort', id });
        // Killed from here too: the interrupt then waits on no other process being scheduled.
        if (job.pgid !== undefined) killProcessGroup(job.pgid);
      };
      this.jobs.set(id, job);
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      this.send({ type: 'run', id, argv: spec.argv, cwd: spec.cwd, env: spec.env, timeoutMs: spec.timeoutMs, live: spec.onOutput !== undefined });
      this.updateRef();
    });
  }

  runProgram(run: ProgramRun): Promise<ProgramResult | typeof NOT_STARTED> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.programs.set(id, resolve);
      this.send({ type: 'program', id, argv: run.argv, cwd: run.cwd, env: run.env, input: run.input, maxOutputBytes: run.maxOutputBytes });
      this.updateRef();
    });
  }

  /** Gives up on the host: kills it and settles its jobs. */
  stop(reason: string): void {
    if (this.gone) return;
    // Before the transport exists (a launcher that failed at once) there is nothing to kill.
    this.transport?.kill();
    this.lose(reason);
  }

  private send(message: AgentMessage): void {
    if (!this.gone) this.transport.send(message);
  }

  private receive(message: HostMessage): void {
    switch (message.type) {
      case 'ready':
        this.reportedPid = message.pid;
        this.ready = true;
        clearTimeout(this.readyTimer);
        this.settle();
        this.updateRef();
        return;
      case 'spawned': {
        const job = this.jobs.get(message.id);
        if (!job) return;
        job.pgid = message.pid;
        // Tracked here too, so that this process exiting kills the command at once, host or no host.
        trackProcessGroup(message.pid);
        return;
      }
      case 'output': {
        const onOutput = this.jobs.get(message.id)?.onOutput;
        try {
          onOutput?.(message.stream, message.chunk);
        } catch (error) {
          // The caller's bug, not the host's: surface it as running in-process would, and keep reading frames.
          process.nextTick(() => {
            throw error;
          });
        }
        return;
      }
      case 'done': {
        const job = this.jobs.get(message.id);
        if (!job) return;
        this.jobs.delete(message.id);
        if (job.pgid !== undefined) untrackProcessGroup(job.pgid);
        const outcome = message.aggregatedIsStdout ? { ...message.outcome, aggregatedOutput: message.outcome.stdout } : message.outcome;
        // The host may have seen the command die of our kill before it read the abort.
        if (job.abortRequested) outcome.aborted = true;
        job.settle(outcome);
        this.updateRef();
        return;
      }
      case 'program_done': {
        const settle = this.programs.get(message.id);
        if (!settle) return;
        this.programs.delete(message.id);
        const { result } = message;
        settle({ ...result, stdout: asBuffer(result.stdout), stderr: asBuffer(result.stderr) });
        this.updateRef();
        return;
      }
      case 'failed': {
        const job = this.jobs.get(message.id);
        if (!job) return;
        this.jobs.delete(message.id);
        job.fail(new Error(message.message));
        this.updateRef();
        return;
      }
    }
  }

  private lose(reason: string): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.readyTimer);
    const detail = this.stderrTail.trim().split('\n').at(-1);
    const fullReason = detail ? `${reason}: ${detail}` : reason;
    for (const job of this.jobs.values()) {
      if (job.pgid !== undefined) {
        // The host can no longer stop what it started: an unsandboxed command would run on as an orphan.
        killProcessGroup(job.pgid);
        untrackProcessGroup(job.pgid);
      }
      job.settle(this.ready ? hostLostOutcome(fullReason, job.signal?.aborted === true) : NOT_STARTED);
    }
    this.jobs.clear();
    for (const settle of this.programs.values()) settle(this.ready ? hostLostProgram(fullReason) : NOT_STARTED);
    this.programs.clear();
    this.settle();
    this.onGone(this, fullReason);
  }

  /** Keeps this process alive while commands run or the host is starting, never once it idles. */
  private updateRef(): void {
    if (this.gone) return;
    this.transport.keepAlive(!this.ready || this.jobs.size > 0 || this.programs.size > 0);
  }
}

function hostLostOutcome(reason: string, aborted: boolean): CommandOutcome {
  return emptyOutcome(-1, aborted, `the command was stopped because Tandem's command runner (exec host) ${reason}\n`);
}

function hostLostProgram(reason: string): ProgramResult {
  // Whatever the program did is unknown; the caller reports it failed, as for a crash of its own.
  return { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: null, signal: null, failure: { code: null, message: `Tandem's command runner (exec host) ${reason}` } };
}

let launcher: ExecHostLauncher = childProcessLauncher;
let current: HostConnection | undefined;
let starting: Promise<HostConnection | undefined> | undefined;
let hostsStarted = 0;
/** Set once the host could not start: commands run in this process from then on. */
let inProcessReason: string | undefined;
let lastStopReason: string | undefined;

function inProcessExplanation(why: string): string {
  return `Commands run inside Tandem's own process because its command runner could not start (${why}): each command starts more slowly, and a command without a sandbox may outlive Tandem if Tandem is killed.`;
}

function onHostGone(host: HostConnection, reason: string): void {
  if (current === host) current = undefined;
  if (host.ready) lastStopReason = `the exec host ${reason}`;
  else inProcessReason ??= inProcessExplanation(`it ${reason}`);
}

async function startHost(): Promise<HostConnection | undefined> {
  let script: string;
  try {
    script = await execHostScript();
  } catch (error) {
    inProcessReason ??= inProcessExplanation((error as Error).message);
    return undefined;
  }
  try {
    current = new HostConnection(script, launcher, onHostGone);
  } catch (error) {
    inProcessReason ??= inProcessExplanation(`it could not start: ${(error as Error).message}`);
    return undefined;
  }
  hostsStarted++;
  return current;
}

/** The live host, starting one if there is none; undefined when commands run in this process. */
function connectedHost(): Promise<HostConnection | undefined> {
  if (inProcessReason !== undefined) return Promise.resolve(undefined);
  if (current && !current.gone) return Promise.resolve(current);
  starting ??= startHost().finally(() => (starting = undefined));
  return starting;
}

/**
 * How exec hosts are started from now on: the desktop app passes its utility-process launcher before the first
 * command; everything else keeps the default, a Node child.
 */
export function useExecHostLauncher(next: ExecHostLauncher): void {
  launcher = next;
}

/** Runs a command in the exec host, or in this process when the host cannot start. */
export async function runThroughHost(spec: SpawnSpec): Promise<CommandOutcome> {
  const host = await connectedHost();
  if (spec.signal?.aborted) return emptyOutcome(ABORTED_BEFORE_START_EXIT_CODE, true);
  if (host) {
    const outcome = await host.run(spec);
    if (outcome !== NOT_STARTED) return outcome;
  }
  return spawnCommand(spec);
}

/**
 * Runs one of Tandem's own programs (git) in the exec host, so that its fork is the small host's and never blocks
 * this process's event loop; in this process when the host cannot start.
 */
export async function runProgramThroughHost(run: ProgramRun): Promise<ProgramResult> {
  const host = await connectedHost();
  if (host) {
    const result = await host.runProgram(run);
    if (result !== NOT_STARTED) return result;
  }
  return runProgram(run);
}

/** Starts the exec host now, so that the first command does not wait for it; resolves once it is ready or failed. */
export async function warmExecHost(): Promise<ExecHostStatus> {
  const host = await connectedHost();
  await host?.settled;
  return execHostStatus();
}

/** Whether commands run in the exec host, and if not, why. */
export function execHostStatus(): ExecHostStatus {
  const restarts = Math.max(0, hostsStarted - 1);
  if (inProcessReason !== undefined) return { state: 'in-process', reason: inProcessReason, restarts };
  const why = lastStopReason === undefined ? {} : { reason: lastStopReason };
  if (current && !current.gone) {
    return { state: current.ready ? 'running' : 'starting', ...(current.pid === undefined ? {} : { pid: current.pid }), ...why, restarts };
  }
  return { state: starting ? 'starting' : 'idle', ...why, restarts };
}
