import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Cell } from '../../conversation/cells.js';
import { CellView } from '../cells/CellView.js';
import { estimateCellHeight } from './cellHeight.js';

/** Within this many pixels of the bottom counts as "at the bottom" (following the conversation). */
const AT_END_PX = 48;

/**
 * One row: the positioned box the virtualiser measures, around the cell. Memoised, so that a scroll that
 * brings new rows in does not render the rows already there again.
 */
const CellRow = memo(function CellRow({
  cell,
  index,
  sessionId,
  measure,
}: {
  cell: Cell;
  index: number;
  sessionId: string;
  measure: (element: HTMLDivElement | null) => void;
}) {
  return (
    <div className="cell-list__row" data-index={index} ref={measure}>
      <CellView cell={cell} sessionId={sessionId} />
    </div>
  );
});

/** Cells never change in place (a change makes a new cell), so an estimate holds for the cell's life. */
const estimates = new WeakMap<Cell, number>();
function estimate(cell: Cell): number {
  let height = estimates.get(cell);
  if (height === undefined) {
    height = estimateCellHeight(cell);
    estimates.set(cell, height);
  }
  return height;
}

/**
 * A row's height, from the ResizeObserver entry that reports it after each layout. A row just mounted has
 * none yet: it keeps the size known (or guessed) for it, because reading its box during React's commit would
 * force a layout per row; the observer's report follows in the same frame, before the paint.
 */
function measureRow(element: HTMLDivElement, entry: ResizeObserverEntry | undefined, instance: Virtualizer<HTMLDivElement, HTMLDivElement>): number {
  const box = entry?.borderBoxSize[0];
  if (box) return Math.round(box.blockSize);
  const index = instance.indexFromElement(element);
  return instance.itemSizeCache.get(instance.options.getItemKey(index)) ?? instance.options.estimateSize(index);
}

/** The estimated height of the whole list: where its end is before anything has been measured. */
function estimatedTotal(cells: readonly Cell[]): number {
  let total = 0;
  for (const cell of cells) total += estimate(cell);
  return total;
}

/**
 * The conversation, virtualised with @tanstack/react-virtual: only the rows in view (and a few either
 * side) are in the DOM, so 10,000 cells draw and scroll as fast as 20. It sticks to the bottom as cells
 * arrive and grow, unless the person has scrolled up to read.
 */
export function CellList({ cells, sessionId }: { cells: Cell[]; sessionId: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [atEnd, setAtEnd] = useState(true);

  // The virtualiser caches every row's position and recomputes them all whenever getItemKey changes, so
  // both callbacks keep their identity across renders and read the cells through a ref. The key function
  // changes only when the list's edges do, which is when the cached keys can have gone stale.
  const current = useRef(cells);
  current.current = cells;
  const estimateSize = useCallback((index: number) => {
    const cell = current.current[index];
    return cell ? estimate(cell) : 100;
  }, []);
  const firstId = cells[0]?.id;
  const lastId = cells[cells.length - 1]?.id;
  const getItemKey = useCallback((index: number) => current.current[index]?.id ?? index, [cells.length, firstId, lastId]);

  const virtualizer = useVirtualizer({
    count: cells.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    getItemKey,
    measureElement: measureRow,
    // Rows are rendered within the scroll event that needs them (flushSync), so a few either side are enough.
    overscan: 3,
    // The first render draws the last screenful (a conversation opens at its end) rather than the first
    // rows, which would be drawn, measured and thrown away.
    initialOffset: () => Math.max(0, estimatedTotal(current.current) - window.innerHeight),
    initialRect: { width: window.innerWidth, height: window.innerHeight },
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
  // Read from the virtualiser, which has taken in the scroll by then (its listener is added first), rather
  // than from the element: reading the element's geometry in a scroll event forces a layout.
  const following = useRef(true);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      const distance = virtualizer.getTotalSize() - (virtualizer.scrollRect?.height ?? 0) - (virtualizer.scrollOffset ?? 0);
      const nowAtEnd = distance <= AT_END_PX;
      following.current = nowAtEnd;
      setAtEnd(nowAtEnd);
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(() => {
      if (following.current) virtualizer.scrollToEnd();
    });
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
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
      <div className="cell-list" ref={scroller} role="log" aria-label="Conversation" aria-live="off">
        {cells.length === 0 && <p className="cell-list__empty">Ask for something to get started.</p>}
        <div className="cell-list__inner" ref={virtualizer.containerRef}>
          {virtualizer.getVirtualItems().map((item) => {
            const cell = cells[item.index];
            return cell ? <CellRow key={item.key} cell={cell} index={item.index} sessionId={sessionId} measure={virtualizer.measureElement} /> : null;
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
