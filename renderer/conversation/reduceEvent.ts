import type { Event, EventMsg, EventMsgOf, ReviewDecision } from '../../shared/protocol/index.js';
import type { ApprovalCell, AssistantCell, Cell, CommandCell, NoticeCell, ReasoningCell } from './cells.js';
import { endTurn } from './endTurn.js';
import { finishUndo, markCompacted, markReverted, noteOnCompaction, rollBack, settleHistoryEdit, startUndo } from './historyEdits.js';
import { explainError, explainRetry, retryProgress } from './advice.js';
import {
  beginDraft,
  findCellIndexById,
  findOpenCellIndex,
  pushCell,
  pushOpenCell,
  removeFrom,
  replaceCellAt,
  type Draft,
} from './draft.js';
import { emptySessionView, newIdleTurn, type SessionView } from './sessionView.js';

/** The window keeps the tail of a command's output; the agent and the session file keep all of it. */
export const MAX_COMMAND_OUTPUT_CHARS = 200_000;

/**
 * Folds a batch of a session's events into its view. Pure: `now` (ms) is the clock for "running for N s".
 * A turn always ends with task_complete or turn_aborted (or an error, which the agent follows with
 * task_complete): each of these leaves no spinner, no running command and no pending approval behind.
 */
export function reduceEvents(view: SessionView, events: readonly Event[], now: number, replayStart = 0): SessionView {
  if (events.length === 0) return view;
  const draft = beginDraft(view);
  for (const event of events) applyEvent(draft, event.msg, event.id, now, false, replayStart);
  return draft;
}

/**
 * Folds replayed events in, each named by its index in the session's replay (`start` for the first), and
 * ends the turn they leave open: whatever was running when the session was saved is not running now.
 */
function foldReplay(draft: Draft, messages: readonly EventMsg[], start: number, now: number): void {
  messages.forEach((old, offset) => {
    draft.replayAt = { index: start + offset, made: 0 };
    applyEvent(draft, old, null, now, true);
  });
  delete draft.replayAt;
  endTurn(draft);
}

/** Events that change cells of earlier turns (by turn id, or by taking turns out) rather than adding their own. */
function reachesBack(msg: EventMsg): boolean {
  return msg.type === 'thread_rolled_back' || msg.type === 'file_reverted' || (msg.type === 'undo_completed' && msg.success && Boolean(msg.turn_id));
}

/**
 * Folds a page of older turns of a resumed session in front of what is drawn (`view.replayFrom` must be
 * `start + older.length` or more: the page ends where the drawn replay begins). `drawn` are the replayed events
 * already drawn, in order. A page begins at a turn, so it folds on its own; only when a later event reaches back
 * into earlier turns (an undo, a revert, a rollback) is the replay folded again whole, which names every cell
 * the same as before. Cells made here since the resume stay after it.
 */
export function foldOlderTurns(view: SessionView, older: readonly EventMsg[], start: number, drawn: readonly EventMsg[], now: number): SessionView {
  const draft = beginDraft({ ...emptySessionView(view.sessionId), nextCellNumber: view.nextCellNumber });
  if (drawn.some(reachesBack)) {
    foldReplay(draft, [...older, ...drawn], start, now);
    const live = view.cells.filter((cell) => !cell.id.startsWith('r'));
    return { ...view, cells: [...draft.cells, ...live], replayFrom: start };
  }
  foldReplay(draft, older, start, now);
  return { ...view, cells: draft.cells.concat(view.cells), replayFrom: start };
}

export function reduceEvent(view: SessionView, event: Event, now: number): SessionView {
  return reduceEvents(view, [event], now);
}

/**
 * `submissionId`: the id of the submission that caused the event (null for replayed ones);
 * `replaying`: the event is an old one from session_configured.initial_messages.
 */
