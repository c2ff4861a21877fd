import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HostEvent, LiveSession, PublicSettings, SessionSummary, SettingsPatch, TandemApi } from '../../shared/host/contract.js';
import { hostErrorCodeOf } from '../../shared/host/host-error.js';
import type { Event, InputItem, Op, ReplayedEventMsg, ReviewDecision } from '../../shared/protocol/index.js';
import type { DoorStatus } from '../api/websocketDoor.js';
import { doorStatusOf } from '../api/getApi.js';
import {
  abandonHistoryEdit,
  addTypedMessage,
  answerApproval,
  beginCompaction,
  beginRollback,
  beginUndo,
  noteCatchUpFailed,
  noteRequestFailed,
  takeComposerRefill,
} from '../conversation/localActions.js';
import { reduceEvents } from '../conversation/reduceEvent.js';
import { emptySessionView, type SessionView } from '../conversation/sessionView.js';
import { historyEditBlocker } from '../conversation/status.js';
import { EventSequencer } from './eventSequencer.js';
import { pacedFolds } from './foldPacer.js';
import { FIRST_PAGE_EVENTS, OlderTurns } from './olderTurns.js';
import { newSubmissionId } from './submissionId.js';
import { createWorkspaceSlice, type WorkspaceActions, type WorkspaceState } from './workspaceSlice.js';
import { createSettingsSlice, type SettingsSliceActions, type SettingsSliceState } from './settingsSlice.js';
import { createReviewSlice, type ReviewActions, type ReviewState } from './reviewSlice.js';
import { createComposerSlice, type ComposerActions, type ComposerState } from './composerSlice.js';

export const MISSING_KEY_REASON =
  'Tandem needs an API key before the agent can answer. Enter yours in Settings; it stays on this computer and is never shown again.';
export const REFUSED_KEY_REASON =
  'The model provider did not accept the API key, or none is set. Enter a working key in Settings, then send your message again.';

export type Screen = 'start' | 'conversation';

/** How fresh the sidebar's "last active" stamps are kept. */
const ACTIVITY_RESOLUTION_MS = 5_000;

/** A folder the host would open only once the person confirms it: `/`, the home folder or one that holds it. */
export interface FolderToConfirm {
  cwd: string;
  resumeId: string | null;
  /** What opening it would mean, in the host's plain words. */
  reason: string;
}

export interface AppState extends WorkspaceState, SettingsSliceState, ReviewState, ComposerState {
  screen: Screen;
  activeSessionId: string | null;
  sessions: Record<string, SessionView>;
  /** The folder each session was opened in, known before its session_configured arrives. */
  sessionFolders: Record<string, string>;
  settings: PublicSettings | null;
  settingsOpen: boolean;
  /** Why Settings was opened for the person, when the window did it (a missing key, say). */
  settingsReason: string | null;
  /** The WebSocket door's state; null under Electron. */
  door: DoorStatus | null;
  recentProjects: string[];
  sessionList: SessionSummary[];
  /** Sessions running in the host now, some perhaps opened elsewhere (another window, `tandem serve -C`). */
  liveSessions: LiveSession[];
  /** A folder is being opened. */
  opening: boolean;
  /** The start screen shows the box for a typed folder path (Open Folder in a browser). */
  startAsksForPath: boolean;
  /** Why the last attempt to open a folder failed, in plain words. */
  startProblem: string | null;
  /** A folder waiting for the person to confirm or refuse it (see confirmBroadFolder). */
  folderToConfirm: FolderToConfirm | null;
  /** A saved session the host refused because it is open for writing elsewhere; it can be opened read-only to look. */
  sessionToLookAt: { cwd: string; resumeId: string } | null;
  /** Rows the person expanded or folded (command output, reasoning), by `${sessionId}/${cellId}`. */
  toggled: Record<string, boolean>;
}

