import { randomUUID } from 'node:crypto';
import type { Event, EventMsg, Op, OpOf, Submission, TokenUsage } from '../../shared/protocol/index.js';
import { loadShellParser } from '../approval/index.js';
import { commandEnvironment, resolveLoginEnvironment, userShell } from '../exec/index.js';
import { detectSandbox, type SandboxKind } from '../sandbox/index.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, resolveOptions, type ResolvedOptions, type SessionOptions, type TurnSettings } from './config.js';
import { History } from './history/history.js';
import { ModelClient } from './model/client.js';
import { BASE_INSTRUCTIONS } from './prompt/instructions.js';
import { contextMessage, permissionsMessage } from './prompt/context.js';
import { loadProjectInstructions } from './prompt/agents-md.js';
import { AsyncQueue } from './queue.js';
import { PendingApprovals } from './tools/approvals.js';
import type { ToolContext } from './tools/context.js';
import { Turn, type TurnHost } from './turn.js';

/**
 * The login shell's environment, resolved once and shared by every session of this process: a login
 * shell can take a second to start, and commands then spawn directly with its environment.
 */
const loginEnvironments = new Map<string, ReturnType<typeof resolveLoginEnvironment>>();
function loginEnvironment(shell: string): ReturnType<typeof resolveLoginEnvironment> {
  let pending = loginEnvironments.get(shell);
  if (!pending) {
    pending = resolveLoginEnvironment(shell);
    loginEnvironments.set(shell, pending);
  }
  return pending;
}

const ZERO_USAGE: TokenUsage = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}

/**
 * One conversation with the agent in one folder: `submit(op)` in, an ordered stream of events out.
 * Ops are handled in order by one loop; a turn runs beside that loop, so approvals and interrupts reach
 * it while it works. Sessions share nothing, so many run in one process without blocking each other.
 */
export class Session implements TurnHost {
  readonly sessionId: string;
  readonly history = new History();
  private readonly events = new AsyncQueue<Event>();
  private readonly ops = new AsyncQueue<Submission & { id: string }>();
  private readonly approvals = new PendingApprovals();
  private readonly approvedCommands = new Set<string>();
  private readonly approvedPatchFiles = new Set<string>();
  private current: TurnSettings;
  private modelClient: ModelClient | null = null;
  private activeTurn: Turn | null = null;
  private nextSubmission = 0;
  private totalUsage: TokenUsage = ZERO_USAGE;
  private readonly loop: Promise<void>;

  private constructor(
    private readonly options: ResolvedOptions,
    private readonly commandEnv: Record<string, string>,
    private readonly shellPath: string,
    private readonly sandboxKind: SandboxKind,
  ) {
    this.sessionId = randomUUID();
    this.current = {
      cwd: options.cwd,
      model: options.model,
      effort: options.effort,
      approvalPolicy: options.approvalPolicy,
      sandboxPolicy: options.sandboxPolicy,
    };
    this.loop = this.runLoop();
  }

  /** Opens a session: resolves the login environment and the sandbox once, then announces itself. */
  static async create(options: SessionOptions): Promise<Session> {
    const resolved = resolveOptions(options);
    const shell = userShell();
    const [login, sandbox, agentsMd] = await Promise.all([
      loginEnvironment(shell.path),
      detectSandbox(),
      loadProjectInstructions(resolved.cwd, resolved.home),
      loadShellParser(),
    ]);
    const session = new Session(resolved, commandEnvironment(login.env), shell.path, sandbox.kind);
    session.history.record(
      permissionsMessage({
        approvalPolicy: resolved.approvalPolicy,
        sandboxPolicy: resolved.sandboxPolicy,
        sandboxAvailable: sandbox.kind !== 'none',
        writableRoots: resolved.writableRoots,
      }),
      contextMessage(agentsMd, {
        cwd: resolved.cwd,
        approvalPolicy: resolved.approvalPolicy,
        sandboxPolicy: resolved.sandboxPolicy,
        shell: shell.name,
        now: new Date(),
      }),
    );
    session.emit('0', {
      type: 'session_configured',
      session_id: session.sessionId,
      model: resolved.model,
      reasoning_effort: resolved.effort,
      cwd: resolved.cwd,
      approval_policy: resolved.approvalPolicy,
      sandbox_policy: resolved.sandboxPolicy,
      rollout_path: null,
    });
    if (sandbox.warning && resolved.sandboxPolicy.mode !== 'danger-full-access') session.emit('0', { type: 'warning', message: sandbox.warning });
    if (login.warning) session.emit('0', { type: 'warning', message: login.warning });
    return session;
  }

