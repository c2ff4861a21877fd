import type { FileChange, PlanItem, ReviewDecision } from '../../shared/protocol/index.js';

/**
 * What the conversation shows, one cell per thing that happened. Cells are immutable: a change makes a new
 * object, so a row can be memoised on the identity of its cell.
 */
export type Cell =
  | UserCell
  | AssistantCell
  | ReasoningCell
  | CommandCell
  | PatchCell
  | ApprovalCell
  | PlanCell
  | TurnDiffCell
  | NoticeCell
  | UndoCell
  | CompactionCell;

export type CellKind = Cell['kind'];

interface CellBase {
  /** Stable within a session; the row key. */
  id: string;
}

export interface UserCell extends CellBase {
  kind: 'user';
  text: string;
  /**
   * `sent`: typed here, not yet echoed by the agent; `queued`: typed while a turn ran, so the agent takes it
   * in before its next model request; `recorded`: the agent's user_message echo has arrived.
   */
  delivery: 'sent' | 'queued' | 'recorded';
  /** The images the message carried, as data URLs (the user_message event's `images`). */
  images?: string[];
}

export interface AssistantCell extends CellBase {
  kind: 'assistant';
  text: string;
  /** True while deltas arrive; the final agent_message replaces the text and ends it. */
  streaming: boolean;
  /** A failure cut the answer off: this is what the model had said when it did. */
  incomplete?: boolean;
}

export interface ReasoningCell extends CellBase {
  kind: 'reasoning';
  text: string;
  streaming: boolean;
}

export interface CommandCell extends CellBase {
  kind: 'command';
  callId: string;
  command: string[];
  cwd: string;
  output: string;
  /** Set when output was cut to keep the window light; the agent still has all of it. */
  outputTrimmed: boolean;
  state: 'running' | 'done' | 'interrupted';
  exitCode: number | null;
  durationMs: number | null;
  /** When the command began, in the clock the reducer was given (for "running for N s"). */
  startedAt: number;
}

/** What became of a turn's changes afterwards: an undo put all its files back, or the person reverted some. */
export interface LaterEdits {
  /** The turn these changes belong to (its turn_id); null for turns recorded before turns had ids. */
  turnId: string | null;
  /** An undo put back every file of the turn. */
  undone: boolean;
  /** Files the person reverted one by one, as the turn's diff names them. */
  reverted: string[];
}

export interface PatchCell extends CellBase, LaterEdits {
  kind: 'patch';
  callId: string;
  changes: Record<string, FileChange>;
  autoApproved: boolean;
  state: 'applying' | 'applied' | 'failed' | 'interrupted';
  output: string;
}

/** `expired`: the turn ended before the person answered (a stop, an error, or the app was closed). */
export type ApprovalState = 'pending' | ReviewDecision | 'expired';

export type ApprovalRequest =
  | { type: 'exec'; command: string[] }
  | { type: 'patch'; changes: Record<string, FileChange>; grantRoot: string | null };

export interface ApprovalCell extends CellBase {
  kind: 'approval';
  callId: string;
  request: ApprovalRequest;
  cwd: string;
  reason: string | null;
  /** `pending` until the person answers; `expired` when the turn ended first. */
  state: ApprovalState;
}

export interface PlanCell extends CellBase {
  kind: 'plan';
  explanation: string | null;
  plan: PlanItem[];
}

export interface TurnDiffCell extends CellBase, LaterEdits {
  kind: 'turn_diff';
  unifiedDiff: string;
}

export type NoticeLevel = 'info' | 'warning' | 'error' | 'retry';

export interface NoticeCell extends CellBase {
  kind: 'notice';
  level: NoticeLevel;
  /** What happened, in plain words. */
  text: string;
  /** What the person can do next, when there is something. */
  advice: string | null;
  /** The agent's own words, when they differ from `text` (kept for whoever needs the details). */
  detail: string | null;
}

/**
 * What came of an undo: `restored` (files put back), `nothing` (nothing to put back), `unavailable` (no
 * snapshot can exist here, outside git say), `failed` (the restore broke off part way).
 */
export type UndoOutcome = 'restored' | 'nothing' | 'unavailable' | 'failed';

/** One undo, from undo_started (`running`) to its undo_completed. */
export interface UndoCell extends CellBase {
  kind: 'undo';
  state: 'running' | UndoOutcome;
  /** The agent's words: what it is doing, then what came of it. */
  text: string;
  /** What the person can do about an undo that did not restore anything, when there is something. */
  advice: string | null;
}

/** The place where the model's view of the conversation was replaced by a summary. */
export interface CompactionCell extends CellBase {
  kind: 'compaction';
  /** The agent's warning that goes with it (accuracy drops with repeated compactions). */
  note: string | null;
  /** The model's summary that replaced the conversation, when the session recorded it. */
  summary: string | null;
}
