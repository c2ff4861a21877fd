import { useMemo } from 'react';
import type { TurnDiffCell } from '../../conversation/cells.js';
import { useApp } from '../../store/StoreContext.js';
import { revertKey } from '../../store/reviewSlice.js';
import { DiffReview } from '../diff/DiffReview.js';
import { parseUnifiedDiff } from '../diff/fileDiffs.js';
import { FoldButton } from './FoldButton.js';
import { useToggle } from './useToggle.js';

/** A turn's changes: folded to a line with its files and counts; open, the diff to review and revert file by file. */
export function TurnDiffCellView({ cell, toggleKey, sessionId }: { cell: TurnDiffCell; toggleKey: string; sessionId: string }) {
  const [open, setOpen] = useToggle(toggleKey, false);
  const files = useMemo(() => parseUnifiedDiff(cell.unifiedDiff), [cell.unifiedDiff]);
  const openReview = useApp((s) => s.openReview);
  const revertFile = useApp((s) => s.revertFile);
  const reverting = useApp((s) => s.reverting);
  const added = files.reduce((sum, file) => sum + file.added, 0);
  const removed = files.reduce((sum, file) => sum + file.removed, 0);
  const turnId = cell.turnId;
  const canRevert = turnId !== null && !cell.undone;
  const busy = turnId === null ? [] : files.filter((file) => reverting[revertKey(sessionId, turnId, file.path)]).map((file) => file.path);
  return (
    <div className={`cell cell--turn-diff${cell.undone ? ' turn-diff--undone' : ''}`}>
      <div className="command__header">
        <FoldButton open={open} onToggle={setOpen} controls={`${toggleKey}-diff`}>
          <span className="fold__label">Changes in this turn</span>
          <span className="fold__detail">
            {files.length === 1 ? files[0]?.path : `${files.length} files`} · <span className="count--add">+{added}</span>{' '}
            <span className="count--delete">−{removed}</span>
          </span>
        </FoldButton>
        {cell.undone && <span className="badge badge--muted">Undone</span>}
        <button type="button" className="button button--small" onClick={() => openReview('turn', cell.id)}>
          Review changes
        </button>
      </div>
      {open && (
        <div id={`${toggleKey}-diff`}>
          <DiffReview
            files={files}
            label="Changes in this turn"
            capped
            reverted={cell.reverted}
            reverting={busy}
            {...(canRevert ? { onRevert: (path: string) => void revertFile(sessionId, turnId, path) } : {})}
          />
        </div>
      )}
    </div>
  );
}
