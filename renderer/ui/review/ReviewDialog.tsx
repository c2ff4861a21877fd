import { useEffect, useMemo, useRef } from 'react';
import type { Cell, TurnDiffCell } from '../../conversation/cells.js';
import { useApp } from '../../store/StoreContext.js';
import { revertKey, type ReviewScope } from '../../store/reviewSlice.js';
import { DiffReview } from '../diff/DiffReview.js';
import { parseUnifiedDiff } from '../diff/fileDiffs.js';

interface TurnChanges {
  cell: TurnDiffCell;
  /** 1-based, among the turns that changed files. */
  number: number;
  /** The person's request that began the turn. */
  request: string | null;
}

/** The turns that changed files, each with the request that began it. */
function turnsWithChanges(cells: readonly Cell[]): TurnChanges[] {
  const turns: TurnChanges[] = [];
  let request: string | null = null;
  for (const cell of cells) {
    if (cell.kind === 'user') request = cell.text;
    else if (cell.kind === 'turn_diff') turns.push({ cell, number: turns.length + 1, request });
  }
  return turns;
}

function TurnSection({ turn, sessionId, heading }: { turn: TurnChanges; sessionId: string; heading: boolean }) {
  const files = useMemo(() => parseUnifiedDiff(turn.cell.unifiedDiff), [turn.cell.unifiedDiff]);
  const revertFile = useApp((s) => s.revertFile);
  const reverting = useApp((s) => s.reverting);
  const turnId = turn.cell.turnId;
  const busy = turnId === null ? [] : files.filter((file) => reverting[revertKey(sessionId, turnId, file.path)]).map((file) => file.path);
  const label = `Turn ${turn.number}`;
  return (
    <section className="review__turn" aria-label={label}>
      {heading && (
        <h3 className="review__turn-title">
          {label}
          {turn.request && <span className="review__request"> · {turn.request.split('\n')[0]}</span>}
          {turn.cell.undone && <span className="badge badge--muted">Undone</span>}
        </h3>
      )}
      <DiffReview
        files={files}
        label={`Changes of ${label.toLowerCase()}`}
        reverted={turn.cell.reverted}
        reverting={busy}
        {...(turnId !== null && !turn.cell.undone ? { onRevert: (path: string) => void revertFile(sessionId, turnId, path) } : {})}
      />
    </section>
  );
}

/**
 * The review view: a turn's changes, or the whole session's turn by turn, in a large dialog whose body is the
 * one scroller. Opened by "Review changes" on a turn's changes, by the conversation menu, or by /diff.
 */
export function ReviewDialog({ sessionId }: { sessionId: string }) {
  const review = useApp((s) => s.review);
  const cells = useApp((s) => s.sessions[sessionId]?.cells);
  const openReview = useApp((s) => s.openReview);
  const closeReview = useApp((s) => s.closeReview);
  const dialog = useRef<HTMLDialogElement>(null);
  const open = review !== null && review.sessionId === sessionId;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const turns = useMemo(() => turnsWithChanges(cells ?? []), [cells]);
  const scope: ReviewScope = review?.scope ?? 'turn';
  const shown = scope === 'session' ? turns : turns.filter((turn) => turn.cell.id === review?.cellId);
  const title = scope === 'session' ? 'Changes in this session' : shown[0] ? `Changes in turn ${shown[0].number}` : 'Changes';
  const choose = (next: ReviewScope) => openReview(next, next === 'turn' ? (review?.cellId ?? undefined) : undefined);

  return (
    <dialog ref={dialog} className="review" aria-labelledby="review-title" onClose={() => closeReview()}>
      {open && (
        <>
          <header className="review__header">
            <h2 id="review-title" className="review__title">
              {title}
            </h2>
            <div className="review__scopes" role="group" aria-label="Show">
              <button type="button" className="button button--small" aria-pressed={scope === 'turn'} disabled={review?.cellId === null} onClick={() => choose('turn')}>
                This turn
              </button>
              <button type="button" className="button button--small" aria-pressed={scope === 'session'} onClick={() => choose('session')}>
                Whole session
              </button>
            </div>
            <button type="button" className="button" onClick={() => closeReview()}>
              Close
            </button>
          </header>
          <div className="review__body">
            {shown.length === 0 ? (
              <p className="review__empty">No file changes in this {scope === 'session' ? 'session' : 'turn'} yet.</p>
            ) : (
              shown.map((turn) => <TurnSection key={turn.cell.id} turn={turn} sessionId={sessionId} heading={scope === 'session'} />)
            )}
          </div>
        </>
      )}
    </dialog>
  );
}
