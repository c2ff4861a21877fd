import type { CompactionCell } from '../../conversation/cells.js';
import { MarkdownText } from '../markdown/Markdown.js';
import { FoldButton } from './FoldButton.js';
import { useToggle } from './useToggle.js';

/**
 * A divider across the conversation: what is above it, the model now knows only from its own summary, which
 * unfolds here to be read. Everything above stays on screen, for the person.
 */
export function CompactionCellView({ cell, toggleKey }: { cell: CompactionCell; toggleKey: string }) {
  const [open, setOpen] = useToggle(toggleKey, false);
  return (
    <div className="cell cell--compaction">
      <p className="compaction__rule">
        <span className="compaction__title">Conversation compacted</span>
      </p>
      {cell.note && <p className="compaction__note">{cell.note}</p>}
      {cell.summary && (
        <>
          <FoldButton open={open} onToggle={setOpen} controls={`${toggleKey}-summary`}>
            <span className="fold__label">{open ? 'Hide the summary' : 'Show the summary the model kept'}</span>
          </FoldButton>
          {open && (
            <div id={`${toggleKey}-summary`} className="compaction__summary">
              <MarkdownText text={cell.summary} />
            </div>
          )}
        </>
      )}
    </div>
  );
}
