import type { ApprovalPolicy, SandboxPolicy, TokenUsageInfo } from '../../shared/protocol/index.js';
import type { Cell } from './cells.js';

export interface SessionConfig {
  model: string;
  cwd: string;
  approvalPolicy: ApprovalPolicy;
  sandboxPolicy: SandboxPolicy;
  rolloutPath: string | null;
}

/** What the window knows of the turn that is running, if one is. */
export interface TurnProgress {
  active: boolean;
  /** The submission whose task_started began this turn; its events carry this id. */
  submissionId: string | null;
  /**
   * False while the turn is only one the window expects (the person just sent a message) and the agent has
   * not shown any sign of it yet; a failed submit then ends it at once.
   */
  confirmed: boolean;
  /** Cell ids of the assistant message and reasoning that deltas are streaming into. */
  streamingAssistantId: string | null;
  streamingReasoningId: string | null;
  /** The turn's one diff cell: turn_diff is cumulative, so later ones replace it. */
  turnDiffId: string | null;
  /** The running turn's turn_id, which its patch cells keep (an undo or a revert names the turn by it). */
  turnId: string | null;
  /** call_ids of commands that began and have not ended, oldest first. */
  runningCallIds: string[];
  /** call_ids of approval requests the person has not answered, oldest first. */
  pendingApprovalCallIds: string[];
  /**
   * Cells of this turn that are not final yet (streaming, running, applying, waiting for an answer). The end
   * of a turn settles exactly these, and events about a call look for its cell among them, so neither has
   * to walk a 10,000-cell conversation.
   */
  openCellIds: string[];
  /** Set by stream_error, cleared by anything that shows the model is answering again. */
  retry: { attempt: number | null; maxAttempts: number | null } | null;
}

/**
 * An undo, rollback or compaction this window asked for, from the request until the agent's answer. Only
 * the window that asked has one, so only it sends the rollback that follows an undo and refills its
 * composer. `rollback_due`: the undo worked and the conversation part is to be sent now (by the store,
 * which alone may submit).
 */
export type HistoryEdit =
  | { step: 'undoing'; submissionId: string; thenRollback: boolean }
  | { step: 'rollback_due' }
  | { step: 'rolling_back'; submissionId: string }
  | { step: 'compacting'; submissionId: string };

export interface SessionView {
  sessionId: string;
  config: SessionConfig | null;
  cells: Cell[];
  /** Ids of user cells typed here whose user_message echo has not come yet, oldest first. */
  awaitingEcho: string[];
  /** Source of cell ids; only ever grows. */
  nextCellNumber: number;
  turn: TurnProgress;
  tokenInfo: TokenUsageInfo | null;
  modelContextWindow: number | null;
  /** An error said the API key is missing or refused; the window leads the person to Settings. */
  needsApiKey: boolean;
  /** shutdown_complete arrived: the session takes no more input. */
  closed: boolean;
  historyEdit: HistoryEdit | null;
  /**
   * The person's words of turns this window took out of the conversation, for the composer to take back
   * (once: it clears this when it does).
   */
  composerRefill: string | null;
  /**
   * A resumed session comes in pages, newest first: the index in its replay of the first event drawn. The
   * earlier ones are still with the host (see renderer/store/olderTurns.ts); 0 when the whole conversation is here.
   */
  replayFrom: number;
}

export const idleTurn: TurnProgress = {
  active: false,
  submissionId: null,
  confirmed: false,
  streamingAssistantId: null,
  streamingReasoningId: null,
  turnDiffId: null,
  turnId: null,
  runningCallIds: [],
  pendingApprovalCallIds: [],
  openCellIds: [],
  retry: null,
};

/** A fresh idle turn whose lists may be changed in place. */
export function newIdleTurn(): TurnProgress {
  return { ...idleTurn, runningCallIds: [], pendingApprovalCallIds: [], openCellIds: [] };
}

export function emptySessionView(sessionId: string): SessionView {
  return {
    sessionId,
    config: null,
    cells: [],
    awaitingEcho: [],
    nextCellNumber: 1,
    turn: idleTurn,
    tokenInfo: null,
    modelContextWindow: null,
    needsApiKey: false,
    closed: false,
    historyEdit: null,
    composerRefill: null,
    replayFrom: 0,
  };
}
