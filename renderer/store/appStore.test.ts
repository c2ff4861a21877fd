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
  settings: PublicSettings = { has_api_key: true, api_key_source: 'settings', base_url: null, model: 'gpt-5', approval_preset: 'ask' };
  failSubmit: string | null = null;
  pickedFolder: string | null = '/work/picked';

  async request<N extends HostRequestName>(name: N, params: HostParams<N>): Promise<HostResult<N>> {
    hostRequests[name].params.parse(params);
    this.requests.push({ name, params });
    return hostRequests[name].result.parse(this.answer(name, params)) as HostResult<N>;
  }

  private answer(name: HostRequestName, params: unknown): unknown {
    switch (name) {
      case 'open_session':
        return { session_id: (params as { resume_id?: string }).resume_id ?? 's1' };
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
    for (const msg of msgs) for (const listener of this.listeners) listener({ session_id: sessionId, event: { id: submissionId, msg } });
  }

  submitted(): unknown[] {
    return this.requests.filter((r) => r.name === 'submit').map((r) => (r.params as { submission: { op: unknown } }).submission.op);
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

  it('leads straight to Settings when no API key is set, and does not send', async () => {
    const { host, state } = setUp();
    host.settings = { ...host.settings, has_api_key: false, api_key_source: 'none' };
    await state().loadStart();
    expect(state()).toMatchObject({ settingsOpen: true, settingsReason: MISSING_KEY_REASON });
    state().closeSettings();
    await state().openFolder('/work/a');
    expect(await state().sendMessage('hello')).toBe(false);
    expect(state().settingsOpen).toBe(true);
    expect(host.submitted()).toEqual([]);

    await state().saveSettings({ api_key: 'sk-test' });
    expect(state().settingsOpen).toBe(false);
    expect(await state().sendMessage('hello')).toBe(true);
  });

  it('opens a folder, sends a message and draws the events of the session', async () => {
    const { host, state } = setUp();
    await state().openFolder('/work/a');
    expect(state()).toMatchObject({ screen: 'conversation', activeSessionId: 's1', sessionFolders: { s1: '/work/a' } });
    expect(host.requests.at(-1)).toEqual({ name: 'open_session', params: { cwd: '/work/a' } });

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
    expect(host.requests.at(-1)).toEqual({ name: 'open_session', params: { cwd: '/work/old', resume_id: 'old' } });
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

  it('opens Settings when an error says the key was refused', async () => {
    const { host, state } = setUp();
    await state().openFolder('/work/a');
    host.emit('s1', 'sub-1', { type: 'task_started' }, { type: 'error', message: 'The model server refused the API key (HTTP 401).' });
    expect(state()).toMatchObject({ settingsOpen: true, settingsReason: REFUSED_KEY_REASON });
    expect(state().sessions.s1!.needsApiKey).toBe(false);
  });

  it('applies a new approval preset and model to open sessions', async () => {
    const { host, state } = setUp();
    await state().loadStart();
    await state().openFolder('/work/a');
    await state().saveSettings({ approval_preset: 'full-access', model: 'gpt-5-codex' });
    expect(host.submitted()).toEqual([
      { type: 'override_turn_context', approval_policy: 'never', sandbox_policy: { mode: 'danger-full-access' }, model: 'gpt-5-codex' },
    ]);
  });

  it('folds events of sessions it has not opened itself', () => {
    const { host, state } = setUp();
    host.emit('other', 'x', { type: 'agent_message', message: 'hi' });
    expect(state().sessions.other?.cells).toHaveLength(1);
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

describe('the WebSocket door', () => {
  /** A socket the test opens and closes by hand; the host side answers requests from a table. */
  function manualSockets() {
    const sockets: { on: SocketHandlers; sent: string[] }[] = [];
    const factory: SocketFactory = (_url, on) => {
      const socket = { on, sent: [] as string[] };
      sockets.push(socket);
      return {
        send: (data: string) => {
          socket.sent.push(data);
          const frame = JSON.parse(data) as { id: number; name: string };
          const result = frame.name === 'recent_projects' ? { projects: [] } : frame.name === 'list_sessions' ? { sessions: [] } : frame.name === 'open_session' ? { session_id: 's1' } : frame.name === 'submit' ? { id: 'x' } : FakeHostSettings;
          queueMicrotask(() => on.message(JSON.stringify({ kind: 'reply', id: frame.id, ok: true, result })));
        },
        close: () => on.close(1000),
      };
    };
    return { sockets, factory };
  }
  const FakeHostSettings: PublicSettings = { has_api_key: true, api_key_source: 'environment', base_url: null, model: 'm', approval_preset: 'ask' };

  it('shows the door state, and after a reconnect ends a turn whose end may have been missed', async () => {
    const { sockets, factory } = manualSockets();
    const door = new WebSocketDoor({ url: 'ws://127.0.0.1:1/ws?token=t', createSocket: factory, backoffMs: () => 0 });
    const store = createAppStore(door, { scheduleFlush: (flush) => flush(), now: () => 0 });
    door.start();
    expect(store.getState().door).toEqual({ state: 'connecting', attempt: 1 });
    sockets[0]!.on.open();
    expect(store.getState().door).toEqual({ state: 'open' });

    await store.getState().openFolder('/work/a');
    await store.getState().sendMessage('hello');
    sockets[0]!.on.message(JSON.stringify({ kind: 'event', event: { session_id: 's1', event: { id: 'x', msg: { type: 'task_started' } } } }));
    expect(describeStatus(store.getState().sessions.s1!, 0).busy).toBe(true);

    sockets[0]!.on.close(1006);
    expect(store.getState().door).toMatchObject({ state: 'waiting', attempt: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    sockets[1]!.on.open();
    const view = store.getState().sessions.s1!;
    expect(describeStatus(view, 0).busy).toBe(false);
    expect(view.cells.at(-1)).toMatchObject({ kind: 'notice', level: 'warning' });
    door.stop();
  });
});
