import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hostRequests, type HostEvent, type HostParams, type HostRequestName, type HostResult, type SearchHit, type SessionSummary, type TandemApi } from '../../shared/host/contract.js';
import { HostRequestError } from '../../shared/host/host-error.js';
import { createAppStore } from './appStore.js';
import { orderedRows, PARTIAL_SEARCH_AGAIN_MS, SEARCH_DELAY_MS, UNDO_DELETE_MS } from './workspaceSlice.js';

/** A host with saved sessions on "disk" and a trash, answering the sidebar's requests as the real one does. */
class SavedSessionsHost implements TandemApi {
  readonly door = 'ipc' as const;
  readonly requests: { name: HostRequestName; params: unknown }[] = [];
  saved: SessionSummary[] = [
    { id: 'a', cwd: '/work/app', title: 'Fix the login', created_at: '2026-11-29T10:00:00Z', updated_at: '2026-11-29T10:00:00Z' },
    { id: 'b', cwd: '/work/app', title: 'Write the docs', created_at: '2026-11-28T10:00:00Z', updated_at: '2026-11-28T10:00:00Z' },
    { id: 'c', cwd: '/work/site', title: 'New landing page', created_at: '2026-11-27T10:00:00Z', updated_at: '2026-11-27T10:00:00Z' },
  ];
  trash: SessionSummary[] = [];
  locked = new Set<string>();
  hits: SearchHit[] = [];
  /** How many answers to come say `partial` (the host still reading its sessions). */
  partialAnswers = 0;

  async request<N extends HostRequestName>(name: N, params: HostParams<N>): Promise<HostResult<N>> {
    hostRequests[name].params.parse(params);
    this.requests.push({ name, params });
    return hostRequests[name].result.parse(this.answer(name, params as never)) as HostResult<N>;
  }

  private answer(name: HostRequestName, params: Record<string, unknown>): unknown {
    switch (name) {
      case 'list_sessions':
        return { sessions: this.saved.slice(0, (params.limit as number | undefined) ?? 50) };
      case 'rename_session': {
        const session = this.saved.find((s) => s.id === params.session_id);
        if (!session) throw new Error('no such session');
        session.title = (params.title as string).trim() || 'first request';
        return { title: session.title };
      }
      case 'delete_session': {
        if (this.locked.has(params.session_id as string)) throw new HostRequestError('This session is open in tandem proto (pid 7).', 'session_locked');
        const at = this.saved.findIndex((s) => s.id === params.session_id);
        this.trash.push(...this.saved.splice(at, 1));
        return { deleted: true };
      }
      case 'restore_session': {
        const at = this.trash.findIndex((s) => s.id === params.session_id);
        this.saved.push(...this.trash.splice(at, 1));
        return { restored: true };
      }
      case 'search_sessions':
        return { hits: this.hits, truncated: false, partial: this.partialAnswers-- > 0 };
      case 'open_session':
        return { session_id: (params.resume_id as string | undefined) ?? 'new-1' };
      case 'session_events':
        return { events: [] };
      case 'live_sessions':
        return { sessions: [] };
      case 'recent_projects':
        return { projects: ['/work/app'] };
      default:
        throw new Error(`not answered here: ${name}`);
    }
  }

  onEvent(_listener: (event: HostEvent) => void): () => void {
    return () => undefined;
  }

  pathForFile(): string | null {
    return null;
  }
}

function setUp() {
  const host = new SavedSessionsHost();
  const store = createAppStore(host, { scheduleFlush: (flush) => flush(), now: () => 0 });
  return { host, state: () => store.getState() };
}

