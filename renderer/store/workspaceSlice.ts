import type { SearchHit, TandemApi } from '../../shared/host/contract.js';
import { hostErrorCodeOf } from '../../shared/host/host-error.js';
import { groupByProject, rowsInOrder, sessionRows, type SessionRow } from '../sidebar/sessionRows.js';
import type { AppActions, AppState } from './appStore.js';

/** How many saved sessions the sidebar lists at first; "Show more" asks for more. Older ones are found by search. */
export const SIDEBAR_PAGE = 200;
/** How long after the last keystroke the search is sent. */
export const SEARCH_DELAY_MS = 120;
/** How long the "deleted" notice with its Undo stays. */
export const UNDO_DELETE_MS = 10_000;

export interface SidebarLayout {
  open: boolean;
  /** Pixels. */
  width: number;
}

export const SIDEBAR_MIN_WIDTH = 200;
export const SIDEBAR_MAX_WIDTH = 520;
const SIDEBAR_DEFAULT: SidebarLayout = { open: true, width: 280 };
const SIDEBAR_STORAGE_KEY = 'tandem.sidebar';

/** A place in a conversation the window should scroll to and mark once its cells are there: an opened search hit. */
export interface Reveal {
  sessionId: string;
  query: string;
  occurrence: number;
  nonce: number;
}

export type Toast =
  | { kind: 'deleted'; sessionId: string; title: string; cwd: string }
  | { kind: 'problem'; text: string };

export interface SearchState {
  query: string;
  /** The query the hits answer; differs from `query` while a search is on its way. */
  answered: string;
  hits: SearchHit[];
  truncated: boolean;
  /** The host was still reading its saved sessions (just after it started): the search asks again shortly. */
  partial?: boolean;
  busy: boolean;
  problem: string | null;
}

export interface WorkspaceState {
  sidebar: SidebarLayout;
  /** How many saved sessions were asked for. */
  sessionListLimit: number;
  /** The host may have more saved sessions than were listed. */
  sessionListMore: boolean;
  /** When each session last had an event here, ms: the sidebar's order and ages. */
  activity: Record<string, number>;
  /** Sessions deleted from this window: out of the sidebar while in the trash. */
  hiddenSessions: string[];
  toast: Toast | null;
  search: SearchState;
  reveal: Reveal | null;
  /** What the person typed and has not sent, by session. */
  drafts: Record<string, string>;
  shortcutsOpen: boolean;
  /** The latest words for screen readers (a polite live region); `n` makes the same words announced twice. */
  announcement: { text: string; n: number };
}

export interface WorkspaceActions {
  refreshSessionList(): Promise<void>;
  showMoreSessions(): Promise<void>;
  /** Shows a sidebar row: switches to it when open here, joins it when running in the host, resumes it when saved. */
  showRow(row: SessionRow): Promise<void>;
  /** A new session in the project shown (or the one given); false when it did not open. */
  newSession(cwd?: string): Promise<boolean>;
  /** Moves through the sidebar's rows: +1 the next, -1 the previous, wrapping. */
  cycleSession(step: 1 | -1): Promise<void>;
  /** The n-th row of the sidebar (1-based), as Ctrl/Cmd+1..9 do. */
  showNthSession(n: number): Promise<void>;
  renameSession(sessionId: string, title: string): Promise<boolean>;
  deleteSession(sessionId: string): Promise<void>;
  undoDelete(): Promise<void>;
  dismissToast(): void;
  setSearchQuery(query: string): void;
  openHit(hit: SearchHit): Promise<void>;
  /** The conversation has scrolled to the revealed place. */
  takeReveal(nonce: number): void;
  setDraft(sessionId: string, text: string): void;
  setSidebar(layout: Partial<SidebarLayout>): void;
  openShortcuts(open: boolean): void;
  announce(text: string): void;
}

type Full = AppState & AppActions;
type Set = (partial: Partial<Full> | ((state: Full) => Partial<Full>)) => void;
type Get = () => Full;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Below this window width the sidebar starts hidden, leaving the room to the conversation; it opens on demand. */
export const NARROW_WINDOW_PX = 900;

function readSidebarLayout(): SidebarLayout {
  const narrow = typeof window !== 'undefined' && window.innerWidth < NARROW_WINDOW_PX;
  const layout = readSavedSidebarLayout();
  return narrow ? { ...layout, open: false } : layout;
}

