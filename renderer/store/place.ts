import type { AppStore } from './appStore.js';

/** Where the person is, as the page's address says it: a session, or the start screen (null). */
export function sessionInAddress(search: string): string | null {
  return new URLSearchParams(search).get('session');
}

/** The address for a place, keeping every other parameter (the door's token above all). */
export function addressFor(href: string, sessionId: string | null): string {
  const url = new URL(href);
  if (sessionId === null) url.searchParams.delete('session');
  else url.searchParams.set('session', sessionId);
  return `${url.pathname}${url.search}${url.hash}`;
}

const LAST_PLACE_KEY = 'tandem.lastSession';

/** The session shown when the window last closed, for a desktop window opening again with no address to go by. */
export function lastSessionShown(): string | null {
  try {
    return globalThis.localStorage?.getItem(LAST_PLACE_KEY) ?? null;
  } catch {
    return null;
  }
}

/**
 * Keeps the page's address on the screen and session shown, one history entry per switch, so that a reload
 * comes back to the same place and Back and Forward move between the sessions visited.
 */
export function syncPlaceWithAddress(store: AppStore): () => void {
  let applying = false;
  const shown = () => {
    const state = store.getState();
    return state.screen === 'conversation' ? state.activeSessionId : null;
  };
  let current = shown();

  const unsubscribe = store.subscribe(() => {
    const next = shown();
    if (next === current || applying) return;
    current = next;
    try {
      if (next !== null) localStorage.setItem(LAST_PLACE_KEY, next);
      else localStorage.removeItem(LAST_PLACE_KEY);
    } catch {
      // No storage: the address alone keeps the place.
    }
    if (sessionInAddress(window.location.search) === next) return;
    try {
      window.history.pushState(null, '', addressFor(window.location.href, next));
    } catch {
      // A page loaded from a file may not rewrite its address; the stored place still works.
    }
  });

  const onPop = () => {
    const wanted = sessionInAddress(window.location.search);
    applying = true;
    try {
      const state = store.getState();
      if (wanted === null) state.showStart();
      else if (state.sessions[wanted]) state.showSession(wanted);
      else {
        const saved = state.sessionList.find((summary) => summary.id === wanted);
        const live = state.liveSessions.find((session) => session.session_id === wanted);
        if (live) void state.showLiveSession(live);
        else if (saved) void state.openFolder(saved.cwd, saved.id);
      }
    } finally {
      applying = false;
      current = shown();
    }
  };
  window.addEventListener('popstate', onPop);
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', onPop);
  };
}
