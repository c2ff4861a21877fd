import type { ReasoningCell } from '../../conversation/cells.js';
import { MarkdownText } from '../markdown/Markdown.js';
import { FoldButton } from './FoldButton.js';
import { useToggle } from './useToggle.js';

/** Reasoning summaries often open with a bold title; that is what the folded row shows. */
function reasoningTitle(text: string): string {
  const firstLine = text.trimStart().split('\n')[0] ?? '';
  const bold = /^\*\*(.+?)\*\*/.exec(firstLine);
  const title = (bold?.[1] ?? firstLine).trim();
  return title.length > 90 ? `${title.slice(0, 89)}…` : title;
}

export function ReasoningCellView({ cell, toggleKey }: { cell: ReasoningCell; toggleKey: string }) {
  const [open, setOpen] = useToggle(toggleKey, false);
  const title = reasoningTitle(cell.text);
  return (
    <div className="cell cell--reasoning">
      <FoldButton open={open} onToggle={setOpen} controls={`${toggleKey}-body`}>
        <span className="fold__label">Reasoning</span>
        {title && <span className="fold__detail">{title}</span>}
      </FoldButton>
      {open && (
        <div id={`${toggleKey}-body`} className="reasoning__body">
          <MarkdownText text={cell.text} streaming={cell.streaming} />
        </div>
      )}
    </div>
  );
}
