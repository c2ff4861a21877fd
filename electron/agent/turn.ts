import { randomUUID } from 'node:crypto';
import type { EventMsg, InputItem } from '../../shared/protocol/index.js';
import type { TurnSettings } from './config.js';
import { MISSING_API_KEY_MESSAGE } from './config.js';
import { isCall, messageText, outputFor, userMessage, type CallItem, type HistoryItem } from './history/items.js';
import type { History } from './history/history.js';
import { ModelError, isAbort, isChainLost } from './model/errors.js';
import type { ModelClient } from './model/client.js';
import { buildModelRequest } from './model/request.js';
import { MAX_STREAM_RETRIES, backoffDelayMs, sleep } from './retry.js';
import type { ToolContext } from './tools/context.js';
import { dispatchToolCall, isParallelSafe, toolSpecs } from './tools/router.js';
import { TurnChanges } from './turn-diff.js';
import type { Snapshot } from '../snapshot/index.js';

/** Thrown into a turn's work when the person interrupts it. */
export class TurnInterrupted extends Error {
  constructor() {
    super('turn interrupted');
    this.name = 'AbortError';
  }
}

/** What a turn needs of its session. */
export interface TurnHost {
  readonly sessionId: string;
  readonly history: History;
  settings(): TurnSettings;
  client(): ModelClient | null;
  instructions(): string;
  emit(id: string, msg: EventMsg): void;
  toolContext(turn: Turn, emit: (msg: EventMsg) => void): ToolContext;
  noteUsage(usage: NonNullable<Extract<EventMsg, { type: 'token_count' }>['info']>['last_token_usage']): void;
  /** Called before each model request; may compact the history when it is near the context window. */
  beforeSample(turn: Turn): Promise<void>;
  /** The snapshot undo will restore for this turn; null outside git. Never rejects. */
  snapshotForTurn(turn: Turn): Promise<Snapshot | null>;
  /** A compaction run as its own task (the `compact` op). */
  compact(turn: Turn): Promise<void>;
  /**
   * What the next request sends: the whole history, or, when the conversation is kept on the server and the
   * last stored response still matches it, only what came after that response, naming it.
   */
  modelInput(): { input: HistoryItem[]; serverState: { previousResponseId: string | null } | undefined };
  /** A response the server keeps, covering the first `items` history items, which the next request may continue. */
  noteStoredResponse(responseId: string, items: number): void;
  /** The server has forgotten the chain: the next request sends everything. */
  forgetChain(): void;
}

export type TurnKind = 'regular' | 'compact';

interface SampleOutcome {
  needsFollowUp: boolean;
  lastAgentMessage: string | null;
}

export function inputText(items: InputItem[]): string {
  return items.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
}

/** The data URLs of the images a message carries, in order. */
export function inputImages(items: InputItem[]): string[] {
  return items.flatMap((item) => (item.type === 'image' ? [item.image_url] : []));
}

/** The user_message event of a message: Codex's, with `images` only when there are some. */
function userMessageEvent(items: InputItem[]): { type: 'user_message'; message: string; images?: string[] } {
  const images = inputImages(items);
  return images.length === 0 ? { type: 'user_message', message: inputText(items) } : { type: 'user_message', message: inputText(items), images };
}

/**
 * One task from a user's request to `task_complete` or `turn_aborted`: model requests in a loop, tool calls
 * run as they arrive, input queued mid-turn joins before the next request.
 */
export class Turn {
  private readonly controller = new AbortController();
  private readonly queued: InputItem[][] = [];
  private interrupted = false;
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  readonly changes: TurnChanges;
  /** Where this turn's items begin in history; compaction keeps them after the summary. */
  historyStart: number | null = null;
  /**
   * Settles once the turn's snapshot exists; tools wait for it before they change anything. Started once the
   * server has answered the turn's first request (or earlier, when a tool is about to change files), so that
   * the snapshot's git never competes with sending that request; see startSnapshot.
   */
  private snapshot: Promise<Snapshot | null> = Promise.resolve(null);
  private snapshotStarted = false;
  /**
   * Set once the turn has said its last word (task_complete or turn_aborted). Its snapshot may still be
   * running then; `done` waits for that, and undo and the like wait for `done` rather than refusing.
   */
  settling = false;
  /**
   * The name later events give this turn (its diff, an undo of it, a file reverted from it). Submission ids
   * start again at each resume, so they cannot name a turn in a session file; this can.
   */
  readonly turnId = `turn-${randomUUID()}`;

  constructor(
    private readonly host: TurnHost,
    readonly subId: string,
    private readonly input: InputItem[],
    readonly kind: TurnKind = 'regular',
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.changes = new TurnChanges(host.settings().cwd);
  }

