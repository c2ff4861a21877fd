import type { Cell } from '../conversation/cells.js';
import { shortCommand } from '../conversation/formatCommand.js';
import type { SessionView } from '../conversation/sessionView.js';

/** Something a session did that the person may want to hear about. */
export interface AttentionEvent {
  kind: 'approval' | 'finished' | 'failed';
  sessionId: string;
  /** A notification's title: what happened and where. */
  title: string;
  /** A notification's body: the command, the answer's first words, the error. */
  body: string;
}

const BODY_CHARS = 160;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= BODY_CHARS ? flat : `${flat.slice(0, BODY_CHARS - 1).trimEnd()}…`;
}

function approvalBody(view: SessionView, callId: string): string {
  for (let i = view.cells.length - 1; i >= 0; i -= 1) {
    const cell = view.cells[i];
    if (cell?.kind !== 'approval' || cell.callId !== callId) continue;
    if (cell.request.type === 'exec') return clip(`Run ${shortCommand(cell.request.command)}?`);
    const files = Object.keys(cell.request.changes).length;
    return files === 1 ? `Change ${Object.keys(cell.request.changes)[0]}?` : `Change ${files} files?`;
  }
  return 'The agent waits for your answer.';
}

/** The outcome of the turn that just ended: its error, or its last answer. */
function turnOutcome(cells: readonly Cell[]): { failed: boolean; text: string } {
  for (let i = cells.length - 1; i >= 0; i -= 1) {
    const cell = cells[i]!;
    if (cell.kind === 'user') break;
    if (cell.kind === 'notice' && cell.level === 'error') return { failed: true, text: clip(cell.text) };
    if (cell.kind === 'assistant') return { failed: false, text: clip(cell.text) };
  }
  return { failed: false, text: 'The agent is done.' };
}

/**
 * What changed between two states of a session that the person should hear of: an approval request that
 * was not there, a turn that ended. A session only now arriving (its story caught up in one go) says
 * nothing: what it asked before the page loaded is counted, not announced.
 */
export function attentionEvents(before: SessionView | undefined, after: SessionView, project: string): AttentionEvent[] {
  if (!before || before.config === null || before === after) return [];
  const events: AttentionEvent[] = [];
  const known = new Set(before.turn.pendingApprovalCallIds);
  for (const callId of after.turn.pendingApprovalCallIds) {
    if (!known.has(callId)) events.push({ kind: 'approval', sessionId: after.sessionId, title: `Approval needed in ${project}`, body: approvalBody(after, callId) });
  }
  if (before.turn.active && !after.turn.active && !after.closed) {
    const outcome = turnOutcome(after.cells);
    events.push({
      kind: outcome.failed ? 'failed' : 'finished',
      sessionId: after.sessionId,
      title: outcome.failed ? `The agent stopped with an error in ${project}` : `The agent finished in ${project}`,
      body: outcome.text,
    });
  }
  return events;
}