function readSavedSidebarLayout(): SidebarLayout {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(SIDEBAR_STORAGE_KEY) ?? 'null') as Partial<SidebarLayout> | null;
    if (!saved || typeof saved !== 'object') return SIDEBAR_DEFAULT;
    const width = typeof saved.width === 'number' ? Math.min(SIDEBAR_MAX_WIDTH, Math.max(SIDEBAR_MIN_WIDTH, saved.width)) : SIDEBAR_DEFAULT.width;
    return { open: saved.open !== false, width };
  } catch {
    return SIDEBAR_DEFAULT;
  }
}

function saveSidebarLayout(layout: SidebarLayout): void {
  try {
    globalThis.localStorage?.setItem(SIDEBAR_STORAGE_KEY, JSON.stringify(layout));
  } catch {
    // A page without storage (a private window) keeps the layout for this visit only.
  }
}

/** The sidebar's rows as it shows them, from the state. */
export function orderedRows(state: AppState): SessionRow[] {
  const rows = sessionRows(
    {
      saved: state.sessionList,
      views: state.sessions,
      folders: state.sessionFolders,
      live: state.liveSessions,
      activity: state.activity,
      hidden: new Set(state.hiddenSessions),
    },
    state.activeSessionId,
  );
  return rowsInOrder(groupByProject(rows));
}

/** How soon a search the host answered in part is asked again. */
export const PARTIAL_SEARCH_AGAIN_MS = 1_000;

const emptySearch: SearchState = { query: '', answered: '', hits: [], truncated: false, busy: false, problem: null };

/**
 * The window around the conversations: the sidebar's list and its search, several sessions at once, drafts,
 * deleting with Undo. One slice of the app's store (see appStore.ts), with its own actions.
 */
