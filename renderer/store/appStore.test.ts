import { describe, expect, it } from 'vitest';
import {
  hostRequests,
  type HostEvent,
  type HostParams,
  type HostRequestName,
  type HostResult,
  type PublicSettings,
  type TandemApi,
} from '../../shared/host/contract.js';
import { HostRequestError } from '../../shared/host/host-error.js';
import type { EventMsg } from '../../shared/protocol/index.js';
import { WebSocketDoor, type SocketFactory, type SocketHandlers } from '../api/websocketDoor.js';
import { describeStatus } from '../conversation/status.js';
import { createAppStore, MISSING_KEY_REASON, REFUSED_KEY_REASON } from './appStore.js';

/**
 * An in-memory host: answers requests from a table (checking them against the contract, as the doors
 * do) and pushes events when the test says so.
 */
class FakeHost implements TandemApi {
  readonly door = 'ipc' as const;
  readonly requests: { name: HostRequestName; params: unknown }[] = [];
  private readonly listeners = new Set<(event: HostEvent) => void>();
  settings: PublicSettings = {
    has_api_key: true,
    api_key_source: 'settings',
    base_url: null,
    model: 'gpt-5',
    approval_preset: 'ask',
    hidden_paths: [],
    env_passthrough: [],
    builtin_hidden_paths: ['~/.ssh'],
    server_state: false,
    theme: 'system',
    notifications: true,
    fixed: {},
  };
  failSubmit: string | null = null;
  pickedFolder: string | null = '/work/picked';
  live: { session_id: string; cwd: string; started_at: string }[] = [];
  /** What session_events answers from, by session. */
  log: Record<string, HostEvent[]> = {};
  /** Folders open_session refuses as the host does `/` and the home folder, unless allow_broad_folder is set. */
  broadFolders = new Set(['/home/you']);
  /** Saved sessions open for writing elsewhere: open_session refuses them unless read_only is set. */
  lockedSessions = new Set<string>();

  async request<N extends HostRequestName>(name: N, params: HostParams<N>): Promise<HostResult<N>> {
    hostRequests[name].params.parse(params);
    this.requests.push({ name, params });
    return hostRequests[name].result.parse(this.answer(name, params)) as HostResult<N>;
  }