function applyEvent(draft: Draft, msg: EventMsg, submissionId: string | null, now: number, replaying: boolean, replayStart = 0): void {
  switch (msg.type) {
    case 'session_configured':
      draft.config = {
        model: msg.model,
        cwd: msg.cwd,
        approvalPolicy: msg.approval_policy,
        sandboxPolicy: msg.sandbox_policy,
        rolloutPath: msg.rollout_path,
      };
      draft.closed = false;
      if (msg.initial_messages && msg.initial_messages.length > 0) {
        // A resume: the old events are the whole conversation, so they replace whatever was drawn.
        draft.cells = [];
        draft.awaitingEcho = [];
        draft.turn = newIdleTurn();
        draft.historyEdit = null;
        foldReplay(draft, msg.initial_messages, replayStart, now);
        draft.replayFrom = replayStart;
      } else {
        draft.replayFrom = 0;
      }
      return;
    case 'task_started':
      markActive(draft);
      draft.turn.turnDiffId = null;
      draft.turn.turnId = msg.turn_id ?? null;
      draft.turn.submissionId = submissionId;
      if (msg.model_context_window != null) draft.modelContextWindow = msg.model_context_window;
      return;
    case 'user_message':
      recordUserMessage(draft, msg.message, msg.images ?? []);
      return;
    case 'agent_message_delta':
      markActive(draft);
      draft.turn.streamingAssistantId = appendStreamed(draft, 'assistant', draft.turn.streamingAssistantId, msg.delta);
      return;
    case 'agent_message':
      finishStreamed(draft, 'assistant', draft.turn.streamingAssistantId, msg.message, msg.incomplete === true);
      draft.turn.streamingAssistantId = null;
      return;
    case 'agent_reasoning_delta':
      markActive(draft);
      draft.turn.streamingReasoningId = appendStreamed(draft, 'reasoning', draft.turn.streamingReasoningId, msg.delta);
      return;
    case 'agent_reasoning':
      finishStreamed(draft, 'reasoning', draft.turn.streamingReasoningId, msg.text);
      draft.turn.streamingReasoningId = null;
      return;
    case 'exec_command_begin':
      markActive(draft);
      settleApprovalByStart(draft, msg.call_id);
      pushOpenCell(draft, {
        kind: 'command',
        callId: msg.call_id,
        command: msg.command,
        cwd: msg.cwd,
        output: '',
        outputTrimmed: false,
        state: 'running',
        exitCode: null,
        durationMs: null,
        startedAt: now,
      });
      if (!draft.turn.runningCallIds.includes(msg.call_id)) draft.turn.runningCallIds.push(msg.call_id);
      return;
    case 'exec_command_output_delta': {
      markActive(draft);
      const at = findCommand(draft, msg.call_id);
      replaceCellAt(draft, at, (cell) => {
        const command = cell as CommandCell;
        const kept = keepTail(command.output + msg.chunk);
        return { ...command, output: kept.text, outputTrimmed: command.outputTrimmed || kept.trimmed };
      });
      return;
    }
    case 'exec_command_end':
      endCommand(draft, msg, now);
      return;
    case 'exec_approval_request':
      markActive(draft);
      openApproval(draft, {
        kind: 'approval',
        callId: msg.call_id,
        request: { type: 'exec', command: msg.command },
        cwd: msg.cwd,
        reason: msg.reason ?? null,
        state: 'pending',
      });
      return;
    case 'apply_patch_approval_request':
      markActive(draft);
      openApproval(draft, {
        kind: 'approval',
        callId: msg.call_id,
        request: { type: 'patch', changes: msg.changes, grantRoot: msg.grant_root ?? null },
        cwd: msg.cwd,
        reason: msg.reason ?? null,
        state: 'pending',
      });
      return;
    case 'approval_decision':
      settleApproval(draft, msg.call_id, msg.decision);
      return;
    case 'patch_apply_begin':
      markActive(draft);
      settleApprovalByStart(draft, msg.call_id);
      pushOpenCell(draft, {
        kind: 'patch',
        callId: msg.call_id,
        changes: msg.changes,
        autoApproved: msg.auto_approved,
        state: 'applying',
        output: '',
        turnId: draft.turn.turnId,
        undone: false,
        reverted: [],
      });
      return;
    case 'patch_apply_end': {
      const at = findOpenCellIndex(draft, (cell) => cell.kind === 'patch' && cell.callId === msg.call_id);
      const output = joinOutput(msg.stdout, msg.stderr);
      const state = msg.success ? 'applied' : 'failed';
      if (at >= 0) replaceCellAt(draft, at, (cell) => ({ ...cell, kind: 'patch', state, output }) as Cell);
      else pushCell(draft, { kind: 'patch', callId: msg.call_id, changes: {}, autoApproved: false, state, output, turnId: draft.turn.turnId, undone: false, reverted: [] });
      return;
    }
    case 'turn_diff': {
      const at = findCellIndexById(draft, draft.turn.turnDiffId);
      const turnId = msg.turn_id ?? draft.turn.turnId;
      if (at >= 0) replaceCellAt(draft, at, (cell) => ({ ...cell, kind: 'turn_diff', unifiedDiff: msg.unified_diff, turnId }) as Cell);
      else if (msg.unified_diff.trim() !== '') {
        draft.turn.turnDiffId = pushCell(draft, { kind: 'turn_diff', unifiedDiff: msg.unified_diff, turnId, undone: false, reverted: [] }).id;
      }
      return;
    }
    case 'plan_update': {
      // Successive updates of one plan replace each other while nothing else came between.
      const last = draft.cells[draft.cells.length - 1];
      const plan = { kind: 'plan' as const, explanation: msg.explanation ?? null, plan: msg.plan };
      if (last?.kind === 'plan') draft.cells[draft.cells.length - 1] = { ...plan, id: last.id };
      else pushCell(draft, plan);
      return;
    }
    case 'token_count':
      if (msg.info) {
        draft.tokenInfo = msg.info;
        if (msg.info.model_context_window != null) draft.modelContextWindow = msg.info.model_context_window;
      }
      return;
    case 'stream_error': {
      markActive(draft);
      const progress = retryProgress(msg.message, msg.attempt, msg.max_attempts);
      draft.turn.retry = progress;
      const explained = explainRetry(progress, msg.message);
      // One line for the whole series of retries, not one per try.
      const last = draft.cells[draft.cells.length - 1];
      const notice = { kind: 'notice' as const, level: 'retry' as const, text: explained.text, advice: null, detail: msg.message };
      if (last?.kind === 'notice' && last.level === 'retry') draft.cells[draft.cells.length - 1] = { ...notice, id: last.id };
      else pushCell(draft, notice);
      return;
    }
    case 'error': {
      const explained = explainError(msg.message);
      pushNotice(draft, 'error', explained.text, explained.advice, msg.message);
      if (explained.needsApiKey && !replaying) draft.needsApiKey = true;
      // An error of the turn itself is followed by task_complete; ending here too means a lost one cannot
      // leave a spinner. An error about some other submission (an answer to an approval that is no longer
      // pending, say) leaves the running turn alone.
      const ofOtherSubmission =
        submissionId !== null && draft.turn.submissionId !== null && submissionId !== draft.turn.submissionId;
      if (!ofOtherSubmission) endTurn(draft);
      settleHistoryEdit(draft, submissionId, !ofOtherSubmission);
      return;
    }
    case 'warning':
      if (!noteOnCompaction(draft, msg.message)) pushNotice(draft, 'warning', msg.message, null, null);
      return;
    case 'background_event':
      pushNotice(draft, 'info', msg.message, null, null);
      return;
    case 'context_compacted':
      markCompacted(draft, msg.summary ?? null);
      return;
    case 'file_reverted':
      markReverted(draft, msg);
      return;
    case 'undo_started':
      startUndo(draft, msg);
      return;
    case 'undo_completed':
      finishUndo(draft, msg, submissionId);
      return;
    case 'thread_rolled_back':
      rollBack(draft, msg.num_turns, submissionId);
      return;
    case 'turn_aborted':
      if (msg.reason === 'interrupted') pushNotice(draft, 'info', 'Stopped.', null, null);
      endTurn(draft);
      settleHistoryEdit(draft, submissionId, true);
      return;
    case 'task_complete':
      endTurn(draft);
      settleHistoryEdit(draft, submissionId, true);
      return;
    case 'shutdown_complete':
      endTurn(draft);
      draft.closed = true;
      draft.historyEdit = null;
      pushNotice(draft, 'info', 'This session has ended.', 'Open the project again to go on.', null);
      return;
    default: {
      const unhandled: never = msg;
      void unhandled;
    }
  }
}

