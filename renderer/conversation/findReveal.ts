import type { Cell } from './cells.js';
import { cellIndexForHit } from './find.js';

/** A session search's hit to show: its words, which of its places (host numbering), and a nonce per opening. */
export interface SearchHitReveal {
  query: string;
  occurrence: number;
  nonce: number;
}

/** What to do with a reveal: open the finder on `query` and jump to cell `index` (null: the hit was not found). */
export interface RevealTarget {
  nonce: number;
  query: string;
  index: number | null;
}

/**
 * The target of a reveal not yet applied, once the session's cells are there (`whole`: all of them, the older
 * turns of a resumed session too). A reveal that arrives before them (a session being resumed) waits, as the caller keeps it, until they come; each nonce is applied once,
 * so that cells streaming in afterwards do not pull the view back to the hit.
 */
export function revealTarget(reveal: SearchHitReveal | null | undefined, appliedNonce: number | null, cells: readonly Cell[], whole = true): RevealTarget | null {
  // The host counts a hit's place from the session's first event: the count needs every cell, older turns too.
  if (!reveal || reveal.nonce === appliedNonce || cells.length === 0 || !whole) return null;
  return { nonce: reveal.nonce, query: reveal.query, index: cellIndexForHit(cells, reveal.query, reveal.occurrence) };
}
