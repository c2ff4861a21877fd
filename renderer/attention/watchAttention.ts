import type { TandemApi } from '../../shared/host/contract.js';
import type { SessionView } from '../conversation/sessionView.js';
import { waitingCount } from '../sidebar/sessionRows.js';
import type { AppStore } from '../store/appStore.js';
import { folderName } from '../ui/start/folderName.js';
import { attentionEvents, type AttentionEvent } from './attentionEvents.js';

/** What the page knows of itself, behind a seam so that the rules can be tested without a browser. */
export interface PageSignals {
  /** The person is looking at the page: visible and focused. */
  attending(): boolean;
  setTitle(title: string): void;
  /** Shows a web notification if the person allowed them; clicking it calls `onClick`. */
  notify(event: AttentionEvent, onClick: () => void): void;
}

export function browserSignals(): PageSignals {
  return {
    attending: () => document.visibilityState === 'visible' && document.hasFocus(),
    setTitle: (title) => {
      if (document.title !== title) document.title = title;
    },
    notify: (event, onClick) => {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      const notification = new Notification(event.title, { body: event.body, tag: `tandem-${event.sessionId}` });
      notification.onclick = () => {
        window.focus();
        onClick();
        notification.close();
      };
    },
  };
}

/** The window's own title for what it shows, before the count of sessions waiting. */
export function screenTitle(state: ReturnType<AppStore['getState']>): string {
  if (state.screen !== 'conversation' || state.activeSessionId === null) return 'Tandem';
  const view = state.sessions[state.activeSessionId];
  const cwd = view?.config?.cwd ?? state.sessionFolders[state.activeSessionId];
  return cwd ? `${folderName(cwd)} — Tandem` : 'Tandem';
}

/**
 * Keeps the person told about sessions that need them, wherever they are looking: the window's title counts
 * the sessions waiting for an approval ("(2) Tandem"), the dock or taskbar badge too (under Electron), and
 * an approval request or a turn's end in a session the person is not looking at brings a system
 * notification, if Settings allow. Screen readers hear of every one of them, shown or not.
 */
export function watchAttention(store: AppStore, api: TandemApi, page: PageSignals = browserSignals()): () => void {
  let lastBadge = -1;
  let lastTitle = '';

  const tell = (event: AttentionEvent) => {
    const state = store.getState();
    state.announce(`${event.title}. ${event.body}`);
    if (state.settings?.notifications === false) return;
    const looking = page.attending() && state.screen === 'conversation' && state.activeSessionId === event.sessionId;
    if (looking) return;
    const show = () => store.getState().showSession(event.sessionId);
    if (api.door === 'ipc') {
      void api.request('attention', { badge: waitingCount(state.sessions), notify: { session_id: event.sessionId, title: event.title, body: event.body } }).catch(() => undefined);
    } else {
      page.notify(event, show);
    }
  };

  const update = (state: ReturnType<AppStore['getState']>, previous: ReturnType<AppStore['getState']>) => {
    const count = waitingCount(state.sessions);
    const title = `${count > 0 ? `(${count}) ` : ''}${screenTitle(state)}`;
    if (title !== lastTitle) {
      lastTitle = title;
      page.setTitle(title);
    }
    if (api.door === 'ipc' && count !== lastBadge) {
      lastBadge = count;
      void api.request('attention', { badge: count }).catch(() => undefined);
    }
    if (state.sessions === previous.sessions) return;
    for (const [sessionId, view] of Object.entries(state.sessions) as [string, SessionView][]) {
      const before = previous.sessions[sessionId];
      if (before === view) continue;
      const cwd = view.config?.cwd ?? state.sessionFolders[sessionId] ?? '';
      for (const event of attentionEvents(before, view, folderName(cwd))) tell(event);
    }
  };

  update(store.getState(), store.getState());
  const unsubscribe = store.subscribe(update);
  const stopClicks = api.onShowSession?.((sessionId) => store.getState().showSession(sessionId));
  return () => {
    unsubscribe();
    stopClicks?.();
  };
}
