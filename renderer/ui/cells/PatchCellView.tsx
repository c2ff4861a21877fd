import type { PatchCell } from '../../conversation/cells.js';
import { countDiffLines, fileChangeLines } from '../diff/diffText.js';
import { FileChangesView } from '../diff/FileChangesView.js';
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

export function PatchCellView({ cell, toggleKey }: { cell: PatchCell; toggleKey: string }) {
  const files = Object.keys(cell.changes);
  const lines = Object.values(cell.changes).flatMap(fileChangeLines);
  const counts = countDiffLines(lines);
  const [open, setOpen] = useToggle(toggleKey, lines.length <= OPEN_UP_TO_LINES);
  const tone = cell.state === 'applied' ? 'ok' : cell.state === 'failed' ? 'bad' : cell.state === 'applying' ? 'busy' : 'muted';

  return (
    <div className="cell cell--patch">
      <div className="command__header">
        <FoldButton open={open} onToggle={setOpen} controls={`${toggleKey}-diff`}>
          <span className="fold__label">
            {files.length === 1 ? `Edit ${files[0]}` : `Edit ${files.length} files`}
          </span>
          <span className="fold__detail">
            <span className="count--add">+{counts.added}</span> <span className="count--delete">−{counts.deleted}</span>
          </span>
        </FoldButton>
        <span className={`badge badge--${tone}`}>
          {STATE_WORDS[cell.state]}
          {cell.autoApproved ? ' · no approval needed' : ''}
        </span>
      </div>
      {open && (
        <div id={`${toggleKey}-diff`}>
          <FileChangesView changes={cell.changes} />
        </div>
      )}
      {cell.state === 'failed' && cell.output.trim() !== '' && <pre className="output output--error">{cell.output}</pre>}
    </div>
  );
}