export interface AppActions extends WorkspaceActions, SettingsSliceActions, ReviewActions, ComposerActions {
  /** Loads what the start screen and the sidebar list, and the settings. */
  loadStart(): Promise<void>;
  /** Asks the host for a native folder picker; false when there is none (a browser). */
  pickFolder(): Promise<boolean>;
  /** Opens a folder, or resumes a session in it; false when it did not open (a problem, or a folder to confirm). */
  openFolder(cwd: string, resumeId?: string): Promise<boolean>;
  /** Opens the folder waiting for confirmation even so: the person said yes. */
  confirmBroadFolder(): Promise<boolean>;
  /** The person said no to the folder waiting for confirmation. */
  refuseBroadFolder(): void;
  /** Opens the session that is open elsewhere (sessionToLookAt) read-only: its conversation, and nothing sent is taken. */
  openReadOnly(): Promise<boolean>;
  /** Opens a folder dropped on the window; false when its path cannot be known here (a browser). */
  openDropped(file: unknown): Promise<boolean>;
  showSession(sessionId: string): void;
  /**
   * Shows the start screen (to open another project) without reloading the lists; `askForPath`: with the
   * box for a typed folder path open, as in a browser, which has no folder picker.
   */
  showStart(askForPath?: boolean): void;
  /** Shows a session running in the host, fetching what it has said so far. */
  showLiveSession(live: LiveSession): Promise<void>;
  goToStart(): void;
  /** Sends what the person typed, with the images attached (data URLs); false when it was not sent (nothing typed, no session, no API key). */
  sendMessage(text: string, images?: readonly string[]): Promise<boolean>;
  interrupt(): Promise<void>;
  answerApproval(callId: string, decision: ReviewDecision): Promise<void>;
  /** Puts the files back as they were before the last turn (the `undo` op). */
  undoFiles(): Promise<void>;
  /** Undoes the files, then, once that worked, takes the last turn out of the conversation and gives its message back. */
  undoFilesAndConversation(): Promise<void>;
  compactConversation(): Promise<void>;
  /** The composer took the words a rollback gave back. */
  takeComposerRefill(sessionId: string): void;
  openSettings(reason?: string | null): void;
  closeSettings(): void;
  saveSettings(patch: SettingsPatch): Promise<void>;
  toggle(key: string, open: boolean): void;
  /** Tries the WebSocket door again now rather than at its next scheduled try. */
  retryDoor(): void;
  /**
   * Resolves once a resumed session's whole conversation is drawn: it comes in pages, newest first (see
   * olderTurns.ts), and what looks at all of it (the finder, a search hit, undo, review, export) waits for this.
   */
  loadWholeConversation(sessionId: string): Promise<void>;
}

export type AppStore = StoreApi<AppState & AppActions>;