/**
 * A request waits for an answer, live or replayed alike: its answer (approval_decision) follows in the
 * record when there was one, and a turn that ends first leaves it expired, so a reload draws what was seen.
 */
function openApproval(draft: Draft, cell: Omit<ApprovalCell, 'id'>): void {
  pushOpenCell(draft, cell);
  draft.turn.pendingApprovalCallIds.push(cell.callId);
}

/** The person's answer, from this window or any other, now or in the record. */
export function settleApproval(draft: Draft, callId: string, decision: ReviewDecision): void {
  removeFrom(draft.turn.pendingApprovalCallIds, callId);
  const isRequest = (cell: Cell) => cell.kind === 'approval' && cell.callId === callId;
  const open = findOpenCellIndex(draft, isRequest);
  const at = open >= 0 ? open : findRecentApproval(draft, callId);
  const cell = draft.cells[at];
  if (cell?.kind === 'approval') draft.cells[at] = { ...cell, state: decision };
}

/**
 * A call that starts was approved, whoever answered: another window, or this page before a reload (a
 * replay has the request but not the answer). Its card must not wait for an answer any more.
 */
function settleApprovalByStart(draft: Draft, callId: string): void {
  const wasPending = draft.turn.pendingApprovalCallIds.includes(callId);
  removeFrom(draft.turn.pendingApprovalCallIds, callId);
  const at = wasPending
    ? findOpenCellIndex(draft, (cell) => cell.kind === 'approval' && cell.callId === callId)
    : findRecentApproval(draft, callId);
  const cell = draft.cells[at];
  if (cell?.kind === 'approval' && cell.state === 'pending') draft.cells[at] = { ...cell, state: 'approved' };
}

