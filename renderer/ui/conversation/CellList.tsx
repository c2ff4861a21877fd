import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import type { Cell } from '../../conversation/cells.js';
import { useApp } from '../../store/StoreContext.js';
import { CellView } from '../cells/CellView.js';
import { CURRENT_ROW_CLASS, useFindHighlight } from '../find/highlight.js';
import { estimateCellHeight } from './cellHeight.js';

/** Within this many pixels of the bottom counts as "at the bottom" (following the conversation). */
const AT_END_PX = 48;

/**
 * Where each session's conversation was scrolled to when the person last looked away, unless it followed the
 * end: switching back shows the same place.
 */
const scrolledTo = new Map<string, number>();

/**
 * One row: the positioned box the virtualiser measures, around the cell. Memoised, so that a scroll that
 * brings new rows in does not render the rows already there again.
 */
const CellRow = memo(function CellRow({
  index,
  sessionId,
  current,
  measure,
}: {
  index: number;
  sessionId: string;
  /** Holds the finder's current match. */
  current: boolean;
  measure: (element: HTMLDivElement | null) => void;
}) {
  // The row reads its own cell: a message streaming in renders its row alone, not the list around it.
  const cell = useApp((s) => s.sessions[sessionId]?.cells[index]);
  return (
    <div className={current ? `cell-list__row ${CURRENT_ROW_CLASS}` : 'cell-list__row'} data-index={index} ref={measure} aria-current={current ? 'true' : undefined}>
      {cell && <CellView cell={cell} sessionId={sessionId} />}
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

interface RowsProps {
  cells: Cell[];
  sessionId: string;
  scrollElement: HTMLDivElement;
  onAtEnd: (atEnd: boolean) => void;
  /** Set to what scrolls the list to its end, for the "Jump to latest" button. */
  jumpToEnd: { current: (() => void) | null };
  /** Set to what the list's handle asks of the virtualiser. */
  rows: { current: CellListHandle | null };
  reveal: CellReveal | null;
  latest: { current: Cell[] };
}

/**
 * The rows of a conversation that has any, virtualised. Mounted when the first cells arrive, so that its
 * first render already starts at the end: a resumed conversation arrives whole, and a list that started at
 * the top would draw, measure and throw away its first rows.
 */
const ConversationRows = memo(ConversationRowsOf, sameRows);

/**
 * The rows need rendering again only when the list's length or its ends change (and for their other props): a
 * cell that changes in place (a streaming message, a command's output) is re-rendered by its own row, and the
 * virtualiser learns of its new height from its ResizeObserver.
 */
function sameRows(before: RowsProps, after: RowsProps): boolean {
  const { cells: a, ...restBefore } = before;
  const { cells: b, ...restAfter } = after;
  const keys = Object.keys(restBefore) as (keyof typeof restBefore)[];
  return (
    a.length === b.length &&
    a[0]?.id === b[0]?.id &&
    a[a.length - 1]?.id === b[b.length - 1]?.id &&
    keys.length === Object.keys(restAfter).length &&
    keys.every((key) => restBefore[key] === restAfter[key])
  );
}

function ConversationRowsOf({ cells, sessionId, scrollElement, onAtEnd, jumpToEnd, rows, reveal, latest }: RowsProps) {
  // The virtualiser caches every row's position and recomputes them all whenever getItemKey changes, so
  // both callbacks keep their identity across renders and read the cells through a ref. The key function
  // changes only when the list's edges do, which is when the cached keys can have gone stale.
  // The latest cells, which the list around keeps up to date even when these rows skip a render.
  const current = latest;
  current.current = cells;
  const estimateSize = useCallback((index: number) => {
    const cell = current.current[index];
    return cell ? estimate(cell) : 100;
  }, []);
  const firstId = cells[0]?.id;
  const lastId = cells[cells.length - 1]?.id;
  const getItemKey = useCallback((index: number) => current.current[index]?.id ?? index, [cells.length, firstId, lastId]);

  // Read once: reading an element's size on every render would force a layout each time.
  const [initialRect] = useState(() => ({ width: scrollElement.clientWidth, height: scrollElement.clientHeight }));
  const virtualizer = useVirtualizer({
    count: cells.length,
    getScrollElement: () => scrollElement,
    estimateSize,
    getItemKey,
    measureElement: measureRow,
    // Rows are rendered within the scroll event that needs them (flushSync), so a few either side are enough.
    overscan: 3,
    initialOffset: () => scrolledTo.get(sessionId) ?? Math.max(0, estimatedTotal(current.current) - initialRect.height),
    initialRect,
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
  // Read from the element, as the person sees it. Not from the virtualiser's view of it: its height is the one
  // its ResizeObserver last reported, which comes after the scroll event when the list has just grown taller
  // (the approval card gone): the view, pushed up to the new end, then looked a card's height short of it, and
  // the list stopped following. Reading the element costs no layout here: the virtualiser's own listener,
  // added first, has read its scroll height already.
  const following = useRef(!scrolledTo.has(sessionId));
  const lastOffset = useRef<number | null>(null);
  useEffect(() => {
    const onScroll = () => {
      const offset = scrollElement.scrollTop;
      const distance = scrollElement.scrollHeight - scrollElement.clientHeight - offset;
      const movedUp = lastOffset.current !== null && offset < lastOffset.current - 1;
      lastOffset.current = offset;
      if (distance <= AT_END_PX) {
        following.current = true;
      } else if (movedUp) {
        // Only a move up leaves the end. Following never moves the view up.
        following.current = false;
      } else if (following.current) {
        // Still following, but short of the end: rows came in or grew faster than the view followed them (a
        // batch of events, measured taller than their guesses, while the last scroll to the end was still
        // landing). Catch up rather than take this for the person leaving the end.
        virtualizer.scrollToEnd();
        return;
      }
      if (following.current) scrolledTo.delete(sessionId);
      else scrolledTo.set(sessionId, virtualizer.scrollOffset ?? offset);
      onAtEnd(following.current);
    };
    scrollElement.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(() => {
      if (following.current) virtualizer.scrollToEnd();
    });
    observer.observe(scrollElement);
    jumpToEnd.current = () => virtualizer.scrollToEnd();
    return () => {
      scrollElement.removeEventListener('scroll', onScroll);
      observer.disconnect();
      jumpToEnd.current = null;
      onAtEnd(true);
    };
  }, [virtualizer, scrollElement, onAtEnd, jumpToEnd, sessionId]);

  // A conversation opens at its latest message, or where the person left it.
  useLayoutEffect(() => {
    if (following.current) virtualizer.scrollToEnd();
    else onAtEnd(false);
  }, [virtualizer, onAtEnd]);

  // A jump to a match leaves the end: the match stays in view as output arrives. Before the layout, so that
  // a resize of the list in the same commit (the find bar opening) does not scroll back to the end.
  const jumpTo = reveal?.index ?? null;
  const jumpNonce = reveal?.nonce;
  useLayoutEffect(() => {
    if (jumpTo === null) return;
    following.current = false;
    virtualizer.scrollToIndex(jumpTo, { align: 'center' });
  }, [jumpTo, jumpNonce, virtualizer]);

  useEffect(() => {
    rows.current = {
      scrollToIndex: (index) => {
        following.current = false;
        virtualizer.scrollToIndex(index, { align: 'center' });
      },
      firstVisibleIndex: () => {
        const top = virtualizer.scrollOffset ?? 0;
        return virtualizer.getVirtualItems().find((item) => item.end > top)?.index ?? null;
      },
    };
    return () => {
      rows.current = null;
    };
  }, [virtualizer, rows]);

  useFindHighlight(scrollElement, reveal?.query ?? '');

  // A new end while following (a batch of events can add rows, move a queued message to the end, or both, in
  // one render): go to it. The virtualiser follows an append on its own, but not an end that changed otherwise.
  useLayoutEffect(() => {
    if (following.current) virtualizer.scrollToEnd();
  }, [cells.length, lastId, virtualizer]);

  // What the person just typed is shown even if they had scrolled up.
  const last = cells[cells.length - 1];
  const typedLast = last?.kind === 'user' && last.delivery !== 'recorded' ? last.id : null;
  useEffect(() => {
    if (typedLast) virtualizer.scrollToEnd();
  }, [typedLast, virtualizer]);

  return (
    <div className="cell-list__inner" ref={virtualizer.containerRef}>
      {virtualizer.getVirtualItems().map((item) => (
        <CellRow key={item.key} index={item.index} sessionId={sessionId} current={item.index === jumpTo} measure={virtualizer.measureElement} />
      ))}
    </div>
  );
}

/**
 * The finder's hold on the list: the words to highlight in the drawn rows, the cell of the current match
 * (null: none) whose row is marked, and a nonce that changes with every jump to it.
 */
export interface CellReveal {
  index: number | null;
  query: string;
  nonce: number;
}

/** What a conversation's list does for those around it. */
export interface CellListHandle {
  /** Scrolls the cell to the middle of the view, and stops following the end. */
  scrollToIndex(index: number): void;
  /** The first cell in view, or null with none drawn. */
  firstVisibleIndex(): number | null;
}

/**
 * The conversation, virtualised with @tanstack/react-virtual: only the rows in view (and a few either
 * side) are in the DOM, so 10,000 cells draw and scroll as fast as 20. It sticks to the bottom as cells
 * arrive and grow, unless the person has scrolled up to read. The scrolling element (the log) stays the
 * same element for the session's whole life.
 */
export const CellList = memo(function CellList({
  cells,
  sessionId,
  reveal = null,
  ref,
}: {
  cells: Cell[];
  sessionId: string;
  /**
   * The finder's words and current match, null while it is closed: the words are highlighted in the drawn
   * rows, the match's row marked, and the list scrolls to that row once per nonce.
   */
  reveal?: CellReveal | null;
  ref?: Ref<CellListHandle>;
}) {
  // State rather than a ref: the rows need the element in their first render.
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null);
  const [atEnd, setAtEnd] = useState(true);
  const jumpToEnd = useRef<(() => void) | null>(null);
  const rows = useRef<CellListHandle | null>(null);
  const latest = useRef(cells);
  latest.current = cells;
  useImperativeHandle(
    ref,
    () => ({
      scrollToIndex: (index) => rows.current?.scrollToIndex(index),
      firstVisibleIndex: () => rows.current?.firstVisibleIndex() ?? null,
    }),
    [],
  );
  const empty = cells.length === 0;

  return (
    <div className="cell-list-frame">
      <div className="cell-list" ref={setScrollElement} role="log" aria-label="Conversation" aria-live="off" tabIndex={0}>
        {empty && <p className="cell-list__empty">Ask for something to get started.</p>}
        {!empty && scrollElement && (
          <ConversationRows cells={cells} sessionId={sessionId} scrollElement={scrollElement} onAtEnd={setAtEnd} jumpToEnd={jumpToEnd} rows={rows} reveal={reveal} latest={latest} />
        )}
      </div>
      {/* A row of its own under the list, not over it: the last lines stay readable while it shows. */}
      {!atEnd && !empty && (
        <div className="jump-to-end-row">
          <button type="button" className="jump-to-end button button--small" onClick={() => jumpToEnd.current?.()}>
            Jump to latest
          </button>
        </div>
      )}
    </div>
  );
});
