import { useLayoutEffect } from 'react';
import { matchRanges } from '../../conversation/find.js';

/** The highlights' names, styled with `::highlight(...)` in styles.css. */
export const FIND_HIGHLIGHT = 'tandem-find';
export const CURRENT_HIGHLIGHT = 'tandem-find-current';
/** The class of the row holding the current match. */
export const CURRENT_ROW_CLASS = 'cell-list__row--current-match';

const supported = typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';

function clear(): void {
  CSS.highlights.delete(FIND_HIGHLIGHT);
  CSS.highlights.delete(CURRENT_HIGHLIGHT);
}

/** Ranges over every match of the query in the text under `root`; a match split across elements is not found. */
function rangesIn(root: Node, query: string): Range[] {
  const ranges: Range[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const [start, end] of matchRanges(node.nodeValue ?? '', query)) {
      const range = new Range();
      range.setStart(node, start);
      range.setEnd(node, end);
      ranges.push(range);
    }
  }
  return ranges;
}

function apply(root: HTMLElement, query: string): void {
  CSS.highlights.set(FIND_HIGHLIGHT, new Highlight(...rangesIn(root, query)));
  const row = root.querySelector(`.${CURRENT_ROW_CLASS}`);
  if (row) CSS.highlights.set(CURRENT_HIGHLIGHT, new Highlight(...rangesIn(row, query)));
  else CSS.highlights.delete(CURRENT_HIGHLIGHT);
}

/**
 * Highlights the query wherever it shows under `root` (the conversation's drawn rows), with the CSS Custom
 * Highlight API, which marks text without touching the DOM React owns. Rows come and go as the list scrolls
 * and cells change as they stream, so it highlights again after every change under the root (in the mutation
 * observer's microtask, before the frame paints). An empty query clears it.
 */
export function useFindHighlight(root: HTMLElement | null, query: string): void {
  useLayoutEffect(() => {
    if (!supported || !root) return;
    if (query === '') {
      clear();
      return;
    }
    apply(root, query);
    const observer = new MutationObserver(() => apply(root, query));
    observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class'] });
    return () => {
      observer.disconnect();
      clear();
    };
  }, [root, query]);
}