describe('the sidebar', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lists saved sessions by project, and a click resumes one that is not open', async () => {
    const { host, state } = setUp();
    await state().refreshSessionList();
    expect(orderedRows(state()).map((row) => row.title)).toEqual(['Fix the login', 'Write the docs', 'New landing page']);
    await state().showRow(orderedRows(state())[1]!);
    expect(host.requests.find((r) => r.name === 'open_session')?.params).toEqual({ cwd: '/work/app', resume_id: 'b', replay_limit: 200 });
    expect(state()).toMatchObject({ activeSessionId: 'b', screen: 'conversation' });
  });

  it('renames through the host and shows the new name', async () => {
    const { state } = setUp();
    await state().refreshSessionList();
    expect(await state().renameSession('b', '  Docs for 2.0 ')).toBe(true);
    expect(orderedRows(state()).find((row) => row.id === 'b')?.title).toBe('Docs for 2.0');
  });

  it('deletes with Undo: out of the list at once, back after Undo, and the toast goes by itself', async () => {
    const { host, state } = setUp();
    await state().refreshSessionList();
    await state().deleteSession('a');
    expect(orderedRows(state()).map((row) => row.id)).toEqual(['b', 'c']);
    expect(state().toast).toMatchObject({ kind: 'deleted', sessionId: 'a', title: 'Fix the login' });
    await state().undoDelete();
    expect(host.trash).toEqual([]);
    expect(orderedRows(state()).map((row) => row.id).sort()).toEqual(['a', 'b', 'c']);

    await state().deleteSession('c');
    vi.advanceTimersByTime(UNDO_DELETE_MS + 1);
    expect(state().toast).toBeNull();
    expect(host.trash.map((s) => s.id)).toEqual(['c']);
  });

  it('keeps a session the host would not delete, and says why', async () => {
    const { host, state } = setUp();
    host.locked.add('b');
    await state().refreshSessionList();
    await state().deleteSession('b');
    expect(orderedRows(state()).map((row) => row.id)).toContain('b');
    expect(state().toast).toEqual({ kind: 'problem', text: 'This session is open in tandem proto (pid 7).' });
  });

  it('searches after a pause in typing, once, and opening a hit reveals its place', async () => {
    const { host, state } = setUp();
    host.hits = [{ session_id: 'c', cwd: '/work/site', title: 'New landing page', updated_at: '2026-11-27T10:00:00Z', kind: 'output', snippet: '… hero image loaded …', match: [2, 12], occurrence: 2 }];
    state().setSearchQuery('h');
    state().setSearchQuery('hero');
    state().setSearchQuery('hero image');
    expect(host.requests.filter((r) => r.name === 'search_sessions')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS + 1);
    expect(host.requests.filter((r) => r.name === 'search_sessions').map((r) => r.params)).toEqual([{ query: 'hero image' }]);
    expect(state().search).toMatchObject({ answered: 'hero image', busy: false });
    await state().openHit(state().search.hits[0]!);
    expect(state().activeSessionId).toBe('c');
    expect(state().reveal).toMatchObject({ sessionId: 'c', query: 'hero image', occurrence: 2 });
    state().setSearchQuery('  ');
    expect(state().search.hits).toEqual([]);
  });

  it('asks again while the host answers in part, until the answer is whole, and not after the query changed', async () => {
    const { host, state } = setUp();
    host.partialAnswers = 2;
    state().setSearchQuery('hero');
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS + 1);
    expect(state().search).toMatchObject({ answered: 'hero', partial: true });
    await vi.advanceTimersByTimeAsync(PARTIAL_SEARCH_AGAIN_MS + 1);
    expect(state().search.partial).toBe(true);
    await vi.advanceTimersByTimeAsync(PARTIAL_SEARCH_AGAIN_MS + 1);
    expect(state().search.partial).toBe(false);
    await vi.advanceTimersByTimeAsync(PARTIAL_SEARCH_AGAIN_MS * 3);
    const asked = () => host.requests.filter((r) => r.name === 'search_sessions').map((r) => r.params);
    expect(asked()).toEqual([{ query: 'hero' }, { query: 'hero' }, { query: 'hero' }]);

    host.partialAnswers = 1;
    state().setSearchQuery('image');
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS + 1);
    state().setSearchQuery('images');
    await vi.advanceTimersByTimeAsync(PARTIAL_SEARCH_AGAIN_MS * 3);
    expect(asked().slice(3)).toEqual([{ query: 'image' }, { query: 'images' }]);
  });

  it('moves between sessions in sidebar order, wrapping', async () => {
    const { state } = setUp();
    await state().refreshSessionList();
    await state().showNthSession(3);
    expect(state().activeSessionId).toBe('c');
    await state().cycleSession(1);
    expect(state().activeSessionId).toBe('a');
    await state().cycleSession(-1);
    expect(state().activeSessionId).toBe('c');
  });

  it('keeps a draft per session', () => {
    const { state } = setUp();
    state().setDraft('a', 'half a thought');
    state().setDraft('b', 'another');
    state().setDraft('b', '');
    expect(state().drafts).toEqual({ a: 'half a thought' });
  });
});
