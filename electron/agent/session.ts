import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Event, EventMsg, Op, OpOf, ReplayedEventMsg, Submission, TokenUsage } from '../../shared/protocol/index.js';
import { loadShellParser } from '../approval/index.js';
import { commandEnvironment, resolveLoginEnvironment, userShell, warmExecHost } from '../exec/index.js';
import { broadFolderOf, describeBroadFolder, detectSandbox, type SandboxHiding, type SandboxKind } from '../sandbox/index.js';
import {
  NOTHING_TO_UNDO_MESSAGE,
  findRepositoryRoot,
  restoreFileFromSnapshot,
  restoreSnapshot,
  snapshotRepository,
  undoUnavailableMessage,
  type Snapshot,
} from '../snapshot/index.js';
import { SavedEvent, SessionLockedError, SessionRecorder, acquireSessionLock, type RecordableLine, type SessionHolder, type SessionLock } from '../store/index.js';
import { compactConversation } from './compact.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, defaultTandemHome, resolveOptions, type ResolvedOptions, type SessionOptions, type TurnSettings } from './config.js';
import { History } from './history/history.js';
import { messageText, outputFor, userMessage, type HistoryItem } from './history/items.js';
import { ABORTED_OUTPUT } from './history/history.js';
import { ModelClient } from './model/client.js';
import { AUTO_COMPACT_RATIO, contextWindowFor } from './models.js';
import { BASE_INSTRUCTIONS } from './prompt/instructions.js';
import { COMPACTION_SUMMARY_PREFIX, COMPACTION_WARNING } from './prompt/compaction.js';
import { contextMessage, permissionsMessage } from './prompt/context.js';
import { loadProjectInstructions } from './prompt/agents-md.js';
import { AsyncQueue } from './queue.js';
import { isRecordedEvent } from './recorded-events.js';
import { loadSession, parseSavedEvents, type ResumedEvent, type ResumedSession, type TurnSnapshot } from './resume.js';
import { READ_ONLY_NOTICE, readOnlyRefusal } from './read-only.js';
import { rollbackCut } from './rollback.js';
import { filePatch, revertFromDiff, revertedFileNote } from './revert-file.js';
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

