import { useMemo } from 'react';
import type { PatchCell } from '../../conversation/cells.js';
import { samePatchedFile } from '../../conversation/historyEdits.js';
import { DiffReview } from '../diff/DiffReview.js';
import { fileChangeDiffs } from '../diff/fileDiffs.js';
import { FoldButton } from './FoldButton.js';
import { useToggle } from './useToggle.js';

const STATE_WORDS: Record<PatchCell['state'], string> = {
  applying: 'Applying',
  applied: 'Applied',
  failed: 'Failed',
  interrupted: 'Stopped',
};

/** Small patches are shown open; big ones fold so the conversation stays readable. */
const OPEN_UP_TO_LINES = 60;

/** What the badge says: how the patch went, or, once applied, what became of it since (an undo, a revert). */
function badge(cell: PatchCell, files: readonly string[]): { text: string; tone: string } {
  if (cell.state === 'applied' && cell.undone) return { text: 'Undone', tone: 'muted' };
  if (cell.state === 'applied' && cell.reverted.length > 0) {
    const all = files.every((file) => cell.reverted.some((path) => samePatchedFile(file, path)));
    return { text: all ? 'Reverted' : 'Partly reverted', tone: 'muted' };
  }
  const tone = cell.state === 'applied' ? 'ok' : cell.state === 'failed' ? 'bad' : cell.state === 'applying' ? 'busy' : 'muted';
  return { text: STATE_WORDS[cell.state], tone };
}

export function PatchCellView({ cell, toggleKey }: { cell: PatchCell; toggleKey: string }) {
  const diffs = useMemo(() => fileChangeDiffs(cell.changes), [cell.changes]);
  const files = diffs.map((file) => file.path);
  const added = diffs.reduce((sum, file) => sum + file.added, 0);
  const removed = diffs.reduce((sum, file) => sum + file.removed, 0);
  const [open, setOpen] = useToggle(toggleKey, added + removed <= OPEN_UP_TO_LINES);
  const shown = badge(cell, Object.keys(cell.changes));
  const reverted = files.filter((file) => cell.reverted.some((path) => samePatchedFile(file, path)));

  return (
    <div className="cell cell--patch">
      <div className="command__header">
        <FoldButton open={open} onToggle={setOpen} controls={`${toggleKey}-diff`}>
          <span className="fold__label">{files.length === 1 ? `Edit ${files[0]}` : `Edit ${files.length} files`}</span>
          <span className="fold__detail">
            <span className="count--add">+{added}</span> <span className="count--delete">−{removed}</span>
          </span>
        </FoldButton>
        <span className={`badge badge--${shown.tone}`}>
          {shown.text}
          {cell.autoApproved ? ' · no approval needed' : ''}
        </span>
      </div>
      {open && (
        <div id={`${toggleKey}-diff`}>
          <DiffReview files={diffs} label={files.length === 1 ? `Edit ${files[0]}` : `Edit ${files.length} files`} capped reverted={reverted} />
        </div>
      )}
      {cell.state === 'failed' && cell.output.trim() !== '' && <pre className="output output--error">{cell.output}</pre>}
    </div>
  );
}
