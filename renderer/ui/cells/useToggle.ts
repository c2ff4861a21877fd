import { useApp } from '../../store/StoreContext.js';

/** The key a cell's fold is kept under in the store. */
export function foldKey(sessionId: string, cellId: string): string {
  return `${sessionId}/${cellId}`;
}

/**
 * Whether a foldable part of a row is open. Kept in the store, not in the row: a virtualised row is
 * unmounted when it scrolls away, and the person's choice must survive that.
 */
export function useToggle(key: string, openByDefault: boolean): [boolean, (open: boolean) => void] {
  const chosen = useApp((s) => s.toggled[key]);
  const toggle = useApp((s) => s.toggle);
  return [chosen ?? openByDefault, (open) => toggle(key, open)];
}
