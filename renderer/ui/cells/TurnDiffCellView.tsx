import type { TurnDiffCell } from '../../conversation/cells.js';
import { DiffView } from '../diff/DiffView.js';
import { countDiffLines, diffFiles } from '../diff/diffText.js';
import { FoldButton } from './FoldButton.js';
import { useToggle } from './useToggle.js';

export function TurnDiffCellView({ cell, toggleKey }: { cell: TurnDiffCell; toggleKey: string }) {
  const [open, setOpen] = useToggle(toggleKey, false);
  const lines = cell.unifiedDiff.split('\n');
  const counts = countDiffLines(lines);
  const files = diffFiles(cell.unifiedDiff);
  return (
    <div className="cell cell--turn-diff">
      <FoldButton open={open} onToggle={setOpen} controls={`${toggleKey}-diff`}>
        <span className="fold__label">Changes in this turn</span>
        <span className="fold__detail">
          {files.length === 1 ? files[0] : `${files.length} files`} · <span className="count--add">+{counts.added}</span>{' '}
          <span className="count--delete">−{counts.deleted}</span>
        </span>
      </FoldButton>
      {open && (
        <div id={`${toggleKey}-diff`}>
          <DiffView lines={lines} label="Changes in this turn" />
        </div>
      )}
    </div>
  );
}
