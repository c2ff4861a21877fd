import type { CompactionCell } from '../../conversation/cells.js';

/**
 * A divider across the conversation: what is above it, the model now knows only from its own summary.
 * Everything above stays on screen, for the person.
 */
export function CompactionCellView({ cell }: { cell: CompactionCell }) {
  return (
    <div className="cell cell--compaction">
      <p className="compaction__rule">
        <span className="compaction__title">Conversation compacted</span>
      </p>
      {cell.note && <p className="compaction__note">{cell.note}</p>}
    </div>
  );
}