export function createWorkspaceSlice(api: TandemApi, set: Set, get: Get): WorkspaceState & WorkspaceActions {
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let searchSeq = 0;
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  let revealNonce = 0;

  const showToast = (toast: Toast | null, ms = UNDO_DELETE_MS) => {
    clearTimeout(toastTimer);
    set({ toast });
    if (toast) toastTimer = setTimeout(() => set({ toast: null }), ms);
  };

  const runSearch = async (query: string) => {
    const seq = ++searchSeq;
    try {
      const { hits, truncated, partial } = await api.request('search_sessions', { query });
      if (seq !== searchSeq) return;
      const hidden = new Set(get().hiddenSessions);
      set((state) => ({ search: { ...state.search, answered: query, hits: hits.filter((hit) => !hidden.has(hit.session_id)), truncated, partial: partial === true, busy: false, problem: null } }));
      // Asked again while the host reads, until the answer is whole (unless the person typed something else).
      if (partial === true) {
        clearTimeout(searchTimer);
        searchTimer = setTimeout(() => {
          if (seq === searchSeq) void runSearch(query);
        }, PARTIAL_SEARCH_AGAIN_MS);
      }
    } catch (err) {
      if (seq !== searchSeq) return;
      set((state) => ({ search: { ...state.search, answered: query, hits: [], busy: false, problem: `Tandem could not search: ${errorText(err)}` } }));
    }
  };

  return {
    sidebar: readSidebarLayout(),
    sessionListLimit: SIDEBAR_PAGE,
    sessionListMore: false,
    activity: {},
    hiddenSessions: [],
    toast: null,
    search: emptySearch,
    reveal: null,
    drafts: {},
    shortcutsOpen: false,
    announcement: { text: '', n: 0 },

    async refreshSessionList() {
      const limit = get().sessionListLimit;
      try {
        const { sessions } = await api.request('list_sessions', { limit });
        set({ sessionList: sessions, sessionListMore: sessions.length >= limit });
      } catch {
        // The list keeps what it showed; the next refresh tries again.
      }
    },

    async showMoreSessions() {
      set((state) => ({ sessionListLimit: state.sessionListLimit + SIDEBAR_PAGE }));
      await get().refreshSessionList();
    },

    async showRow(row) {
      const state = get();
      const view = state.sessions[row.id];
      if (view && !view.closed) {
        state.showSession(row.id);
        return;
      }
      const live = state.liveSessions.find((session) => session.session_id === row.id);
      if (live) {
        await state.showLiveSession(live);
        return;
      }
      await state.openFolder(row.cwd, row.id);
    },

    async newSession(cwd) {
      const state = get();
      const active = state.activeSessionId;
      const folder = cwd ?? (active ? (state.sessions[active]?.config?.cwd ?? state.sessionFolders[active]) : undefined) ?? state.recentProjects[0];
      if (folder === undefined) {
        // No project yet: the start screen is where one is chosen.
        state.goToStart();
        return false;
      }
      return state.openFolder(folder);
    },

    async cycleSession(step) {
      const rows = orderedRows(get());
      if (rows.length === 0) return;
      const at = rows.findIndex((row) => row.id === get().activeSessionId);
      const next = rows[(at === -1 ? (step === 1 ? 0 : rows.length - 1) : (at + step + rows.length) % rows.length)];
      if (next) await get().showRow(next);
    },

    async showNthSession(n) {
      const row = orderedRows(get())[n - 1];
      if (row) await get().showRow(row);
    },

    async renameSession(sessionId, title) {
      try {
        const renamed = await api.request('rename_session', { session_id: sessionId, title });
        set((state) => ({ sessionList: state.sessionList.map((summary) => (summary.id === sessionId ? { ...summary, title: renamed.title } : summary)) }));
        void get().refreshSessionList();
        return true;
      } catch (err) {
        showToast({ kind: 'problem', text: `Tandem could not rename the session: ${errorText(err)}` });
        return false;
      }
    },

    async deleteSession(sessionId) {
      const before = get();
      const row = orderedRows(before).find((candidate) => candidate.id === sessionId);
      // Out of the list at once, and out of view: the next session takes its place, else the start screen.
      set((state) => ({ hiddenSessions: [...state.hiddenSessions, sessionId] }));
      if (before.activeSessionId === sessionId) {
        const next = orderedRows(get()).find((candidate) => candidate.open);
        if (next) get().showSession(next.id);
        else set({ activeSessionId: null, screen: 'start' });
      }
      try {
        await api.request('delete_session', { session_id: sessionId });
        showToast({ kind: 'deleted', sessionId, title: row?.title ?? 'The session', cwd: row?.cwd ?? '' });
        set((state) => ({ search: { ...state.search, hits: state.search.hits.filter((hit) => hit.session_id !== sessionId) } }));
      } catch (err) {
        set((state) => ({ hiddenSessions: state.hiddenSessions.filter((id) => id !== sessionId) }));
        const locked = hostErrorCodeOf(err) === 'session_locked';
        showToast({ kind: 'problem', text: `${locked ? '' : 'Tandem could not delete the session: '}${errorText(err)}` });
      }
      void get().refreshSessionList();
    },

    async undoDelete() {
      const toast = get().toast;
      if (toast?.kind !== 'deleted') return;
      showToast(null);
      try {
        await api.request('restore_session', { session_id: toast.sessionId });
        set((state) => ({ hiddenSessions: state.hiddenSessions.filter((id) => id !== toast.sessionId) }));
        await get().refreshSessionList();
      } catch (err) {
        showToast({ kind: 'problem', text: `Tandem could not bring the session back: ${errorText(err)}` });
      }
    },

    dismissToast() {
      showToast(null);
    },

    setSearchQuery(query) {
      clearTimeout(searchTimer);
      const trimmed = query.trim();
      if (trimmed === '') {
        searchSeq += 1;
        set({ search: emptySearch });
        return;
      }
      set((state) => ({ search: { ...state.search, query, busy: true } }));
      searchTimer = setTimeout(() => void runSearch(trimmed), SEARCH_DELAY_MS);
    },

    async openHit(hit) {
      const row: SessionRow = { id: hit.session_id, cwd: hit.cwd, title: hit.title, updatedAt: 0, state: 'saved', open: false };
      await get().showRow(row);
      if (get().activeSessionId !== hit.session_id) return;
      revealNonce += 1;
      // A title hit has no place in the conversation: the session opening is the answer.
      const reveal = hit.kind === 'title' ? null : { sessionId: hit.session_id, query: get().search.answered || hit.snippet.slice(hit.match[0], hit.match[1]), occurrence: hit.occurrence, nonce: revealNonce };
      set({ reveal });
    },

    takeReveal(nonce) {
      if (get().reveal?.nonce === nonce) set({ reveal: null });
    },

    setDraft(sessionId, text) {
      set((state) => {
        if ((state.drafts[sessionId] ?? '') === text) return {};
        const drafts = { ...state.drafts };
        if (text === '') delete drafts[sessionId];
        else drafts[sessionId] = text;
        return { drafts };
      });
    },

    setSidebar(layout) {
      const next = { ...get().sidebar, ...layout };
      next.width = Math.min(SIDEBAR_MAX_WIDTH, Math.max(SIDEBAR_MIN_WIDTH, Math.round(next.width)));
      saveSidebarLayout(next);
      set({ sidebar: next });
    },

    openShortcuts(open) {
      set({ shortcutsOpen: open });
    },

    announce(text) {
      set((state) => ({ announcement: { text, n: state.announcement.n + 1 } }));
    },
  };
}
