import type { EventMsgOf } from '../../shared/protocol/index.js';
import type { Cell, PatchCell, TurnDiffCell } from './cells.js';
import { findLastCellIndex, pushCell, type Draft } from './draft.js';
import { endTurn } from './endTurn.js';
import { readUndoResult } from './undoOutcome.js';

/**
 * The parts of the event reducer for changes to the conversation as a whole: undo, rollback and
 * compaction. `submissionId` is the id the event carries (null for replayed events), which tells the
 * window's own requests (SessionView.historyEdit) from those of other windows.
 */

export function startUndo(draft: Draft, msg: EventMsgOf<'undo_started'>): void {
  const text = msg.message?.trim() || 'Restoring the files as they were before the last turn…';
  pushCell(draft, { kind: 'undo', state: 'running', text, advice: null });
}

export function finishUndo(draft: Draft, msg: EventMsgOf<'undo_completed'>, submissionId: string | null): void {
  const result = readUndoResult(msg.success, msg.message ?? null);
  const finished = { kind: 'undo' as const, state: result.outcome, text: result.text, advice: result.advice };
  if (msg.success && msg.turn_id) markTurn(draft, msg.turn_id, (cell) => ({ ...cell, undone: true }));
  const at = findLastCellIndex(draft, (cell) => cell.kind === 'undo' && cell.state === 'running');
  const running = draft.cells[at];
  if (running) draft.cells[at] = { ...finished, id: running.id };
  else pushCell(draft, finished);

  const edit = draft.historyEdit;
  if (edit?.step === 'undoing' && edit.submissionId === submissionId) {
    // The conversation is only taken back once the files are: a failed undo leaves both as they are.
    draft.historyEdit = msg.success && edit.thenRollback ? { step: 'rollback_due' } : null;
  }
}

/** Replaces every patch and turn-diff cell of a turn; an undo or a revert happens rarely, so a walk of the cells will do. */
function markTurn(draft: Draft, turnId: string, update: <C extends PatchCell | TurnDiffCell>(cell: C) => C): void {
  draft.cells.forEach((cell, at) => {
    if ((cell.kind === 'patch' || cell.kind === 'turn_diff') && cell.turnId === turnId) draft.cells[at] = update(cell);
  });
}

/**
 * Whether a patch's path (relative to the session's folder, or absolute outside it) is the file a turn diff
 * names (relative to the repository's top folder, which may hold the session's folder).
 */
export function samePatchedFile(patchPath: string, diffPath: string): boolean {
  return patchPath === diffPath || diffPath.endsWith(`/${patchPath}`) || patchPath.endsWith(`/${diffPath}`);
}

/** The person put one file of a turn back: its cells say so, and a line in the conversation says what was done. */
export function markReverted(draft: Draft, msg: EventMsgOf<'file_reverted'>): void {
  markTurn(draft, msg.turn_id, (cell) => {
    if (cell.reverted.includes(msg.path)) return cell;
    if (cell.kind === 'turn_diff') return { ...cell, reverted: [...cell.reverted, msg.path] };
    const patched = Object.keys((cell as PatchCell).changes).find((file) => samePatchedFile(file, msg.path));
    return patched === undefined ? cell : { ...cell, reverted: [...cell.reverted, msg.path] };
  });
  pushCell(draft, { kind: 'notice', level: 'info', text: msg.message, advice: null, detail: null });
}

/**
 * Takes the last `numTurns` turns out of the view, as the agent took them out of the model's conversation:
 * from the person's message that began the earliest of them to the end. What happened to the conversation
 * as a whole since (an undo, a compaction) stays, and so do messages typed here that the agent has not
 * taken in yet. When this window asked for it, the person's words come back for the composer.
 */
export function rollBack(draft: Draft, numTurns: number, submissionId: string | null): void {
  const edit = draft.historyEdit;
  const asked = edit?.step === 'rolling_back' && edit.submissionId === submissionId;
  if (asked) draft.historyEdit = null;

  const cut = turnStartIndex(draft.cells, numTurns);
  const removedWords: string[] = [];
  if (cut >= 0) {
    const kept = draft.cells.slice(0, cut);
    for (let i = cut; i < draft.cells.length; i += 1) {
      const cell = draft.cells[i] as Cell;
      if (cell.kind === 'user' && cell.delivery === 'recorded') removedWords.push(cell.text);
      else if (outlivesRollback(cell)) kept.push(cell);
    }
    draft.cells = kept;
    const keptIds = new Set(kept.map((cell) => cell.id));
    draft.awaitingEcho = draft.awaitingEcho.filter((id) => keptIds.has(id));
  }
  endTurn(draft);

  const refilled = asked && removedWords.length > 0;
  if (refilled) draft.composerRefill = removedWords.join('\n\n');
  const turns = numTurns === 1 ? 'the last turn' : `the last ${numTurns} turns`;
  pushCell(draft, {
    kind: 'notice',
    level: 'info',
    text: `Took ${turns} out of the conversation.`,
    advice: refilled ? `Your message is back in the message box, to change and send again.` : null,
    detail: null,
  });
}

/** Index of the person's message that began the `numTurns`-th last turn (the first turn when there are fewer); -1 when there is none. */
function turnStartIndex(cells: readonly Cell[], numTurns: number): number {
  let seen = 0;
  let earliest = -1;
  for (let i = cells.length - 1; i >= 0; i -= 1) {
    const cell = cells[i];
    if (cell?.kind !== 'user' || cell.delivery !== 'recorded') continue;
    earliest = i;
    seen += 1;
    if (seen === numTurns) break;
  }
  return earliest;
}

function outlivesRollback(cell: Cell): boolean {
  return cell.kind === 'undo' || cell.kind === 'compaction' || (cell.kind === 'user' && cell.delivery !== 'recorded');
}

export function markCompacted(draft: Draft, summary: string | null): void {
  pushCell(draft, { kind: 'compaction', note: null, summary });
}

/** The agent follows context_compacted with a warning about accuracy; it belongs on the divider. True when it went there. */
export function noteOnCompaction(draft: Draft, warning: string): boolean {
  const last = draft.cells[draft.cells.length - 1];
  if (last?.kind !== 'compaction' || last.note !== null) return false;
  draft.cells[draft.cells.length - 1] = { ...last, note: warning };
  return true;
}

/**
 * The agent answered the window's request with an error (refused while a turn ran, say), or the compaction
 * it asked for ended: nothing more will come of it.
 */
export function settleHistoryEdit(draft: Draft, submissionId: string | null, turnEnded: boolean): void {
  const edit = draft.historyEdit;
  if (edit === null || edit.step === 'rollback_due') return;
  // A compaction is a turn of its own, and no other turn runs beside it: any end of a turn is its end.
  if (edit.submissionId === submissionId || (turnEnded && edit.step === 'compacting')) draft.historyEdit = null;
}