  private answer(name: HostRequestName, params: unknown): unknown {
    switch (name) {
      case 'open_session': {
        const { cwd, resume_id, allow_broad_folder, read_only } = params as HostParams<'open_session'>;
        if (this.broadFolders.has(cwd) && allow_broad_folder !== true) {
          throw new HostRequestError(`${cwd} is your home folder. Tandem's commands will be able to change every file under ${cwd}.`, 'broad_folder');
        }
        if (resume_id !== undefined && this.lockedSessions.has(resume_id) && read_only !== true) {
          throw new HostRequestError('This session is open in tandem proto (pid 4242). Close it there, or open it read-only to look.', 'session_locked');
        }
        return { session_id: resume_id ?? 's1' };
      }
      case 'submit':
        if (this.failSubmit) throw new Error(this.failSubmit);
        return { id: `sub-${this.requests.length}` };
      case 'close_session':
        return { closed: true };
      case 'list_sessions':
        return { sessions: [{ id: 'old', cwd: '/work/old', title: 'Fix the tests', created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-02T00:00:00Z' }] };
      case 'recent_projects':
        return { projects: ['/work/a', '/work/b'] };
      case 'get_settings':
        return this.settings;
      case 'save_settings': {
        const patch = params as { api_key?: string | null; model?: string; approval_preset?: PublicSettings['approval_preset'] };
        this.settings = {
          ...this.settings,
          ...(patch.api_key ? { has_api_key: true, api_key_source: 'settings' as const } : {}),
          ...(patch.model ? { model: patch.model } : {}),
          ...(patch.approval_preset ? { approval_preset: patch.approval_preset } : {}),
        };
        return this.settings;
      }
      case 'pick_folder':
        return { path: this.pickedFolder };
      case 'live_sessions':
        return { sessions: this.live };
      case 'session_events': {
        const { session_id, after_seq } = params as { session_id: string; after_seq?: number };
        const log = this.log[session_id];
        if (!log) throw new Error(`No session ${session_id} is running here.`);
        return { events: log.filter((e) => e.seq === undefined || after_seq === undefined || e.seq > after_seq) };
      }
    }
  }

  onEvent(listener: (event: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pathForFile(): string | null {
    return null;
  }

  emit(sessionId: string, submissionId: string, ...msgs: EventMsg[]): void {
    for (const msg of msgs) this.push({ session_id: sessionId, event: { id: submissionId, msg } });
  }

  /** Numbers an event into the session's log, as the host does, and pushes it unless told not to. */
  record(sessionId: string, msg: EventMsg, push = true): HostEvent {
    const log = (this.log[sessionId] ??= []);
    const event: HostEvent = { session_id: sessionId, event: { id: 'sub-1', msg }, seq: log.length };
    log.push(event);
    if (push) this.push(event);
    return event;
  }

  push(event: HostEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  submitted(): unknown[] {
    return this.requests.filter((r) => r.name === 'submit').map((r) => (r.params as { submission: { op: unknown } }).submission.op);
  }

  /** The id the window chose for its latest submission of this op. */
  submissionIdOf(opType: string): string {
    const submissions = this.requests.filter((r) => r.name === 'submit').map((r) => (r.params as { submission: { id?: string; op: { type: string } } }).submission);
    const id = submissions.findLast((submission) => submission.op.type === opType)?.id;
    if (id === undefined) throw new Error(`no ${opType} submission with an id`);
    return id;
  }
}

function setUp() {
  const host = new FakeHost();
  // Folding events at once keeps the tests free of timers.
  const store = createAppStore(host, { scheduleFlush: (flush) => flush(), now: () => 0 });
  return { host, store, state: () => store.getState() };
}

describe('the app store', () => {
  it('loads recent projects, sessions and settings for the start screen', async () => {
    const { state } = setUp();
    await state().loadStart();
    expect(state().recentProjects).toEqual(['/work/a', '/work/b']);
    expect(state().sessionList.map((s) => s.title)).toEqual(['Fix the tests']);
    expect(state().settings?.model).toBe('gpt-5');
    expect(state().settingsOpen).toBe(false);
  });

  it('shows a notice leading to Settings when no API key is set, never Settings themselves, and does not send', async () => {
    const { host, state } = setUp();
    host.settings = { ...host.settings, has_api_key: false, api_key_source: 'none' };
    await state().loadStart();
    // Settings opening by themselves would take the focus, and the rest of what the person types with it.
    expect(state()).toMatchObject({ settingsOpen: false, keyNotice: MISSING_KEY_REASON });
    await state().openFolder('/work/a');
    expect(await state().sendMessage('hello')).toBe(false);
    expect(state().settingsOpen).toBe(false);
    expect(host.submitted()).toEqual([]);

    state().openSettingsForKey();
    expect(state()).toMatchObject({ settingsOpen: true, settingsReason: MISSING_KEY_REASON });
    await state().saveSettings({ api_key: 'sk-test-0123' });
    expect(state()).toMatchObject({ settingsOpen: false, keyNotice: null });
    expect(await state().sendMessage('hello')).toBe(true);
  });

  it('opens a folder, sends a message and draws the events of the session', async () => {
    const { host, state } = setUp();
    await state().openFolder('/work/a');
    expect(state()).toMatchObject({ screen: 'conversation', activeSessionId: 's1', sessionFolders: { s1: '/work/a' } });
    expect(host.requests.filter((r) => r.name === 'open_session')).toEqual([{ name: 'open_session', params: { cwd: '/work/a' } }]);

    await state().sendMessage('  list the files \n');
    expect(host.submitted()).toEqual([{ type: 'user_input', items: [{ type: 'text', text: 'list the files' }] }]);
    expect(describeStatus(state().sessions.s1!, 0).kind).toBe('thinking');

    host.emit('s1', 'sub-2', { type: 'task_started' }, { type: 'user_message', message: 'list the files' }, { type: 'agent_message', message: 'Done.' }, { type: 'task_complete', last_agent_message: 'Done.' });
    const view = state().sessions.s1!;
    expect(view.cells.map((c) => c.kind)).toEqual(['user', 'assistant']);
    expect(describeStatus(view, 0).busy).toBe(false);
  });

  it('resumes a saved session by id', async () => {
    const { host, state } = setUp();
    await state().openFolder('/work/old', 'old');
    expect(host.requests.filter((r) => r.name === 'open_session')).toEqual([{ name: 'open_session', params: { cwd: '/work/old', resume_id: 'old', replay_limit: 200 } }]);
    // Joining a session that still runs draws what it said before.
    expect(host.requests.at(-1)).toEqual({ name: 'session_events', params: { session_id: 'old', replay_limit: 200 } });
    expect(state().activeSessionId).toBe('old');
  });

  it('says why a folder could not be opened', async () => {
    const { host, state } = setUp();
    host.request = async () => {
      throw new Error('No such folder');
    };
    expect(await state().openFolder('/nope')).toBe(false);
    expect(state().startProblem).toBe('Tandem could not open /nope: No such folder');
    expect(state().screen).toBe('start');
  });

  it('asks before opening a folder the host calls too broad, and opens it once the person confirms', async () => {
    const { host, state } = setUp();
    expect(await state().openFolder('/home/you')).toBe(false);
    expect(state()).toMatchObject({
      folderToConfirm: { cwd: '/home/you', resumeId: null, reason: "/home/you is your home folder. Tandem's commands will be able to change every file under /home/you." },
      startProblem: null,
      screen: 'start',
      opening: false,
    });
    expect(await state().confirmBroadFolder()).toBe(true);
    expect(host.requests.filter((r) => r.name === 'open_session').map((r) => r.params)).toEqual([{ cwd: '/home/you' }, { cwd: '/home/you', allow_broad_folder: true }]);
    expect(state()).toMatchObject({ folderToConfirm: null, screen: 'conversation', activeSessionId: 's1' });
  });

  it('opens nothing when the person refuses the broad folder, and asks again next time', async () => {
    const { host, state } = setUp();
    await state().openFolder('/home/you');
    state().refuseBroadFolder();
    expect(state().folderToConfirm).toBeNull();
    expect(await state().confirmBroadFolder()).toBe(false);
    expect(host.requests.filter((r) => r.name === 'open_session')).toHaveLength(1);
    expect(await state().openFolder('/home/you')).toBe(false);
    expect(state().folderToConfirm?.cwd).toBe('/home/you');
  });

  it('confirms a resume in a broad folder with the same session id', async () => {
    const { host, state } = setUp();
    await state().openFolder('/home/you', 'old');
    expect(state().folderToConfirm).toMatchObject({ cwd: '/home/you', resumeId: 'old' });
    await state().confirmBroadFolder();
    expect(host.requests.filter((r) => r.name === 'open_session').at(-1)?.params).toEqual({ cwd: '/home/you', resume_id: 'old', replay_limit: 200, allow_broad_folder: true });
    expect(state().activeSessionId).toBe('old');
  });

  it('offers to open read-only a saved session the host says is open elsewhere, and opens it so', async () => {
    const { host, state } = setUp();
    host.lockedSessions.add('old');
    expect(await state().openFolder('/work/old', 'old')).toBe(false);
    expect(state()).toMatchObject({
      startProblem: 'Tandem could not open /work/old: This session is open in tandem proto (pid 4242). Close it there, or open it read-only to look.',
      sessionToLookAt: { cwd: '/work/old', resumeId: 'old' },
      screen: 'start',
    });
    expect(await state().openReadOnly()).toBe(true);
    expect(host.requests.filter((r) => r.name === 'open_session').map((r) => r.params)).toEqual([
      { cwd: '/work/old', resume_id: 'old', replay_limit: 200 },
      { cwd: '/work/old', resume_id: 'old', replay_limit: 200, read_only: true },
    ]);
    expect(state()).toMatchObject({ sessionToLookAt: null, startProblem: null, screen: 'conversation', activeSessionId: 'old' });
    // Nothing is waiting to be looked at any more.
    expect(await state().openReadOnly()).toBe(false);
  });

  it('offers no read-only opening for other problems', async () => {
    const { state } = setUp();
    await state().openFolder('/home/you', 'old');
    expect(state().sessionToLookAt).toBeNull();
  });

  it('opens a picked folder, and reports when there is no picker', async () => {
    const { host, state } = setUp();
    expect(await state().pickFolder()).toBe(true);
    expect(state().sessionFolders.s1).toBe('/work/picked');
    host.pickedFolder = null;
    expect(await state().pickFolder()).toBe(false);
  });

  it('answers a command approval with exec_approval and a patch with patch_approval, by call id', async () => {
    const { host, state } = setUp();
    await state().openFolder('/work/a');
    host.emit(
      's1',
      'sub-1',
      { type: 'task_started' },
      { type: 'exec_approval_request', call_id: 'c-1', command: ['rm', '-rf', 'x'], cwd: '/work/a' },
      { type: 'apply_patch_approval_request', call_id: 'c-2', changes: { 'a.txt': { type: 'add', content: 'hi\n' } }, cwd: '/work/a' },
    );
    await state().answerApproval('c-1', 'approved_for_session');
    await state().answerApproval('c-2', 'abort');
    expect(host.submitted()).toEqual([
      { type: 'exec_approval', id: 'c-1', decision: 'approved_for_session' },
      { type: 'patch_approval', id: 'c-2', decision: 'abort' },
    ]);
    expect(state().sessions.s1!.turn.pendingApprovalCallIds).toEqual([]);
  });

  it('stops the running turn with interrupt', async () => {
    const { host, state } = setUp();
    await state().openFolder('/work/a');
    await state().interrupt();
    expect(host.submitted()).toEqual([{ type: 'interrupt' }]);
  });

  it('shows a failed submit in the conversation and leaves no spinner', async () => {
    const { host, state } = setUp();
    await state().openFolder('/work/a');
    host.failSubmit = 'The connection to Tandem is closed.';
    await state().sendMessage('hello');
    const view = state().sessions.s1!;
    expect(describeStatus(view, 0).busy).toBe(false);
    expect(view.cells.at(-1)).toMatchObject({ kind: 'notice', level: 'error', detail: 'The connection to Tandem is closed.' });
  });

  it('shows the notice leading to Settings, without opening them, when an error says the key was refused', async () => {
    const { host, state } = setUp();
    await state().openFolder('/work/a');
    host.emit('s1', 'sub-1', { type: 'task_started' }, { type: 'error', message: 'The model server refused the API key (HTTP 401).' });
    expect(state()).toMatchObject({ settingsOpen: false, keyNotice: REFUSED_KEY_REASON });
    expect(state().sessions.s1!.needsApiKey).toBe(false);
    state().dismissKeyNotice();
    expect(state().keyNotice).toBeNull();
  });

  it('saves a model or preset chosen in the header as Settings, which the host applies to open sessions', async () => {
    const { host, state } = setUp();
    await state().loadStart();
    await state().openFolder('/work/a');
    state().openModelPicker();
    expect(state().headerControl).toBe('model');
    await state().chooseModel('gpt-5-codex');
    state().openApprovalSwitch();
    expect(state().headerControl).toBe('approvals');
    await state().choosePreset('full-access');
    expect(host.requests.filter((r) => r.name === 'save_settings').map((r) => r.params)).toEqual([{ model: 'gpt-5-codex' }, { approval_preset: 'full-access' }]);
    expect(state().settings).toMatchObject({ model: 'gpt-5-codex', approval_preset: 'full-access' });
    // The host applies them (see host-settings-truth.test.ts): the page sends no override of its own.
    expect(host.submitted()).toEqual([]);
  });

  it('folds events of sessions it has not opened itself', () => {
    const { host, state } = setUp();
    host.emit('other', 'x', { type: 'agent_message', message: 'hi' });
    expect(state().sessions.other?.cells).toHaveLength(1);
  });
});

describe('undo and compaction', () => {
  async function afterTwoTurns() {
    const set = setUp();
    await set.state().openFolder('/work/a');
    for (const [sub, said] of [['sub-1', 'one'], ['sub-2', 'two']] as const) {
      set.host.emit('s1', sub, { type: 'task_started' }, { type: 'user_message', message: said }, { type: 'agent_message', message: `${said} done` }, { type: 'task_complete', last_agent_message: null });
    }
    return set;
  }
  const texts = (view: { cells: { kind: string; text?: string }[] }) => view.cells.map((c) => c.text ?? c.kind);

  it('undo files and conversation: the rollback goes only after the undo worked, and the message comes back', async () => {
    const { host, state } = await afterTwoTurns();
    await state().undoFilesAndConversation();
    expect(host.submitted()).toEqual([{ type: 'undo' }]);
    const undoId = host.submissionIdOf('undo');
    // Until the undo has answered, nothing else goes, not even a message typed meanwhile.
    host.emit('s1', undoId, { type: 'undo_started', message: 'Restoring…' });
    expect(await state().sendMessage('three')).toBe(false);
    expect(host.submitted()).toEqual([{ type: 'undo' }]);

    host.emit('s1', undoId, { type: 'undo_completed', success: true, message: 'Restored 1 file.' });
    expect(host.submitted()).toEqual([{ type: 'undo' }, { type: 'thread_rollback', num_turns: 1 }]);
    const rollbackId = host.submissionIdOf('thread_rollback');
    expect(rollbackId).not.toBe(undoId);

    host.emit('s1', rollbackId, { type: 'thread_rolled_back', num_turns: 1 });
    const view = state().sessions.s1!;
    expect(texts(view)).toEqual(['one', 'one done', 'Restored 1 file.', 'Took the last turn out of the conversation.']);
    expect(view.composerRefill).toBe('two');
    state().takeComposerRefill('s1');
    expect(state().sessions.s1!.composerRefill).toBeNull();
    expect(await state().sendMessage('two, again')).toBe(true);
  });

  it('an undo that fails leaves the conversation alone', async () => {
    const { host, state } = await afterTwoTurns();
    await state().undoFilesAndConversation();
    host.emit('s1', host.submissionIdOf('undo'), { type: 'undo_started' }, { type: 'undo_completed', success: false, message: 'Undo is unavailable: /work/a is not a git repository.' });
    expect(host.submitted()).toEqual([{ type: 'undo' }]);
    const view = state().sessions.s1!;
    expect(texts(view)).toEqual(['one', 'one done', 'two', 'two done', 'Undo is unavailable: /work/a is not a git repository.']);
    expect(view.historyEdit).toBeNull();
    expect(view.composerRefill).toBeNull();
  });

  it('undo files sends undo alone', async () => {
    const { host, state } = await afterTwoTurns();
    await state().undoFiles();
    host.emit('s1', host.submissionIdOf('undo'), { type: 'undo_started' }, { type: 'undo_completed', success: true, message: 'Restored 1 file.' });
    expect(host.submitted()).toEqual([{ type: 'undo' }]);
    expect(state().sessions.s1!.historyEdit).toBeNull();
  });

  it('nothing is sent while a turn runs', async () => {
    const { host, state } = await afterTwoTurns();
    host.emit('s1', 'sub-3', { type: 'task_started' });
    await state().undoFiles();
    await state().undoFilesAndConversation();
    await state().compactConversation();
    expect(host.submitted()).toEqual([]);
  });

  it('compacts, with a spinner that says so', async () => {
    const { host, state } = await afterTwoTurns();
    await state().compactConversation();
    expect(host.submitted()).toEqual([{ type: 'compact' }]);
    expect(describeStatus(state().sessions.s1!, 0).text).toBe('Compacting the conversation');
    host.emit('s1', host.submissionIdOf('compact'), { type: 'task_started' }, { type: 'context_compacted' }, { type: 'warning', message: 'Accuracy drops.' }, { type: 'task_complete', last_agent_message: null });
    const view = state().sessions.s1!;
    expect(view.cells.at(-1)).toMatchObject({ kind: 'compaction', note: 'Accuracy drops.' });
    expect(describeStatus(view, 0).busy).toBe(false);
  });

  it('a request that does not reach the agent is reported and leaves nothing under way', async () => {
    const { host, state } = await afterTwoTurns();
    host.failSubmit = 'The connection to Tandem is closed.';
    await state().undoFilesAndConversation();
    await state().compactConversation();
    const view = state().sessions.s1!;
    expect(view.historyEdit).toBeNull();
    expect(describeStatus(view, 0).busy).toBe(false);
    expect(view.cells.slice(-2)).toMatchObject([
      { kind: 'notice', level: 'error', text: 'Tandem could not undo the last turn.' },
      { kind: 'notice', level: 'error', text: 'Tandem could not compact the conversation.' },
    ]);
  });
});

describe('dropping a folder', () => {
  it('opens the path the preload resolves, and reports when there is none', async () => {
    const { host, state } = setUp();
    expect(await state().openDropped({ name: 'proj' })).toBe(false);
    host.pathForFile = () => '/work/dropped';
    expect(await state().openDropped({ name: 'proj' })).toBe(true);
    expect(state().sessionFolders.s1).toBe('/work/dropped');
  });
});

describe('sessions running in the host', () => {
  const configured: EventMsg = {
    type: 'session_configured',
    session_id: 'live-1',
    model: 'gpt-5',
    cwd: '/work/live',
    approval_policy: 'on-request',
    sandbox_policy: { mode: 'workspace-write' },
    rollout_path: null,
  };

  it('are listed, and the one the page names is shown with what it said so far', async () => {
    const host = new FakeHost();
    host.live = [{ session_id: 'live-1', cwd: '/work/live', started_at: '2025-01-01T00:00:00Z' }];
    host.record('live-1', configured, false);
    host.record('live-1', { type: 'user_message', message: 'before you came' }, false);
    host.record('live-1', { type: 'task_started' }, false);
    const store = createAppStore(host, { scheduleFlush: (flush) => flush(), now: () => 0, initialSessionId: 'live-1' });
    await store.getState().loadStart();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const state = store.getState();
    expect(state.liveSessions.map((s) => s.session_id)).toEqual(['live-1']);
    expect(state).toMatchObject({ screen: 'conversation', activeSessionId: 'live-1', sessionFolders: { 'live-1': '/work/live' } });
    const view = state.sessions['live-1']!;
    expect(view.config?.cwd).toBe('/work/live');
    expect(view.cells).toMatchObject([{ kind: 'user', text: 'before you came' }]);
    expect(describeStatus(view, 0).kind).toBe('thinking');
  });

  it('catching up applies every event once, also those pushed while the replay was on its way', async () => {
    const host = new FakeHost();
    const store = createAppStore(host, { scheduleFlush: (flush) => flush(), now: () => 0 });
    host.record('live-1', configured);
    host.record('live-1', { type: 'agent_message_delta', delta: 'Hel' }, false);
    // The replay is answered after one more event has been pushed.
    const request = host.request.bind(host);
    host.request = (async (name: HostRequestName, params: never) => {
      const answer = await request(name, params);
      if (name === 'session_events') host.record('live-1', { type: 'agent_message_delta', delta: 'lo' });
      return answer;
    }) as typeof host.request;
    await store.getState().showLiveSession({ session_id: 'live-1', cwd: '/work/live', started_at: '' });
    host.record('live-1', { type: 'agent_message', message: 'Hello' });
    expect(store.getState().sessions['live-1']!.cells).toMatchObject([{ kind: 'assistant', text: 'Hello', streaming: false }]);
  });
});

describe('the WebSocket door', () => {
  /** Sockets the test opens and closes by hand; a FakeHost answers the frames. */
  function socketsTo(host: FakeHost) {
    const sockets: SocketHandlers[] = [];
    const factory: SocketFactory = (_url, on) => {
      sockets.push(on);
      host.onEvent((event) => on.message(JSON.stringify({ kind: 'event', event })));
      return {
        send: (data: string) => {
          const frame = JSON.parse(data) as { id: number; name: HostRequestName; params: never };
          host.request(frame.name, frame.params).then(
            (result) => on.message(JSON.stringify({ kind: 'reply', id: frame.id, ok: true, result })),
            (err: Error) => {
              const code = err instanceof HostRequestError ? err.code : null;
              on.message(JSON.stringify({ kind: 'reply', id: frame.id, ok: false, error: err.message, ...(code === null ? {} : { code }) }));
            },
          );
        },
        close: () => on.close(1000),
      };
    };
    return { sockets, factory };
  }

  async function connected(host: FakeHost) {
    const { sockets, factory } = socketsTo(host);
    const door = new WebSocketDoor({ url: 'ws://127.0.0.1:1/ws?token=t', createSocket: factory, backoffMs: () => 0 });
    const store = createAppStore(door, { scheduleFlush: (flush) => flush(), now: () => 0 });
    door.start();
    expect(store.getState().door).toEqual({ state: 'connecting', attempt: 1 });
    sockets[0]!.open();
    expect(store.getState().door).toEqual({ state: 'open' });
    return { door, store, sockets };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

  it('after a reconnect fetches what was missed, so a turn that ended meanwhile ends here too', async () => {
    const host = new FakeHost();
    const { door, store, sockets } = await connected(host);
    await store.getState().openFolder('/work/a');
    host.record('s1', { type: 'task_started' });
    host.record('s1', { type: 'exec_command_begin', call_id: 'c1', command: ['npm', 'test'], cwd: '/work/a' });
    await settle();
    expect(describeStatus(store.getState().sessions.s1!, 0).kind).toBe('running');

    sockets[0]!.close(1006);
    expect(store.getState().door).toMatchObject({ state: 'waiting', attempt: 1 });
    // While the page is away the command ends and the turn completes.
    host.record('s1', { type: 'exec_command_end', call_id: 'c1', command: ['npm', 'test'], cwd: '/work/a', stdout: 'ok\n', stderr: '', aggregated_output: 'ok\n', exit_code: 0, duration_ms: 5, formatted_output: '' }, false);
    host.record('s1', { type: 'task_complete', last_agent_message: null }, false);
    await settle();
    sockets[1]!.open();
    await settle();
    const view = store.getState().sessions.s1!;
    expect(describeStatus(view, 0).busy).toBe(false);
    expect(view.cells).toMatchObject([{ kind: 'command', state: 'done', exitCode: 0 }]);
    door.stop();
  });

  it('knows a broad_folder refusal that came over the socket', async () => {
    const host = new FakeHost();
    const { door, store } = await connected(host);
    expect(await store.getState().openFolder('/home/you')).toBe(false);
    expect(store.getState().folderToConfirm).toMatchObject({ cwd: '/home/you', resumeId: null });
    expect(await store.getState().confirmBroadFolder()).toBe(true);
    expect(store.getState().screen).toBe('conversation');
    door.stop();
  });

  it('says so when what was missed cannot be fetched, and leaves no spinner', async () => {
    const host = new FakeHost();
    const { door, store, sockets } = await connected(host);
    await store.getState().openFolder('/work/a');
    host.record('s1', { type: 'task_started' });
    await settle();
    sockets[0]!.close(1006);
    delete host.log.s1;
    await settle();
    sockets[1]!.open();
    await settle();
    const view = store.getState().sessions.s1!;
    expect(describeStatus(view, 0).busy).toBe(false);
    expect(view.cells.at(-1)).toMatchObject({ kind: 'notice', level: 'warning', detail: 'No session s1 is running here.' });
    door.stop();
  });
});
