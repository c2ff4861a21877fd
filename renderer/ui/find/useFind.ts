import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Cell } from '../../conversation/cells.js';
import { findMatches, firstMatchFrom, stepMatch } from '../../conversation/find.js';
import { useAppStore } from '../../store/StoreContext.js';
import type { CellListHandle, CellReveal } from '../conversation/CellList.js';

/** Where the finder is: open or not, its words, the cell of the current match, and a nonce per jump. */
interface FindState {
  /** The session it was opened in: it does not follow the window to another session. */
  sessionId: string | null;
  open: boolean;
  query: string;
  current: number | null;
  jump: number;
  /** Bumped to focus the input and select its words. */
  focus: number;
}

export interface Find {
  open: boolean;
  query: string;
  /** The older turns of a resumed session are still coming: nothing is matched until they are here. */
  loading: boolean;
  /** The cells that match, in order; the current one's position among them, or null. */
  matches: number[];
  position: number | null;
  /** Null while the finder is closed. */
  reveal: CellReveal | null;
  focus: number;
  show(): void;
  close(): void;
  search(query: string): void;
  step(step: 1 | -1): void;
  /** Opens the finder on the words and jumps to a cell (a session search's hit). */
  showAt(query: string, index: number | null): void;
}

/**
 * The position of the match after or before the cell `current`. A current cell that no longer matches (its
 * text changed) counts from where it was: forward goes to the first match after it, back to the last before.
 */
function stepFrom(matches: readonly number[], current: number | null, direction: 1 | -1): number | null {
  if (current === null) return stepMatch(matches, null, direction);
  const at = matches.indexOf(current);
  if (at !== -1) return stepMatch(matches, at, direction);
  const after = firstMatchFrom(matches, current);
  if (after === null) return null;
  return direction === 1 ? after : stepMatch(matches, after, -1);
}

const NO_CELLS: readonly Cell[] = [];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/**
 * The in-conversation finder's state and its keys: Ctrl+F (Cmd+F on macOS) opens it in place of the
 * browser's own, F3 and Shift+F3 move through the matches while it is open. The list says where the person
 * is reading, so that a new search starts there rather than at the top.
 */
export function useFind(sessionId: string, cells: readonly Cell[], whole: boolean, list: RefObject<CellListHandle | null>, bar: RefObject<HTMLElement | null>): Find {
  const store = useAppStore();
  const [state, setState] = useState<FindState>({ sessionId: null, open: false, query: '', current: null, jump: 0, focus: 0 });
  const open = state.open && state.sessionId === sessionId;
  // Matches are cell indexes, which older turns coming in front would move: the finder waits for all of them.
  const loading = open && !whole;
  const matches = useMemo(() => (open && whole ? findMatches(cells, state.query) : []), [open, whole, cells, state.query]);
  const cellsRef = useRef(whole ? cells : NO_CELLS);
  cellsRef.current = whole ? cells : NO_CELLS;
  useEffect(() => {
    if (loading) void store.getState().loadWholeConversation(sessionId);
  }, [loading, store, sessionId]);
  const returnFocus = useRef<HTMLElement | null>(null);

  const rememberFocus = () => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && !bar.current?.contains(active)) returnFocus.current = active;
  };

  const show = useCallback(() => {
    rememberFocus();
    setState((s) => (s.sessionId === sessionId ? { ...s, open: true, focus: s.focus + 1 } : { sessionId, open: true, query: '', current: null, jump: s.jump, focus: s.focus + 1 }));
  }, [sessionId]);

  const close = useCallback(() => {
    setState((s) => ({ ...s, open: false }));
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back?.isConnected) back.focus();
  }, []);

  const search = useCallback((query: string) => {
    setState((s) => {
      const found = findMatches(cellsRef.current, query);
      const from = s.current ?? list.current?.firstVisibleIndex() ?? 0;
      const position = firstMatchFrom(found, from);
      return { ...s, query, current: position === null ? null : (found[position] ?? null), jump: s.jump + 1 };
    });
  }, [list]);

  const step = useCallback((direction: 1 | -1) => {
    setState((s) => {
      const found = findMatches(cellsRef.current, s.query);
      const position = stepFrom(found, s.current, direction);
      return { ...s, current: position === null ? null : (found[position] ?? null), jump: s.jump + 1 };
    });
  }, []);

  const showAt = useCallback((query: string, index: number | null) => {
    rememberFocus();
    setState((s) => ({ sessionId, open: true, query, current: index, jump: s.jump + 1, focus: s.focus + 1 }));
  }, [sessionId]);

  // Words typed while the older turns were coming are looked for once they are all here.
  const searchedWhole = useRef(whole);
  useEffect(() => {
    const arrived = whole && !searchedWhole.current;
    searchedWhole.current = whole;
    if (arrived && open && state.query !== '' && state.current === null) search(state.query);
  }, [whole, open, state.query, state.current, search]);

  const latest = useRef({ open, show, step });
  latest.current = { open, show, step };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || store.getState().settingsOpen) return;
      const { open: isOpen, show: showBar, step: stepBy } = latest.current;
      const command = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
      if (command && !event.shiftKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        showBar();
      } else if (isOpen && event.key === 'F3' && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        stepBy(event.shiftKey ? -1 : 1);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [store]);

  const current = open ? state.current : null;
  const at = current === null ? -1 : matches.indexOf(current);
  const reveal = useMemo(() => (open ? { index: at === -1 ? null : current, query: state.query, nonce: state.jump } : null), [open, at, current, state.query, state.jump]);
  return { open, query: open ? state.query : '', loading, matches, position: at === -1 ? null : at, reveal, focus: state.focus, show, close, search, step, showAt };
}
