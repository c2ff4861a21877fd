import { findCellIndexById, type Draft } from './draft.js';
import { newIdleTurn } from './sessionView.js';

/**
 * Ends the turn in the view. Streams stop where they are, commands that never ended are shown as
 * interrupted, approvals that were never answered can no longer be.
 */
export function endTurn(draft: Draft): void {
  for (const id of draft.turn.openCellIds) {
    const at = findCellIndexById(draft, id);
    const cell = draft.cells[at];
    if (cell === undefined) continue;
    if ((cell.kind === 'assistant' || cell.kind === 'reasoning') && cell.streaming) {
      draft.cells[at] = { ...cell, streaming: false };
    } else if (cell.kind === 'command' && cell.state === 'running') {
      draft.cells[at] = { ...cell, state: 'interrupted' };
    } else if (cell.kind === 'approval' && cell.state === 'pending') {
      draft.cells[at] = { ...cell, state: 'expired' };
    } else if (cell.kind === 'patch' && cell.state === 'applying') {
      draft.cells[at] = { ...cell, state: 'interrupted' };
    }
  }
  draft.turn = newIdleTurn();
}
