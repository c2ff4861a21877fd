import type { ReviewDecision } from '../../shared/protocol/index.js';
import { beginDraft, pushCell } from './draft.js';
import { settleApproval } from './reduceEvent.js';
import { endTurn } from './endTurn.js';
import type { SessionView } from './sessionView.js';

/**
 * Changes to a session's view that come from the person, not from the agent. Pure, like the event reducer.
 */

/**
 * The person sent a message. While a turn runs the agent takes it into that turn before its next model
 * request, so it shows as queued until the agent's user_message echo records it.
 */
export function addTypedMessage(view: SessionView, text: string, images: readonly string[] = []): SessionView {
  const draft = beginDraft(view);
  const queued = view.turn.active;
  const cell = pushCell(draft, { kind: 'user', text, delivery: queued ? 'queued' : 'sent', ...(images.length === 0 ? {} : { images: [...images] }) });
  draft.awaitingEcho.push(cell.id);
  if (!queued) {
    // The spinner starts now, not when the first event comes back.
    draft.turn.active = true;
    draft.turn.confirmed = false;
  }
  return draft;
}

/** Shown at once; the agent's approval_decision event, which follows, says the same. */
export function answerApproval(view: SessionView, callId: string, decision: ReviewDecision): SessionView {
  const draft = beginDraft(view);
  settleApproval(draft, callId, decision);
  return draft;
}

/** A request to the host failed: say so in the conversation, and end a turn the agent never began. */
export function noteRequestFailed(view: SessionView, what: string, error: string): SessionView {
  const draft = beginDraft(view);
  pushCell(draft, {
    kind: 'notice',
    level: 'error',
    text: `Tandem could not ${what}.`,
    advice: 'Check that Tandem is still running, then try again.',
    detail: error,
  });
  if (draft.turn.active && !draft.turn.confirmed) endTurn(draft);
  return draft;
}

/**
 * The window could not fetch what a session said while the connection to the host was down (the session
 * has ended, or Tandem was restarted). A turn that seemed to run may have ended unseen: end it here; any
 * later event of a turn still running starts the spinner again.
 */
export function noteCatchUpFailed(view: SessionView, error: string): SessionView {
  const draft = beginDraft(view);
  endTurn(draft);
  // Its answer may be among what was lost; holding on would keep undo and the composer locked.
  draft.historyEdit = null;
  pushCell(draft, {
    kind: 'notice',
    level: 'warning',
    text: 'The connection to Tandem was lost for a while, and what happened meanwhile could not be fetched.',
    advice: 'To see everything, go back to Projects and resume this session.',
    detail: error,
  });
  return draft;
}

/**
 * The person asked to undo the last turn's file changes, and with `thenRollback` to take the turn out of
 * the conversation too, which is sent only once the undo has worked.
 */
export function beginUndo(view: SessionView, submissionId: string, thenRollback: boolean): SessionView {
  return { ...view, historyEdit: { step: 'undoing', submissionId, thenRollback } };
}

/** The rollback that follows a successful undo is on its way. */
export function beginRollback(view: SessionView, submissionId: string): SessionView {
  return { ...view, historyEdit: { step: 'rolling_back', submissionId } };
}

/** The person asked for the conversation to be compacted; the agent runs it as a turn. */
export function beginCompaction(view: SessionView, submissionId: string): SessionView {
  const draft = beginDraft(view);
  draft.historyEdit = { step: 'compacting', submissionId };
  draft.turn.active = true;
  draft.turn.confirmed = false;
  return draft;
}

/** The request never reached the agent: nothing is under way any more. */
export function abandonHistoryEdit(view: SessionView): SessionView {
  return view.historyEdit === null ? view : { ...view, historyEdit: null };
}

/** The composer took the words it was given back. */
export function takeComposerRefill(view: SessionView): SessionView {
  return view.composerRefill === null ? view : { ...view, composerRefill: null };
}