  /** Queues an op and returns the id its events will carry. */
  submit(op: Op, id?: string): string {
    const subId = id ?? `sub-${++this.nextSubmission}`;
    this.ops.push({ id: subId, op });
    return subId;
  }

  /** The next event, or null once the session has shut down and every event was read. */
  async nextEvent(): Promise<Event | null> {
    const next = await this.events.next();
    return next.done ? null : next.value;
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    return this.events[Symbol.asyncIterator]();
  }

  /** Resolves when the session has shut down. */
  get closed(): Promise<void> {
    return this.loop;
  }

  emit(id: string, msg: EventMsg): void {
    this.events.push({ id, msg });
  }

  settings(): TurnSettings {
    return this.current;
  }

  client(): ModelClient | null {
    if (!this.options.apiKey) return null;
    this.modelClient ??= new ModelClient({ apiKey: this.options.apiKey, baseURL: this.options.baseUrl });
    return this.modelClient;
  }

  instructions(): string {
    return BASE_INSTRUCTIONS;
  }

  noteUsage(usage: TokenUsage): void {
    this.totalUsage = addUsage(this.totalUsage, usage);
    this.emit(this.activeTurn?.subId ?? '0', {
      type: 'token_count',
      info: { total_token_usage: this.totalUsage, last_token_usage: usage, model_context_window: this.options.contextWindow ?? null },
    });
  }

  async beforeSample(_turn: Turn): Promise<void> {}

  toolContext(turn: Turn, emit: (msg: EventMsg) => void): ToolContext {
    return {
      settings: this.current,
      emit,
      approvals: this.approvals,
      approvedCommands: this.approvedCommands,
      approvedPatchFiles: this.approvedPatchFiles,
      signal: turn.signal,
      abortTurn: () => turn.interrupt(),
      commandEnv: this.commandEnv,
      shellPath: this.shellPath,
      sandboxKind: this.sandboxKind,
      writableRoots: this.options.writableRoots,
      commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
      notePatchedFile: () => {},
    };
  }

  private async runLoop(): Promise<void> {
    for await (const submission of this.ops) {
      try {
        const stop = await this.handle(submission.id, submission.op);
        if (stop) break;
      } catch (err) {
        this.emit(submission.id, { type: 'error', message: `${submission.op.type} failed: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    this.ops.close();
    this.events.close();
  }

  /** One handler per op; returns true when the session should end. */
  private async handle(id: string, op: Op): Promise<boolean> {
    switch (op.type) {
      case 'user_input':
        this.onUserInput(id, op);
        return false;
      case 'exec_approval':
      case 'patch_approval': {
        const kind = op.type === 'exec_approval' ? 'exec' : 'patch';
        if (!this.approvals.answer(kind, op.id, op.decision)) {
          this.emit(id, { type: 'error', message: `No ${kind === 'exec' ? 'command' : 'patch'} approval is pending with id ${op.id}; the answer was ignored.` });
        }
        return false;
      }
      case 'interrupt':
        this.activeTurn?.interrupt();
        return false;
      case 'undo':
      case 'thread_rollback':
      case 'compact':
        this.emit(id, { type: 'error', message: `${op.type} is not available yet.` });
        return false;
      case 'override_turn_context':
        this.onOverride(op);
        return false;
      case 'shutdown':
        if (this.activeTurn) {
          this.activeTurn.interrupt();
          await this.activeTurn.done;
        }
        this.emit(id, { type: 'shutdown_complete' });
        return true;
    }
  }

  private onUserInput(id: string, op: OpOf<'user_input'>): void {
    if (this.activeTurn) {
      this.activeTurn.queueInput(op.items);
      return;
    }
    const turn = new Turn(this, id, op.items);
    this.activeTurn = turn;
    void turn.run().finally(() => {
      if (this.activeTurn === turn) this.activeTurn = null;
    });
  }

  private onOverride(op: OpOf<'override_turn_context'>): void {
    this.current = {
      cwd: op.cwd ?? this.current.cwd,
      model: op.model ?? this.current.model,
      effort: op.effort ?? this.current.effort,
      approvalPolicy: op.approval_policy ?? this.current.approvalPolicy,
      sandboxPolicy: op.sandbox_policy ?? this.current.sandboxPolicy,
    };
  }
}
