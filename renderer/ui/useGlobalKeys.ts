import { useEffect } from 'react';
import { matchShortcut } from '../keyboard/shortcuts.js';
import { useAppStore } from '../store/StoreContext.js';

/** Focuses the message box of the conversation shown. */
export function focusComposer(): boolean {
  const box = document.querySelector<HTMLTextAreaElement>('textarea.composer__input');
  if (!box || box.disabled) return false;
  box.focus();
  return true;
}

/** The window's shortcuts (see keyboard/shortcuts.ts), wherever the focus is, except while a dialog is open. */
export function useGlobalKeys(mac: boolean): void {
  const store = useAppStore();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const state = store.getState();
      if (state.settingsOpen || state.shortcutsOpen || document.querySelector('dialog[open]')) return;
      const matched = matchShortcut(event, mac);
      if (!matched) return;
      event.preventDefault();
      switch (matched.action) {
        case 'new-session':
          void state.newSession();
          return;
        case 'focus-composer':
          focusComposer();
          return;
        case 'search-sessions': {
          if (!state.sidebar.open) state.setSidebar({ open: true });
          // After the sidebar is drawn.
          requestAnimationFrame(() => document.querySelector<HTMLInputElement>('input[aria-label="Search sessions"]')?.focus());
          return;
        }
        case 'next-session':
          void state.cycleSession(1);
          return;
        case 'previous-session':
          void state.cycleSession(-1);
          return;
        case 'nth-session':
          void state.showNthSession(matched.n ?? 1);
          return;
        case 'toggle-sidebar':
          state.setSidebar({ open: !state.sidebar.open });
          return;
        case 'shortcuts':
          state.openShortcuts(true);
          return;
        case 'find':
          return;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [store, mac]);
}
