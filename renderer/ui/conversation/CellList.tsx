import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Cell } from '../../conversation/cells.js';
import { CellView } from '../cells/CellView.js';

/** First guesses of row heights; rows are measured once drawn. */
const ESTIMATED_HEIGHT: Record<Cell['kind'], number> = {
  user: 64,
  assistant: 140,
  reasoning: 40,
  command: 84,
  patch: 160,
  approval: 48,
  plan: 120,
  turn_diff: 44,
  notice: 64,
  undo: 48,
  compaction: 64,
};

/** Within this many pixels of the bottom counts as "at the bottom" (following the conversation). */
const AT_END_PX = 48;

/**
 * The conversation, virtualised with @tanstack/react-virtual: only the rows in view (and a few either
 * side) are in the DOM, so 10,000 cells draw and scroll as fast as 20. It sticks to the bottom as cells
 * arrive and grow, unless the person has scrolled up to read.
 */
export function CellList({ cells, sessionId }: { cells: Cell[]; sessionId: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [atEnd, setAtEnd] = useState(true);

  const virtualizer = useVirtualizer({
    count: cells.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => ESTIMATED_HEIGHT[cells[index]?.kind ?? 'assistant'],
    getItemKey: (index) => cells[index]?.id ?? index,
    overscan: 6,
    // Keeps the bottom in place while rows grow (a streaming message) and follows new rows, but only while
    // the person is at the bottom.
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: AT_END_PX,
    // Scrolling moves rows by writing their transform directly, without a React render per frame.
    directDomUpdates: true,
  });

  // Whether the person is following the end, as of their last scroll. A change of the list's own height
  // (the approval card or a banner coming and going) is not a scroll and must not lose the end.
  const following = useRef(true);
  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const nowAtEnd = element.scrollHeight - element.scrollTop - element.clientHeight <= AT_END_PX;
    following.current = nowAtEnd;
    setAtEnd(nowAtEnd);
  };
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      if (following.current) virtualizer.scrollToEnd();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [virtualizer]);

  // A conversation opens at its latest message.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
  }, [virtualizer]);

  // What the person just typed is shown even if they had scrolled up.
  const last = cells[cells.length - 1];
  const typedLast = last?.kind === 'user' && last.delivery !== 'recorded' ? last.id : null;
  useEffect(() => {
    if (typedLast) virtualizer.scrollToEnd();
  }, [typedLast, virtualizer]);

  return (
    <div className="cell-list-frame">
      <div className="cell-list" ref={scroller} onScroll={onScroll} role="log" aria-label="Conversation" aria-live="off">
        {cells.length === 0 && <p className="cell-list__empty">Ask for something to get started.</p>}
        <div className="cell-list__inner" ref={virtualizer.containerRef}>
        {virtualizer.getVirtualItems().map((item) => {
          const cell = cells[item.index];
          if (!cell) return null;
          return (
            <div key={item.key} className="cell-list__row" data-index={item.index} ref={virtualizer.measureElement}>
              <CellView cell={cell} sessionId={sessionId} />
            </div>
          );
        })}
        </div>
      </div>
      {!atEnd && (
        <button type="button" className="jump-to-end button button--small" onClick={() => virtualizer.scrollToEnd()}>
          Jump to latest
        </button>
      )}
    </div>
  );
}
