import type { Cell } from './cells.js';
import type { SessionView } from './sessionView.js';

/**
 * A SessionView being changed by one batch of events. The cell array and the turn's lists are copied once
 * per batch and then changed in place, so replaying 10,000 events costs O(n), not O(n^2); cells themselves
 * are never changed in place, only replaced, so rows can still be memoised on them.
 */
export type Draft = SessionView & {
  /**
   * While replayed events are folded in: the index in the session's replay of the event being folded, and how
   * many cells it made so far. Replayed cells are named after the event that made them (`r12`, then `r12.1`),
   * so that a page of older turns folded in later, or the whole replay folded again, names them the same.
   */
  replayAt?: { index: number; made: number };
};

export function beginDraft(view: SessionView): Draft {
  return {
    ...view,
    cells: view.cells.slice(),
    awaitingEcho: view.awaitingEcho.slice(),
    turn: {
      ...view.turn,
      runningCallIds: view.turn.runningCallIds.slice(),
      pendingApprovalCallIds: view.turn.pendingApprovalCallIds.slice(),
      openCellIds: view.turn.openCellIds.slice(),
    },
  };
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type NewCell = WithoutId<Cell>;

export function pushCell(draft: Draft, cell: NewCell): Cell {
  const at = draft.replayAt;
  let id: string;
  if (at === undefined) {
    id = `c${draft.nextCellNumber}`;
    draft.nextCellNumber += 1;
  } else {
    id = at.made === 0 ? `r${at.index}` : `r${at.index}.${at.made}`;
    at.made += 1;
  }
  const withId = { ...cell, id } as Cell;
  draft.cells.push(withId);
  return withId;
}

/** Index of the newest cell that matches; new events nearly always concern cells near the end. */
export function findLastCellIndex(draft: Draft, match: (cell: Cell) => boolean): number {
  for (let i = draft.cells.length - 1; i >= 0; i -= 1) {
    const cell = draft.cells[i];
    if (cell !== undefined && match(cell)) return i;
  }
  return -1;
}

/** Index of the newest open cell of the turn that matches (see TurnProgress.openCellIds). */
export function findOpenCellIndex(draft: Draft, match: (cell: Cell) => boolean): number {
  for (let i = draft.turn.openCellIds.length - 1; i >= 0; i -= 1) {
    const at = findCellIndexById(draft, draft.turn.openCellIds[i] ?? null);
    const cell = draft.cells[at];
    if (cell !== undefined && match(cell)) return at;
  }
  return -1;
}

/** Adds a cell that is not final yet; the end of the turn settles it if nothing else does. */
export function pushOpenCell(draft: Draft, cell: NewCell): Cell {
  const pushed = pushCell(draft, cell);
  draft.turn.openCellIds.push(pushed.id);
  return pushed;
}

export function findCellIndexById(draft: Draft, id: string | null): number {
  return id === null ? -1 : findLastCellIndex(draft, (cell) => cell.id === id);
}

export function replaceCellAt<C extends Cell>(draft: Draft, index: number, update: (cell: Cell) => C): void {
  const cell = draft.cells[index];
  if (cell !== undefined) draft.cells[index] = update(cell);
}

export function removeFrom(list: string[], value: string): void {
  const at = list.indexOf(value);
  if (at >= 0) list.splice(at, 1);
}