export interface AppStoreOptions {
  /** A running session to show once the host is reached (the page's `?session=`). */
  initialSessionId?: string | null;
  /** When batched events are folded in; by default at once, at most every few milliseconds (see pacedFolds). */
  scheduleFlush?: (flush: () => void) => void;
  now?: () => number;
  /**
   * Resolves once the conversation view's code is loaded (it is a chunk of its own): a resumed session's older
   * turns are fetched after that, so that its first page is what the view first draws.
   */
  conversationViewLoaded?: () => Promise<unknown>;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createAppStore(api: TandemApi, options: AppStoreOptions = {}): AppStore {
  const scheduleFlush = options.scheduleFlush ?? pacedFolds();
  const now = options.now ?? Date.now;
  const doorSource = doorStatusOf(api);
  let initialSessionId = options.initialSessionId ?? null;
  // It reads and writes the store's views, once the store exists.
  const olderTurns: OlderTurns = new OlderTurns({
    api,
    viewOf: (sessionId) => store.getState().sessions[sessionId],
    putView: (view) => store.setState((state) => ({ sessions: { ...state.sessions, [view.sessionId]: view } })),
    activeSessionId: () => store.getState().activeSessionId,
    now,
    viewLoaded: options.conversationViewLoaded,
  });

  const store = createStore<AppState & AppActions>()((set, get) => {
    const viewOf = (sessionId: string): SessionView => get().sessions[sessionId] ?? emptySessionView(sessionId);
    const putView = (view: SessionView) => set((state) => ({ sessions: { ...state.sessions, [view.sessionId]: view } }));

    const submit = (sessionId: string, op: Op, id?: string) =>
      api.request('submit', { session_id: sessionId, submission: id === undefined ? { op } : { id, op } });

    /** The session the person is looking at, when its conversation may be changed now. */
    const editableSession = (): string | null => {
      const sessionId = get().activeSessionId;
      return sessionId !== null && historyEditBlocker(viewOf(sessionId)) === null ? sessionId : null;
    };

    const undo = async (thenRollback: boolean) => {
      const shown = get().activeSessionId;
      // The turn it takes back may reach into turns not drawn yet; they are drawn first, so that its marks land.
      if (shown) await olderTurns.loadAll(shown);
      const sessionId = editableSession();
      if (!sessionId) return;
      const id = newSubmissionId('undo');
      putView(beginUndo(viewOf(sessionId), id, thenRollback));
      try {
        await submit(sessionId, { type: 'undo' }, id);
      } catch (err) {
        putView(abandonHistoryEdit(noteRequestFailed(viewOf(sessionId), 'undo the last turn', errorText(err))));
      }
    };

    /**
     * Opens a folder; the host refuses a broad one until the person has confirmed it (`allowBroad`), and a saved
     * session open for writing elsewhere unless it is opened to look (`readOnly`).
     */
    const open = async (cwd: string, resumeId: string | null, allowBroad: boolean, readOnly = false): Promise<boolean> => {
      set({ opening: true, startProblem: null, folderToConfirm: null, sessionToLookAt: null });
      try {
        const { session_id } = await api.request('open_session', {
          cwd,
          ...(resumeId === null ? {} : { resume_id: resumeId, replay_limit: FIRST_PAGE_EVENTS }),
          ...(allowBroad ? { allow_broad_folder: true } : {}),
          ...(readOnly ? { read_only: true } : {}),
        });
        set((state) => ({
          sessions: state.sessions[session_id] ? state.sessions : { ...state.sessions, [session_id]: emptySessionView(session_id) },
          sessionFolders: { ...state.sessionFolders, [session_id]: cwd },
          activeSessionId: session_id,
          screen: 'conversation',
          recentProjects: [cwd, ...state.recentProjects.filter((p) => p !== cwd)],
        }));
        // A resumed session that was still running is joined, not restarted: its story so far comes
        // from the host's log. For a new session this finds nothing the pushed events did not bring.
        void catchUp(session_id);
        return true;
      } catch (err) {
        // The start screen says what went wrong and offers what can be done (confirm a broad folder, look read-only).
        set({ screen: 'start' });
        if (!allowBroad && hostErrorCodeOf(err) === 'broad_folder') set({ folderToConfirm: { cwd, resumeId, reason: errorText(err) } });
        else set({ startProblem: `Tandem could not open ${cwd}: ${errorText(err)}` });
        if (resumeId !== null && !readOnly && hostErrorCodeOf(err) === 'session_locked') set({ sessionToLookAt: { cwd, resumeId } });
        return false;
      } finally {
        set({ opening: false });
      }
    };

    /** Takes in a session running in the host without showing it: its state for the sidebar. */
    const followLive = async (live: LiveSession) => {
      set((state) => ({
        sessions: state.sessions[live.session_id] ? state.sessions : { ...state.sessions, [live.session_id]: emptySessionView(live.session_id) },
        sessionFolders: { ...state.sessionFolders, [live.session_id]: live.cwd },
      }));
      await catchUp(live.session_id);
    };

    return {
      ...createWorkspaceSlice(api, set, get),
      ...createSettingsSlice(api, set, get),
      ...createReviewSlice(api, set, get),
      ...createComposerSlice(api, set, get),
      screen: 'start',
      activeSessionId: null,
      sessions: {},
      sessionFolders: {},
      settings: null,
      settingsOpen: false,
      settingsReason: null,
      door: doorSource?.status ?? null,
      recentProjects: [],
      sessionList: [],
      liveSessions: [],
      opening: false,
      startAsksForPath: false,
      startProblem: null,
      folderToConfirm: null,
      sessionToLookAt: null,
      toggled: {},

      async loadStart() {
        const limit = get().sessionListLimit;
        const [projects, sessions, live, settings] = await Promise.allSettled([
          api.request('recent_projects', {}),
          api.request('list_sessions', { limit }),
          api.request('live_sessions', {}),
          api.request('get_settings', {}),
        ]);
        if (projects.status === 'fulfilled') set({ recentProjects: projects.value.projects });
        if (sessions.status === 'fulfilled') set({ sessionList: sessions.value.sessions, sessionListMore: sessions.value.sessions.length >= limit });
        if (live.status === 'fulfilled') {
          set({ liveSessions: live.value.sessions });
          // The page's address names the session it showed (a reload, back and forward): running, it is joined;
          // saved, it is resumed.
          const wantedId = initialSessionId;
          initialSessionId = null;
          const wanted = live.value.sessions.find((session) => session.session_id === wantedId);
          const saved = sessions.status === 'fulfilled' ? sessions.value.sessions.find((session) => session.id === wantedId) : undefined;
          if (wanted) void get().showLiveSession(wanted);
          else if (saved) void get().openFolder(saved.cwd, saved.id);
          // Sessions running in the host are followed from the start, so that the sidebar knows which wait.
          for (const session of live.value.sessions) {
            if (session !== wanted && !get().sessions[session.session_id]) void followLive(session);
          }
        }
        if (settings.status === 'fulfilled') {
          set({ settings: settings.value });
          if (!settings.value.has_api_key) get().noteKeyNeeded(MISSING_KEY_REASON);
        }
      },

      async pickFolder() {
        try {
          const { path } = await api.request('pick_folder', {});
          if (path === null) return false;
          await get().openFolder(path);
          return true;
        } catch (err) {
          set({ startProblem: `Tandem could not show a folder picker: ${errorText(err)}` });
          return false;
        }
      },

      async openFolder(cwd, resumeId) {
        return open(cwd, resumeId ?? null, false);
      },

      async confirmBroadFolder() {
        const pending = get().folderToConfirm;
        if (!pending) return false;
        set({ folderToConfirm: null });
        return open(pending.cwd, pending.resumeId, true);
      },

      refuseBroadFolder() {
        set({ folderToConfirm: null });
      },

      async openReadOnly() {
        const locked = get().sessionToLookAt;
        if (!locked) return false;
        // Nothing it runs can change the folder, so a broad one needs no confirming.
        return open(locked.cwd, locked.resumeId, false, true);
      },

      async openDropped(file) {
        let path: string | null = null;
        try {
          path = api.pathForFile(file);
        } catch {
          path = null;
        }
        if (!path) return false;
        await get().openFolder(path);
        return true;
      },

      showSession(sessionId) {
        if (get().sessions[sessionId]) set({ activeSessionId: sessionId, screen: 'conversation' });
      },

      showStart(askForPath = false) {
        set({ screen: 'start', startAsksForPath: askForPath });
      },

      async showLiveSession(live) {
        set((state) => ({
          sessions: state.sessions[live.session_id] ? state.sessions : { ...state.sessions, [live.session_id]: emptySessionView(live.session_id) },
          sessionFolders: { ...state.sessionFolders, [live.session_id]: live.cwd },
          activeSessionId: live.session_id,
          screen: 'conversation',
        }));
        await catchUp(live.session_id);
      },

      goToStart() {
        set({ screen: 'start' });
        void get().loadStart();
      },

      async sendMessage(text, images = []) {
        const sessionId = get().activeSessionId;
        const message = text.trim();
        // While an undo is under way a new turn could begin before its rollback, which would then take out the new one.
        if (!sessionId || (message === '' && images.length === 0) || viewOf(sessionId).closed || viewOf(sessionId).historyEdit !== null) return false;
        const settings = get().settings;
        if (settings && !settings.has_api_key) {
          get().noteKeyNeeded(MISSING_KEY_REASON);
          return false;
        }
        putView(addTypedMessage(viewOf(sessionId), message, images));
        try {
          const items: InputItem[] = [...(message === '' ? [] : [{ type: 'text' as const, text: message }]), ...images.map((url) => ({ type: 'image' as const, image_url: url }))];
          await submit(sessionId, { type: 'user_input', items });
        } catch (err) {
          putView(noteRequestFailed(viewOf(sessionId), 'send your message', errorText(err)));
        }
        return true;
      },

      async interrupt() {
        const sessionId = get().activeSessionId;
        if (!sessionId) return;
        try {
          await submit(sessionId, { type: 'interrupt' });
        } catch (err) {
          putView(noteRequestFailed(viewOf(sessionId), 'stop the agent', errorText(err)));
        }
      },

      async answerApproval(callId, decision) {
        const sessionId = get().activeSessionId;
        if (!sessionId) return;
        const view = viewOf(sessionId);
        const request = view.cells.findLast((cell) => cell.kind === 'approval' && cell.callId === callId);
        if (request?.kind !== 'approval') return;
        putView(answerApproval(view, callId, decision));
        const op: Op =
          request.request.type === 'exec'
            ? { type: 'exec_approval', id: callId, decision }
            : { type: 'patch_approval', id: callId, decision };
        try {
          await submit(sessionId, op);
        } catch (err) {
          putView(noteRequestFailed(viewOf(sessionId), 'pass on your answer', errorText(err)));
        }
      },

      undoFiles: () => undo(false),

      undoFilesAndConversation: () => undo(true),

      async compactConversation() {
        const sessionId = editableSession();
        if (!sessionId) return;
        const id = newSubmissionId('compact');
        putView(beginCompaction(viewOf(sessionId), id));
        try {
          await submit(sessionId, { type: 'compact' }, id);
        } catch (err) {
          putView(abandonHistoryEdit(noteRequestFailed(viewOf(sessionId), 'compact the conversation', errorText(err))));
        }
      },

      takeComposerRefill(sessionId) {
        const view = get().sessions[sessionId];
        if (view) putView(takeComposerRefill(view));
      },

      openSettings(reason = null) {
        set({ settingsOpen: true, settingsReason: reason });
      },

      closeSettings() {
        set({ settingsOpen: false, settingsReason: null });
      },

      async saveSettings(patch) {
        // The host applies a new model, preset, key or base URL to every open session from its next request.
        const saved = await api.request('save_settings', patch);
        set((state) => ({ settings: saved, settingsOpen: false, settingsReason: null, keyNotice: saved.has_api_key && patch.api_key ? null : state.keyNotice }));
      },

      toggle(key, open) {
        set((state) => ({ toggled: { ...state.toggled, [key]: open } }));
      },

      retryDoor() {
        doorSource?.retryNow();
      },

      async loadWholeConversation(sessionId) {
        await olderTurns.loadAll(sessionId);
      },
    };
  });

  // Events are folded in batches: a fast stream of deltas costs a state change every few milliseconds, not one per delta.
  const sequencer = new EventSequencer();
  let pending: HostEvent[] = [];
  let flushScheduled = false;

  const pages = olderTurns;
  // A session shown draws its older turns in the background; one followed unseen waits until it is shown.
  store.subscribe((state, previous) => {
    if (state.activeSessionId !== null && state.activeSessionId !== previous.activeSessionId) pages.fetchInBackground(state.activeSessionId);
  });

  const applyEvents = (events: readonly HostEvent[]) => {
    if (events.length === 0) return;
    const bySession = new Map<string, Event[]>();
    /** Per session, the replayed events of a session_configured in the batch, and where in its replay they begin. */
    const replays = new Map<string, { messages: ReplayedEventMsg[]; start: number }>();
    for (const { session_id, event, replay_start } of events) {
      const list = bySession.get(session_id) ?? [];
      list.push(event);
      bySession.set(session_id, list);
      const { msg } = event;
      if (msg.type === 'session_configured' && msg.initial_messages && msg.initial_messages.length > 0) {
        replays.set(session_id, { messages: msg.initial_messages, start: replay_start ?? 0 });
      }
    }
    const sessions = { ...store.getState().sessions };
    let keyRefused = false;
    for (const [sessionId, sessionEvents] of bySession) {
      const view = reduceEvents(sessions[sessionId] ?? emptySessionView(sessionId), sessionEvents, now(), replays.get(sessionId)?.start ?? 0);
      if (view.needsApiKey) {
        keyRefused = true;
        sessions[sessionId] = { ...view, needsApiKey: false };
      } else {
        sessions[sessionId] = view;
      }
    }
    // The sidebar's ages and order need no better than this; a stamp per flush would redraw it at every delta.
    const stamp = now();
    let activity = store.getState().activity;
    for (const sessionId of bySession.keys()) {
      if (stamp - (activity[sessionId] ?? -Infinity) < ACTIVITY_RESOLUTION_MS) continue;
      activity = { ...activity, [sessionId]: stamp };
    }
    store.setState({ sessions, activity });
    for (const [sessionId, replay] of replays) pages.noteReplay(sessionId, replay.messages);
    if (keyRefused) store.getState().noteKeyNeeded(REFUSED_KEY_REASON);
    for (const sessionId of bySession.keys()) {
      if (sessions[sessionId]?.historyEdit?.step === 'rollback_due') void rollBackAfterUndo(sessionId);
    }
  };

  /** The undo of "undo files and conversation" worked: now the conversation part. */
  const rollBackAfterUndo = async (sessionId: string) => {
    const id = newSubmissionId('rollback');
    const viewOf = () => store.getState().sessions[sessionId] ?? emptySessionView(sessionId);
    const putView = (view: SessionView) => store.setState((state) => ({ sessions: { ...state.sessions, [sessionId]: view } }));
    putView(beginRollback(viewOf(), id));
    try {
      await api.request('submit', { session_id: sessionId, submission: { id, op: { type: 'thread_rollback', num_turns: 1 } } });
    } catch (err) {
      putView(abandonHistoryEdit(noteRequestFailed(viewOf(), 'take the last turn out of the conversation', errorText(err))));
    }
  };

  const flush = () => {
    flushScheduled = false;
    const batch = pending;
    pending = [];
    applyEvents(sequencer.admit(batch));
  };

  api.onEvent((event) => {
    pending.push(event);
    if (!flushScheduled) {
      flushScheduled = true;
      scheduleFlush(flush);
    }
  });

  /**
   * Fetches what a running session said that this page has not applied (all of it, for a session the page
   * has not seen). Resolves to null, or to why it could not.
   */
  const catchingUp = new Map<string, Promise<string | null>>();
  const catchUp = (sessionId: string): Promise<string | null> => {
    const running = catchingUp.get(sessionId);
    if (running) return running;
    const work = (async () => {
      // Pushed events already in hand go first, so that the replay starts after them.
      flush();
      sequencer.hold(sessionId);
      try {
        const after = sequencer.lastSeqOf(sessionId);
        const { events } = await api.request(
          'session_events',
          after === undefined ? { session_id: sessionId, replay_limit: FIRST_PAGE_EVENTS } : { session_id: sessionId, after_seq: after, replay_limit: FIRST_PAGE_EVENTS },
        );
        applyEvents(sequencer.admit(events, true));
        return null;
      } catch (err) {
        return errorText(err);
      } finally {
        applyEvents(sequencer.release(sessionId));
        catchingUp.delete(sessionId);
      }
    })();
    catchingUp.set(sessionId, work);
    return work;
  };

  if (doorSource) {
    let everOpen = doorSource.status.state === 'open';
    doorSource.onStatus((status) => {
      store.setState({ door: status });
      if (status.state !== 'open') return;
      if (everOpen) {
        // Events pushed while the door was closed are lost; the host's log has them.
        for (const view of Object.values(store.getState().sessions)) {
          if (view.closed) continue;
          void catchUp(view.sessionId).then((problem) => {
            if (problem === null) return;
            const current = store.getState().sessions[view.sessionId];
            if (current) store.setState((state) => ({ sessions: { ...state.sessions, [view.sessionId]: noteCatchUpFailed(current, problem) } }));
          });
        }
      }
      everOpen = true;
      void store.getState().loadStart();
    });
  }

  return store;
}