/** What sandboxed commands must not see: Tandem's folders (the session's home and the default one) and the person's places. */
function sandboxHiding(tandemHome: string | null, hiddenPaths: readonly string[]): SandboxHiding {
  return { tandemHome, extraPaths: [defaultTandemHome({}), ...hiddenPaths] };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface SessionParts {
  options: ResolvedOptions;
  sessionId: string;
  loginEnv: Promise<Record<string, string>>;
  shellPath: string;
  sandboxKind: SandboxKind;
  recorder: SessionRecorder | null;
  snapshots: TurnSnapshot[];
  readOnly: boolean;
}

/**
 * One conversation with the agent in one folder: `submit(op)` in, an ordered stream of events out.
 * Ops are handled in order by one loop; a turn runs beside that loop, so approvals and interrupts reach
 * it while it works. Sessions share nothing, so many run in one process without blocking each other.
 */
export class Session implements TurnHost {
  readonly sessionId: string;
  /** Opened to look at a saved session: writes nothing and refuses every op that would. */
  readonly readOnly: boolean;
  readonly history = new History();
  private readonly options: ResolvedOptions;
  private readonly events = new AsyncQueue<Event>();
  private readonly ops = new AsyncQueue<Submission & { id: string }>();
  private readonly approvals = new PendingApprovals();
  private readonly approvedCommands = new Set<string>();
  private readonly approvedPatchFiles = new Set<string>();
  /** Settles once the login shell has been read; only commands wait for it, not the session or the model. */
  private readonly loginEnv: Promise<Record<string, string>>;
  /** The login environment less its secrets (bar the names passed through): what commands get. */
  private commandEnv: Promise<Record<string, string>>;
  private readonly shellPath: string;
  private readonly sandboxKind: SandboxKind;
  private readonly recorder: SessionRecorder | null;
  /** Undo snapshots, oldest first; undo takes the last. */
  private readonly snapshots: TurnSnapshot[];
  private resumedReplay: ResumedEvent[] | null = null;
  /** What each turn changed (its latest turn_diff) and the request that began it, by turn id: per-file revert works from these. */
  private readonly turnChanges = new Map<string, { diff: string; request: string | null }>();
  /** Turns whose files an undo put back: nothing of them is left to revert. */
  private readonly undoneTurns = new Set<string>();
  /** The person's words that began the turn running now (for the note a revert leaves the model). */
  private lastRequest: string | null = null;
  private current: TurnSettings;
  /** Tandem's folders (this session's home and the default one) and the person's extra secret places. */
  private hiding: SandboxHiding;
  private credentials: { apiKey: string | null; baseUrl: string | undefined };
  private modelClient: ModelClient | null = null;
  private activeTurn: Turn | null = null;
  private nextSubmission = 0;
  private totalUsage: TokenUsage = ZERO_USAGE;
  private recordingFailed = false;
  private readonly loop: Promise<void>;

  private constructor(parts: SessionParts) {
    this.options = parts.options;
    this.sessionId = parts.sessionId;
    this.readOnly = parts.readOnly;
    this.loginEnv = parts.loginEnv;
    this.commandEnv = this.loginEnv.then((env) => commandEnvironment(env, { passthrough: parts.options.envPassthrough }));
    this.shellPath = parts.shellPath;
    this.sandboxKind = parts.sandboxKind;
    this.recorder = parts.recorder;
    this.snapshots = parts.snapshots;
    this.credentials = { apiKey: parts.options.apiKey, baseUrl: parts.options.baseUrl };
    this.hiding = sandboxHiding(parts.options.home, parts.options.hiddenPaths);
    this.current = {
      cwd: parts.options.cwd,
      model: parts.options.model,
      effort: parts.options.effort,
      approvalPolicy: parts.options.approvalPolicy,
      sandboxPolicy: parts.options.sandboxPolicy,
      serverState: parts.options.serverState,
    };
    this.loop = this.runLoop();
  }

  /**
   * Opens a session, new or resumed: resolves the login environment and the sandbox once, then announces
   * itself with `session_configured` (carrying, on resume, the earlier events to redraw).
   */
  static async create(options: SessionOptions): Promise<Session> {
    let resolved = resolveOptions(options);
    const readOnly = options.readOnly === true;
    if (readOnly && !resolved.resumeId) throw new Error('Only a saved session can be opened read-only: give the id of the session to look at.');
    const newId = randomUUID();
    // A resumed session's lock is taken before the file is read, so that no other writer adds to it between
    // our reading and our writing. A new session's is taken with its first message, when its file is first
    // written (see SessionRecorder.deferred): until then no other process can know its id.
    const locking: { lock: SessionLock | null; warning?: string } = readOnly || !resolved.resumeId ? { lock: null } : lockForWriting(resolved, resolved.resumeId, options.holder);
    const lock = locking.lock;
    const unlockOnFailure = <T>(work: Promise<T>): Promise<T> =>
      work.catch((err: unknown) => {
        lock?.release();
        throw err;
      });
    // The probes (a login shell, a sandbox run) are child processes and the shell parser compiles off the main
    // thread: started before a resumed session's file is read and parsed, they are ready when it is.
    const shell = userShell();
    const login = loginEnvironment(shell.path);
    const ready = Promise.all([detectSandbox(), loadShellParser()]);
    ready.catch(() => undefined);
    const resumed = resolved.resumeId ? await unlockOnFailure(loadResumedOrThrow(resolved)) : null;
    if (resumed) resolved = { ...resolved, cwd: resumed.meta.cwd };
    const [[sandbox], agentsMd] = await unlockOnFailure(Promise.all([ready, resumed ? Promise.resolve(null) : loadProjectInstructions(resolved.cwd, resolved.home)]));

    const sessionId = resumed?.meta.session_id ?? newId;
    // Set once the session exists; a deferred recorder takes its lock only later.
    let tell: (message: string) => void = () => undefined;
    const takeLock = (): SessionLock | null => {
      const taken = lockForWriting(resolved, sessionId, options.holder);
      if (taken.warning) tell(taken.warning);
      return taken.lock;
    };
    const recorder: ReturnType<typeof openRecorder> = readOnly ? { recorder: null } : openRecorder(resolved, sessionId, resumed, lock, takeLock);
    const session = new Session({
      options: resolved,
      sessionId,
      loginEnv: login.then((resolvedLogin) => resolvedLogin.env),
      shellPath: shell.path,
      sandboxKind: sandbox.kind,
      recorder: recorder.recorder,
      snapshots: resumed?.snapshots ?? [],
      readOnly,
    });
    // Not recorded: the warning is about the file, which is being written at that moment.
    tell = (message) => session.events.push({ id: '0', msg: { type: 'warning', message } });

    if (resumed) {
      for (const msg of resumed.events) if (!(msg instanceof SavedEvent)) session.noteTurnEvent(msg);
      session.history.replace(resumed.history);
      if (resumed.chain && resumed.chain.items <= session.history.length) {
        session.chain = { ...resumed.chain, revision: session.history.revision };
      }
    }
    session.history.observer = {
      recorded: (items) => items.forEach((item) => session.record({ type: 'response_item', item })),
      replaced: (items) => session.record({ type: 'compacted', replacement_history: items }),
    };
    const permissions = permissionsMessage({
      approvalPolicy: resolved.approvalPolicy,
      sandboxPolicy: resolved.sandboxPolicy,
      sandboxAvailable: sandbox.kind !== 'none',
      writableRoots: resolved.writableRoots,
    });
    if (!resumed) {
      session.history.record(
        permissions,
        contextMessage(agentsMd, { cwd: resolved.cwd, approvalPolicy: resolved.approvalPolicy, sandboxPolicy: resolved.sandboxPolicy, shell: shell.name, now: new Date() }),
      );
    } else if (resumed.meta.approval_policy !== resolved.approvalPolicy || JSON.stringify(resumed.meta.sandbox_policy) !== JSON.stringify(resolved.sandboxPolicy)) {
      // The person resumed with other permissions: tell the model what holds now.
      session.history.record(permissions);
    }

    const resumedReplay = resumed ? session.closeInterruptedWork(resumed) : undefined;
    if (resumedReplay && options.replayApart === true) session.resumedReplay = resumedReplay;
    const replay = resumedReplay && options.replayApart !== true ? parseSavedEvents(resumedReplay, (message) => resumed?.warnings.push(message)) : undefined;
    session.emit('0', {
      type: 'session_configured',
      session_id: session.sessionId,
      model: resolved.model,
      reasoning_effort: resolved.effort,
      cwd: resolved.cwd,
      approval_policy: resolved.approvalPolicy,
      sandbox_policy: resolved.sandboxPolicy,
      rollout_path: recorder.recorder?.path ?? null,
      ...(replay ? { initial_messages: replay } : {}),
    });
    if (readOnly) session.emit('0', { type: 'warning', message: READ_ONLY_NOTICE });
    if (recorder.warning) session.emit('0', { type: 'warning', message: recorder.warning });
    if (locking.warning) session.emit('0', { type: 'warning', message: locking.warning });
    for (const warning of resumed?.warnings ?? []) session.emit('0', { type: 'warning', message: warning });
    if (sandbox.warning && resolved.sandboxPolicy.mode !== 'danger-full-access') session.emit('0', { type: 'warning', message: sandbox.warning });
    void login.then((resolvedLogin) => {
      if (resolvedLogin.warning) session.emit('0', { type: 'warning', message: resolvedLogin.warning });
    });
    // Work for the first request and the first command, done now rather than on their path, but after the events
    // above have gone out (a timer runs after the doors' end-of-turn flush): a window draws a resumed
    // conversation without waiting for it.
    setTimeout(() => {
      // Building the client loads Node's HTTP stack (~100 ms).
      session.client();
      // Commands start from a small helper process (cheap to fork).
      void warmExecHost().then((status) => {
        if (status.state === 'in-process') {
          session.emit('0', { type: 'background_event', message: `Commands run inside Tandem's own process: ${status.reason ?? 'the exec host could not start'}.` });
        }
      });
    }, 0);
    return session;
  }

  /**
   * A session file that ends mid-turn (the process was killed): every call left without an output gets
   * one, and the turn gets its ending, both written to the file so the next resume finds them.
   */
  private closeInterruptedWork(resumed: ResumedSession): ResumedEvent[] {
    for (const call of this.history.pendingCalls()) this.history.record(outputFor(call, ABORTED_OUTPUT));
    const replay = resumed.events.filter((msg) => msg.type !== 'session_configured');
    if (resumed.endedMidTurn) {
      const ending: ReplayedEventMsg = { type: 'turn_aborted', reason: 'interrupted' };
      this.record({ type: 'event', msg: ending });
      replay.push(ending);
    }
    return replay;
  }

  /**
   * A session resumed with `replayApart`: the conversation it started from (what session_configured would
   * have carried), handed over once.
   */
  takeResumedReplay(): ResumedEvent[] | null {
    const replay = this.resumedReplay;
    this.resumedReplay = null;
    return replay;
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

  /** Where the session's file is, or will be once the person's first message is recorded. */
  get rolloutPath(): string | null {
    return this.recorder?.path ?? null;
  }

  /** Whether the session's file is on disk: a new session has none until its first message. */
  get saved(): boolean {
    return this.recorder?.saved ?? false;
  }

  /**
   * Gives the session the person's name for it (normalized by the caller; '' goes back to its first request),
   * through its own recorder, the rollout's one writer. Returns the title it is now listed as. Throws when this
   * session writes nothing (read-only, no TANDEM_HOME) or can no longer write.
   */
  rename(title: string): string {
    if (!this.recorder) throw new Error(`Session ${this.sessionId} is not being saved, so it cannot be renamed here.`);
    if (this.recordingFailed) throw new Error(`Session ${this.sessionId} can no longer be saved to disk, so its new name could not be kept.`);
    return this.recorder.rename(title);
  }

  emit(id: string, msg: EventMsg): void {
    this.noteTurnEvent(msg);
    this.events.push({ id, msg });
    if (isRecordedEvent(msg)) this.record({ type: 'event', msg });
  }

  /** Keeps what per-file revert needs to know of the turns: their changes, their requests, which were undone. */
  private noteTurnEvent(msg: EventMsg): void {
    if (msg.type === 'user_message') this.lastRequest = msg.message;
    else if (msg.type === 'turn_diff' && msg.turn_id) this.turnChanges.set(msg.turn_id, { diff: msg.unified_diff, request: this.lastRequest });
    else if (msg.type === 'undo_completed' && msg.success && msg.turn_id) this.undoneTurns.add(msg.turn_id);
  }

  /**
   * Puts one file back as it was before a turn (`file` as the turn's diff names it): from the turn's snapshot in
   * git, else from the turn's own diff of it. The model is told in its next input, and a file_reverted event
   * (recorded) lets every window mark the file. Throws a plain Error when it cannot be done.
   */
  async revertFile(turnId: string, file: string): Promise<string> {
    if (this.readOnly) throw new Error(READ_ONLY_NOTICE);
    if (this.activeTurn && !this.activeTurn.settling) throw new Error('Cannot revert a file while the agent is working; stop the turn first.');
    await this.activeTurn?.done;
    const changes = this.turnChanges.get(turnId);
    if (!changes) throw new Error(`This session has no record of the changes of turn ${turnId}.`);
    if (this.undoneTurns.has(turnId)) throw new Error('That turn was undone: its changes are already gone.');
    const patch = filePatch(changes.diff, file);
    if (!patch) throw new Error(`That turn did not change ${file}.`);
    const snapshot = this.snapshots.find((entry) => entry.turnId === turnId)?.snapshot;
    const outcome = snapshot ? await restoreFileFromSnapshot(snapshot, file) : await revertFromDiff(this.current.cwd, patch);
    this.history.record(userMessage(revertedFileNote(file, changes.request)));
    const message = outcome === 'removed' ? `Removed ${file}, which that turn created.` : `Put ${file} back as it was before that turn.`;
    this.emit('0', { type: 'file_reverted', turn_id: turnId, path: file, message });
    return message;
  }

  /** Appends to the session file; a failure is reported once and never stops the session. */
  private record(line: RecordableLine): void {
    if (!this.recorder || this.recordingFailed) return;
    try {
      this.recorder.record(line);
    } catch (err) {
      this.recordingFailed = true;
      this.events.push({ id: '0', msg: { type: 'warning', message: `This session can no longer be saved to disk (${errorText(err)}); it goes on, but cannot be resumed later.` } });
    }
  }

  settings(): TurnSettings {
    return this.current;
  }

  /** The history's size right after the last compaction: compacting again before it grew is pointless. */
  private tokensAfterCompaction = 0;

  client(): ModelClient | null {
    if (!this.credentials.apiKey) return null;
    this.modelClient ??= new ModelClient({ apiKey: this.credentials.apiKey, baseURL: this.credentials.baseUrl });
    return this.modelClient;
  }

  /**
   * New credentials for the model, from Settings: the next request uses them. A session opened before the
   * person entered a key works as soon as they save one.
   */
  setModelCredentials(credentials: { apiKey: string | null; baseUrl: string | undefined }): void {
    if (credentials.apiKey === this.credentials.apiKey && credentials.baseUrl === this.credentials.baseUrl) return;
    this.credentials = { ...credentials };
    this.modelClient = null;
  }

  /**
   * New privacy lists from Settings. A turn takes its tool context afresh for each model request, so the
   * commands of the next request, even in a turn already running, hide these places and pass these through.
   */
  setSandboxPreferences(preferences: { hiddenPaths: readonly string[]; envPassthrough: readonly string[] }): void {
    this.hiding = sandboxHiding(this.options.home, preferences.hiddenPaths);
    this.commandEnv = this.loginEnv.then((env) => commandEnvironment(env, { passthrough: preferences.envPassthrough }));
  }

  /** Settings' "Keep the conversation on the server", for this session's next request. */
  setServerState(on: boolean): void {
    if (this.current.serverState !== on) this.current = { ...this.current, serverState: on };
  }

  /**
   * The stored response the next request may continue. It holds while the history has only grown since
   * (a compaction, a rollback or a cut starts a new chain) and the model is the same.
   */
  private chain: { responseId: string; items: number; revision: number; model: string } | null = null;

  modelInput(): { input: HistoryItem[]; serverState: { previousResponseId: string | null } | undefined } {
    const all = this.history.forPrompt();
    if (!this.current.serverState) return { input: all, serverState: undefined };
    const chain = this.chain;
    if (chain && chain.revision === this.history.revision && chain.model === this.current.model && chain.items <= all.length) {
      return { input: all.slice(chain.items), serverState: { previousResponseId: chain.responseId } };
    }
    return { input: all, serverState: { previousResponseId: null } };
  }

  noteStoredResponse(responseId: string, items: number): void {
    this.chain = { responseId, items, revision: this.history.revision, model: this.current.model };
    // Kept in the session file, so a resumed session continues the chain (or falls back if the server forgot).
    this.record({ type: 'response', response_id: responseId, items, model: this.current.model });
  }

  forgetChain(): void {
    this.chain = null;
  }

  instructions(): string {
    return BASE_INSTRUCTIONS;
  }

  private contextWindow(): number | null {
    return contextWindowFor(this.current.model, this.options.contextWindow);
  }

  noteUsage(usage: TokenUsage): void {
    this.totalUsage = addUsage(this.totalUsage, usage);
    this.emit(this.activeTurn?.subId ?? '0', {
      type: 'token_count',
      info: { total_token_usage: this.totalUsage, last_token_usage: usage, model_context_window: this.contextWindow() },
    });
  }

  /** Compacts before a request once the conversation reaches 90% of the model's context window. */
  async beforeSample(turn: Turn): Promise<void> {
    const window = this.contextWindow();
    const tokens = this.history.estimatedTokens();
    if (window === null || tokens < window * AUTO_COMPACT_RATIO) return;
    // A turn whose own work fills the window cannot be helped by summarising again and again: wait until
    // the conversation has grown by a tenth of the window since the last compaction.
    if (this.tokensAfterCompaction > 0 && tokens < this.tokensAfterCompaction + window * 0.1) return;
    await this.compact(turn);
    this.tokensAfterCompaction = this.history.estimatedTokens();
  }

  async compact(turn: Turn): Promise<void> {
    const client = this.client();
    if (!client) return;
    const emit = (msg: EventMsg) => this.emit(turn.subId, msg);
    const history = this.history.forPrompt();
    const turnStart = turn.historyStart;
    const replacement = await compactConversation({
      history,
      turnStart,
      client,
      model: this.current.model,
      instructions: this.instructions(),
      sessionId: this.sessionId,
      effort: this.current.effort,
      signal: turn.signal,
      emit,
    });
    this.history.replace(replacement);
    if (turnStart !== null) turn.historyStart = replacement.length - 1;
    emit({ type: 'context_compacted', ...compactionSummary(replacement) });
    emit({ type: 'warning', message: COMPACTION_WARNING });
  }

  /** The latest turn's snapshot, settled or not: the next one starts after it, so they are recorded in turn order. */
  private snapshotChain: Promise<unknown> = Promise.resolve();

  snapshotForTurn(turn: Turn): Promise<Snapshot | null> {
    const taken = this.snapshotChain.then(() => this.takeSnapshot(turn));
    this.snapshotChain = taken;
    return taken;
  }

  private async takeSnapshot(turn: Turn): Promise<Snapshot | null> {
    try {
      const root = await findRepositoryRoot(this.current.cwd);
      // A home folder under git would mean snapshotting everything the person owns at every turn.
      if (root === null || root === os.homedir()) return null;
      const snapshot = await snapshotRepository(root);
      this.snapshots.push({ turnId: turn.turnId, snapshot });
      this.record({ type: 'snapshot', turn_id: turn.turnId, snapshot });
      return snapshot;
    } catch (err) {
      this.emit(turn.subId, { type: 'warning', message: `Could not take a snapshot for undo: ${errorText(err)}` });
      return null;
    }
  }

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
      hiding: this.hiding,
      commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
      notePatchedFile: (file, before) => turn.changes.notePatchedFile(file, before),
      beforeChange: () => turn.beforeChange(),
    };
  }

  private async runLoop(): Promise<void> {
    for await (const submission of this.ops) {
      try {
        const stop = await this.handle(submission.id, submission.op);
        if (stop) break;
      } catch (err) {
        this.emit(submission.id, { type: 'error', message: `${submission.op.type} failed: ${errorText(err)}` });
      }
    }
    this.ops.close();
    try {
      this.recorder?.close();
    } catch (err) {
      // The last lines could not be written (the home folder went away, say): say so, and still end the stream.
      this.events.push({ id: '0', msg: { type: 'warning', message: `The end of this session could not be saved: ${errorText(err)}` } });
    } finally {
      this.events.close();
    }
  }

  /** One handler per op; returns true when the session should end. */
  private async handle(id: string, op: Op): Promise<boolean> {
    const refusal = this.readOnly ? readOnlyRefusal(op) : null;
    if (refusal) {
      this.emit(id, { type: 'error', message: refusal });
      return false;
    }
    switch (op.type) {
      case 'user_input':
        if (this.activeTurn?.kind === 'regular' && this.activeTurn.queueInput(op.items)) return false;
        // A turn that is wrapping up (or a compaction) finishes first; the input then starts its own turn. One
        // that has ended and is only finishing its snapshot is not waited for: the new turn's snapshot follows it.
        if (this.activeTurn && !this.activeTurn.settling) await this.activeTurn.done;
        this.startTurn(new Turn(this, id, op.items));
        return false;
      case 'exec_approval':
      case 'patch_approval': {
        const kind = op.type === 'exec_approval' ? 'exec' : 'patch';
        if (!this.approvals.answer(kind, op.id, op.decision)) {
          this.emit(id, { type: 'error', message: `No ${kind === 'exec' ? 'command' : 'patch'} approval is pending with id ${op.id}; the answer was ignored.` });
        } else {
          // Before the call goes on (it resumes after this), so the record has the answer ahead of what followed it.
          this.emit(id, { type: 'approval_decision', call_id: op.id, decision: op.decision });
        }
        return false;
      }
      case 'interrupt':
        this.activeTurn?.interrupt();
        return false;
      case 'undo':
        await this.undo(id);
        return false;
      case 'thread_rollback':
        this.rollback(id, op.num_turns);
        return false;
      case 'compact':
        if (this.refuseWhileBusy(id, 'compact the conversation')) return false;
        await this.activeTurn?.done;
        this.startTurn(new Turn(this, id, [], 'compact'));
        return false;
      case 'override_turn_context':
        await this.onOverride(id, op);
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

  private startTurn(turn: Turn): void {
    this.activeTurn = turn;
    void turn.run().finally(() => {
      if (this.activeTurn === turn) this.activeTurn = null;
    });
  }

  /** Some ops need the conversation at rest; say so rather than queue them behind a running turn. */
  private refuseWhileBusy(id: string, what: string): boolean {
    if (!this.activeTurn || this.activeTurn.settling) return false;
    this.emit(id, { type: 'error', message: `Cannot ${what} while the agent is working; stop the turn first.` });
    return true;
  }

  private async undo(id: string): Promise<void> {
    if (this.refuseWhileBusy(id, 'undo')) return;
    this.emit(id, { type: 'undo_started', message: 'Restoring the files as they were before the last turn…' });
    // A turn that has ended may still be taking its snapshot: the one undo must restore.
    await this.activeTurn?.done;
    if ((await findRepositoryRoot(this.current.cwd)) === null) {
      this.emit(id, { type: 'undo_completed', success: false, message: undoUnavailableMessage(this.current.cwd) });
      return;
    }
    const latest = this.snapshots.at(-1);
    if (!latest) {
      this.emit(id, { type: 'undo_completed', success: false, message: NOTHING_TO_UNDO_MESSAGE });
      return;
    }
    try {
      const result = await restoreSnapshot(latest.snapshot);
      this.snapshots.pop();
      this.record({ type: 'snapshot', turn_id: latest.turnId, snapshot: null });
      this.emit(id, { type: 'undo_completed', success: true, message: result.message, turn_id: latest.turnId });
    } catch (err) {
      this.emit(id, { type: 'undo_completed', success: false, message: `Undo failed: ${errorText(err)}` });
    }
  }

  private rollback(id: string, numTurns: number): void {
    if (this.refuseWhileBusy(id, 'roll back the conversation')) return;
    const cut = rollbackCut(this.history.all(), numTurns);
    if (cut === null) {
      this.emit(id, { type: 'error', message: `There are fewer than ${numTurns} turn(s) to roll back.` });
      return;
    }
    this.history.truncateTo(cut);
    this.record({ type: 'rollback', num_turns: numTurns });
    this.emit(id, { type: 'thread_rolled_back', num_turns: numTurns });
  }

  private async onOverride(id: string, op: OpOf<'override_turn_context'>): Promise<void> {
    const before = this.current;
    const next: TurnSettings = {
      cwd: op.cwd ? path.resolve(before.cwd, op.cwd) : before.cwd,
      model: op.model ?? before.model,
      effort: op.effort ?? before.effort,
      approvalPolicy: op.approval_policy ?? before.approvalPolicy,
      sandboxPolicy: op.sandbox_policy ?? before.sandboxPolicy,
      serverState: op.server_state ?? before.serverState,
    };
    const refusal = await broadFolderRefusalFor(before, next, this.options.allowBroadFolder);
    if (refusal) {
      this.emit(id, { type: 'error', message: refusal });
      return;
    }
    this.current = next;
    const permissionsChanged = before.approvalPolicy !== this.current.approvalPolicy || JSON.stringify(before.sandboxPolicy) !== JSON.stringify(this.current.sandboxPolicy);
    // Context goes to the model again only when it changed, so the cached prefix stays intact otherwise.
    if (permissionsChanged) {
      this.history.record(
        permissionsMessage({
          approvalPolicy: this.current.approvalPolicy,
          sandboxPolicy: this.current.sandboxPolicy,
          sandboxAvailable: this.sandboxKind !== 'none',
          writableRoots: this.options.writableRoots,
        }),
      );
    }
    if (permissionsChanged || before.cwd !== this.current.cwd) {
      this.history.record(
        contextMessage(null, { cwd: this.current.cwd, approvalPolicy: this.current.approvalPolicy, sandboxPolicy: this.current.sandboxPolicy, shell: userShell().name, now: new Date() }),
      );
    }
    this.record({ type: 'turn_context', cwd: this.current.cwd, model: this.current.model, approval_policy: this.current.approvalPolicy, sandbox_policy: this.current.sandboxPolicy });
  }
}

/** The summary among the items that replaced the conversation, for the window to show. */
function compactionSummary(replacement: readonly HistoryItem[]): { summary?: string } {
  for (const item of replacement) {
    if (item.type !== 'message' || item.role !== 'user') continue;
    const text = messageText(item);
    if (text.startsWith(COMPACTION_SUMMARY_PREFIX)) return { summary: text.slice(COMPACTION_SUMMARY_PREFIX.length) };
  }
  return {};
}

/** What the doors ask before opening such a folder, asked here of a change that would make one writable. */
async function broadFolderRefusalFor(before: TurnSettings, next: TurnSettings, allowed: boolean): Promise<string | null> {
  const becomesWritable = next.sandboxPolicy.mode === 'workspace-write' && (before.sandboxPolicy.mode === 'read-only' || before.cwd !== next.cwd);
  if (allowed || !becomesWritable) return null;
  const broad = await broadFolderOf(next.cwd);
  if (!broad) return null;
  return `The settings were not changed: ${describeBroadFolder(broad)} Open the folder as a session of its own and confirm there if you mean it, or choose a project folder.`;
}

async function loadResumedOrThrow(options: ResolvedOptions): Promise<ResumedSession> {
  if (!options.home) throw new Error('Cannot resume: sessions are not kept on disk (no TANDEM_HOME).');
  return loadSession(options.home, options.resumeId!);
}

/**
 * The lock on the session's file. Throws when another process has it open; any other failure (a home that
 * cannot be written) is left for the recorder to report, as it cannot save the session either.
 */
function lockForWriting(options: ResolvedOptions, sessionId: string, holder: SessionHolder | undefined): { lock: SessionLock | null; warning?: string } {
  if (!options.home) return { lock: null };
  try {
    return { lock: acquireSessionLock(options.home, sessionId, holder ?? null) };
  } catch (err) {
    if (err instanceof SessionLockedError) throw err;
    // Working unlocked beats not working; the person is told what that risks.
    return { lock: null, warning: `This session could not be locked (${errorText(err)}): if another Tandem opens it at the same time, both will write to it.` };
  }
}

/**
 * The session's recorder, which releases the lock when it closes: a resumed session's `lock`, or for a new one the
 * lock `takeLock` takes when its file is first written. Without a recorder, the lock is released at once.
 */
function openRecorder(
  options: ResolvedOptions,
  sessionId: string,
  resumed: ResumedSession | null,
  lock: SessionLock | null,
  takeLock: () => SessionLock | null,
): { recorder: SessionRecorder | null; warning?: string } {
  if (!options.home) return { recorder: null };
  try {
    if (resumed) return { recorder: SessionRecorder.openForAppend(resumed.path, lock, { customTitle: resumed.customTitle }) };
    // Nothing on disk until the first message: a session opened and closed unused is neither listed nor kept.
    return {
      recorder: SessionRecorder.deferred(options.home, {
        session_id: sessionId,
        cwd: options.cwd,
        model: options.model,
        approval_policy: options.approvalPolicy,
        sandbox_policy: options.sandboxPolicy,
      }, takeLock),
    };
  } catch (err) {
    lock?.release();
    return { recorder: null, warning: `This session will not be saved to disk: ${errorText(err)}` };
  }
}