/** A replayed request just before its call starts is among the last few cells; no need to look further. */
function findRecentApproval(draft: Draft, callId: string): number {
  for (let i = draft.cells.length - 1; i >= Math.max(0, draft.cells.length - 8); i -= 1) {
    const cell = draft.cells[i];
    if (cell?.kind === 'approval' && cell.callId === callId) return i;
  }
  return -1;
}

/** Any sign of the agent working: the turn is running (again), and a retry that was under way is over. */
function markActive(draft: Draft): void {
  draft.turn.active = true;
  draft.turn.confirmed = true;
  draft.turn.retry = null;
}

function recordUserMessage(draft: Draft, message: string, images: string[]): void {
  // The echo of something typed here: it moves to where the agent took it in, now recorded.
  const echoOf = draft.awaitingEcho.findIndex((id) => {
    const cell = draft.cells[findCellIndexById(draft, id)];
    return cell?.kind === 'user' && cell.text === message && (cell.images?.length ?? 0) === images.length;
  });
  const typedId = draft.awaitingEcho[echoOf];
  if (typedId !== undefined) {
    draft.awaitingEcho.splice(echoOf, 1);
    const at = findCellIndexById(draft, typedId);
    const [typed] = draft.cells.splice(at, 1);
    if (typed?.kind === 'user') {
      draft.cells.push({ ...typed, delivery: 'recorded', ...(images.length === 0 ? {} : { images }) });
      return;
    }
  }
  pushCell(draft, { kind: 'user', text: message, delivery: 'recorded', ...(images.length === 0 ? {} : { images }) });
}

function appendStreamed(draft: Draft, kind: 'assistant' | 'reasoning', streamingId: string | null, delta: string): string {
  const at = findCellIndexById(draft, streamingId);
  if (at >= 0) {
    replaceCellAt(draft, at, (cell) => ({ ...(cell as AssistantCell | ReasoningCell), text: (cell as AssistantCell).text + delta }));
    return streamingId as string;
  }
  return pushOpenCell(draft, { kind, text: delta, streaming: true }).id;
}

/** The final text replaces what streamed in, so the message never shows twice. */
function finishStreamed(draft: Draft, kind: 'assistant' | 'reasoning', streamingId: string | null, text: string, incomplete = false): void {
  const mark = incomplete ? { incomplete: true } : {};
  const at = findCellIndexById(draft, streamingId);
  if (at >= 0) {
    replaceCellAt(draft, at, (cell) => ({ ...(cell as AssistantCell | ReasoningCell), text, streaming: false, ...mark }));
    return;
  }
  pushCell(draft, { kind, text, streaming: false, ...mark } as AssistantCell | ReasoningCell);
}

function findCommand(draft: Draft, callId: string): number {
  return findOpenCellIndex(draft, (cell) => cell.kind === 'command' && cell.callId === callId);
}

function endCommand(draft: Draft, msg: EventMsgOf<'exec_command_end'>, now: number): void {
  removeFrom(draft.turn.runningCallIds, msg.call_id);
  // Stopped by an interrupt: shown as stopped, as a turn_aborted would leave it, with what it printed.
  const state = msg.interrupted === true ? 'interrupted' : 'done';
  const fullOutput = msg.aggregated_output || joinOutput(msg.stdout, msg.stderr);
  const at = findCommand(draft, msg.call_id);
  if (at < 0) {
    // Saved sessions may keep only the end of a command.
    const kept = keepTail(fullOutput);
    pushCell(draft, {
      kind: 'command',
      callId: msg.call_id,
      command: msg.command,
      cwd: msg.cwd,
      output: kept.text,
      outputTrimmed: kept.trimmed,
      state,
      exitCode: msg.exit_code,
      durationMs: msg.duration_ms,
      startedAt: now - msg.duration_ms,
    });
    return;
  }
  replaceCellAt(draft, at, (cell) => {
    const command = cell as CommandCell;
    const kept = keepTail(fullOutput || command.output);
    return {
      ...command,
      output: kept.text,
      outputTrimmed: kept.trimmed,
      state,
      exitCode: msg.exit_code,
      durationMs: msg.duration_ms,
    };
  });
}

function pushNotice(draft: Draft, level: NoticeCell['level'], text: string, advice: string | null, detail: string | null): void {
  pushCell(draft, { kind: 'notice', level, text, advice, detail: detail !== text ? detail : null });
}

function joinOutput(stdout: string, stderr: string): string {
  if (stdout && stderr) return stdout.endsWith('\n') ? stdout + stderr : `${stdout}\n${stderr}`;
  return stdout || stderr;
}

function keepTail(text: string): { text: string; trimmed: boolean } {
  if (text.length <= MAX_COMMAND_OUTPUT_CHARS) return { text, trimmed: false };
  return { text: text.slice(text.length - MAX_COMMAND_OUTPUT_CHARS), trimmed: true };
}