  /** Tools call this before they touch files, so the snapshot is taken from the state before them. */
  async beforeChange(): Promise<void> {
    this.changes.touched = true;
    this.startSnapshot();
    await this.snapshot;
  }

  /** Takes the turn's snapshot, once; regular turns only. */
  private startSnapshot(): void {
    if (this.snapshotStarted || this.kind !== 'regular') return;
    this.snapshotStarted = true;
    this.snapshot = this.host.snapshotForTurn(this);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private emit = (msg: EventMsg): void => this.host.emit(this.subId, msg);

  /** Input that arrives while the turn runs is fed to the model before its next request. */
  queueInput(items: InputItem[]): boolean {
    if (!this.acceptingInput) return false;
    this.queued.push(items);
    return true;
  }

  /** False once the turn has made its last request: input then starts the next turn instead. */
  private acceptingInput = true;

  interrupt(): void {
    if (this.interrupted) return;
    this.interrupted = true;
    this.controller.abort(new TurnInterrupted());
  }

  async run(): Promise<void> {
    try {
      await this.runInner();
    } finally {
      this.settling = true;
      // A turn that never reached the server (or only read) still gets its snapshot, and the next turn starts
      // after it, so snapshots are recorded in the order of their turns.
      this.startSnapshot();
      await this.snapshot;
      this.resolveDone();
    }
  }

  private async runInner(): Promise<void> {
    this.emit({ type: 'task_started', model_context_window: null, turn_id: this.turnId });
    let lastAgentMessage: string | null = null;
    try {
      const client = this.host.client();
      if (this.kind === 'compact') {
        if (!client) throw new ModelError(MISSING_API_KEY_MESSAGE, 'unauthorized', false);
        await this.host.compact(this);
        this.emit({ type: 'task_complete', last_agent_message: null });
        return;
      }
      this.emit(userMessageEvent(this.input));
      if (!client) throw new ModelError(MISSING_API_KEY_MESSAGE, 'unauthorized', false);
      // A conversation already near the limit is compacted before the new request joins it.
      await this.host.beforeSample(this);
      this.historyStart = this.host.history.length;
      this.host.history.record(userMessage(inputText(this.input), inputImages(this.input)));
      for (;;) {
        this.drainQueued();
        await this.host.beforeSample(this);
        const outcome = await this.sampleWithRetries(client);
        lastAgentMessage = outcome.lastAgentMessage ?? lastAgentMessage;
        if (!outcome.needsFollowUp && this.queued.length === 0) {
          this.acceptingInput = false;
          break;
        }
      }
      await this.emitTurnDiff();
      this.emit({ type: 'task_complete', last_agent_message: lastAgentMessage });
    } catch (err) {
      this.acceptingInput = false;
      await this.emitTurnDiff();
      if (this.interrupted || isAbort(err)) {
        this.emit({ type: 'turn_aborted', reason: 'interrupted' });
        return;
      }
      // What the model had said of an answer the failure cut off stays on screen, marked as incomplete. The
      // model never sees it: its history was cut back to before the failed request.
      if (this.partialAnswer.trim() !== '') this.emit({ type: 'agent_message', message: this.partialAnswer, incomplete: true });
      this.emit({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      this.emit({ type: 'task_complete', last_agent_message: lastAgentMessage });
    }
  }

  /** The text of an answer the latest request is streaming and has not finished. */
  private partialAnswer = '';

  /** The unified diff of everything this turn changed, once its changes are known. */
  private async emitTurnDiff(): Promise<void> {
    try {
      if (!this.changes.touched) return;
      const diff = await this.changes.unifiedDiff(await this.snapshot);
      if (diff) this.emit({ type: 'turn_diff', unified_diff: diff, turn_id: this.turnId });
    } catch (err) {
      this.emit({ type: 'warning', message: `Could not compute the turn's diff: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private recordUserInput(items: InputItem[]): void {
    this.host.history.record(userMessage(inputText(items), inputImages(items)));
    this.emit(userMessageEvent(items));
  }

  private drainQueued(): void {
    for (const items of this.queued.splice(0)) this.recordUserInput(items);
  }

  /** Whether the last request continued a stored response (previous_response_id). */
  private chained = false;

  private async sampleWithRetries(client: ModelClient): Promise<SampleOutcome> {
    for (let retry = 0; ; retry++) {
      try {
        return await this.sample(client);
      } catch (err) {
        if (this.interrupted || isAbort(err)) throw err;
        if (isChainLost(err, this.chained)) {
          // Forgotten or expired on the server: the same request again with the whole conversation, at once
          // and not counted as a retry; the chain starts again from its response.
          this.host.forgetChain();
          retry--;
          continue;
        }
        if (!(err instanceof ModelError) || !err.retryable || retry >= MAX_STREAM_RETRIES) throw err;
        const attempt = retry + 1;
        this.emit({
          type: 'stream_error',
          message: `Reconnecting... ${attempt}/${MAX_STREAM_RETRIES} (${err.message})`,
          attempt,
          max_attempts: MAX_STREAM_RETRIES,
        });
        await sleep(err.retryAfterMs ?? backoffDelayMs(attempt), this.signal);
      }
    }
  }

  /** One model request and the tool calls it asks for. */
  private async sample(client: ModelClient): Promise<SampleOutcome> {
    const { history } = this.host;
    const settings = this.host.settings();
    const { input, serverState } = this.host.modelInput();
    const request = buildModelRequest({
      model: settings.model,
      instructions: this.host.instructions(),
      input,
      tools: toolSpecs({ approvalPolicy: settings.approvalPolicy }),
      sessionId: this.host.sessionId,
      effort: settings.effort,
      serverState,
    });
    this.chained = serverState?.previousResponseId != null;

    const mark = history.length;
    // Output items of this response recorded so far: with `mark`, what a stored response covers.
    let outputsRecorded = 0;
    // Tools of an attempt that fails are stopped with it, unless they already started (see below).
    const attempt = new AbortController();
    const toolSignal = AbortSignal.any([this.signal, attempt.signal]);
    const ctx = this.host.toolContext(this, this.emit);
    const toolCtx: ToolContext = { ...ctx, signal: toolSignal };
    const calls: { call: CallItem; output: Promise<string> }[] = [];
    let serial: Promise<unknown> = Promise.resolve();
    let lastAgentMessage: string | null = null;

    const startCall = (call: CallItem) => {
      const run = () => dispatchToolCall(call, toolCtx).catch((err: unknown) => `tool failed: ${err instanceof Error ? err.message : String(err)}`);
      const output = isParallelSafe(call) ? run() : serial.then(run);
      if (!isParallelSafe(call)) serial = output;
      calls.push({ call, output });
    };

    this.partialAnswer = '';
    try {
      for await (const event of client.stream(request, this.signal, () => this.startSnapshot())) {
        switch (event.type) {
          case 'text_delta':
            this.partialAnswer += event.delta;
            this.emit({ type: 'agent_message_delta', delta: event.delta });
            break;
          case 'reasoning_delta':
            this.emit({ type: 'agent_reasoning_delta', delta: event.delta });
            break;
          case 'item_done':
            this.partialAnswer = '';
            lastAgentMessage = this.recordOutputItem(event.item) ?? lastAgentMessage;
            outputsRecorded += 1;
            if (isCall(event.item)) startCall(event.item);
            break;
          case 'completed':
            if (request.store) this.host.noteStoredResponse(event.responseId, mark + outputsRecorded);
            if (event.usage) {
              history.noteServerUsage(event.usage.total_tokens);
              this.host.noteUsage(event.usage);
            }
            break;
        }
      }
    } catch (err) {
      if (calls.length === 0 || this.interrupted) {
        attempt.abort();
        await this.recordOutputs(calls);
        if (!this.interrupted) history.truncateTo(mark);
        throw err;
      }
      // Commands already under way have had effects: let them finish and record their results, then
      // carry on from them instead of asking the same question again; unless asking again cannot help
      // (a policy refusal, a spent quota), when the turn ends after them.
      if (err instanceof ModelError && !err.retryable) {
        await this.recordOutputs(calls);
        throw err;
      }
      this.emit({ type: 'stream_error', message: `Reconnecting... (${err instanceof Error ? err.message : String(err)})` });
    }
    await this.recordOutputs(calls);
    if (this.interrupted) throw new TurnInterrupted();
    return { needsFollowUp: calls.length > 0, lastAgentMessage };
  }

  private async recordOutputs(calls: { call: CallItem; output: Promise<string> }[]): Promise<void> {
    const outputs = await Promise.all(calls.map((entry) => entry.output));
    calls.forEach((entry, i) => this.host.history.record(outputFor(entry.call, outputs[i]!)));
  }

  /** Records a finished output item and tells the client; returns the text of an assistant message. */
  private recordOutputItem(item: HistoryItem): string | null {
    this.host.history.record(item);
    if (item.type === 'message') {
      const text = messageText(item);
      this.emit({ type: 'agent_message', message: text });
      return text;
    }
    if (item.type === 'reasoning') {
      const text = item.summary.map((part) => part.text).join('\n\n');
      if (text) this.emit({ type: 'agent_reasoning', text });
    }
    return null;
  }
}
