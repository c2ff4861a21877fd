import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../shared/host/contract.js';
import { reduceEvents } from '../conversation/reduceEvent.js';
import { emptySessionView, type SessionView } from '../conversation/sessionView.js';
import type { EventMsg } from '../../shared/protocol/index.js';
import { ageOf, groupByProject, rowsInOrder, sessionRows, viewState, waitingCount, type RowSources } from './sessionRows.js';

const configured: EventMsg = {
  type: 'session_configured',
  session_id: 's',
  model: 'gpt-5',
  cwd: '/work/a',
  approval_policy: 'untrusted',
  sandbox_policy: { mode: 'workspace-write' },
  rollout_path: null,
  history_log_id: 0,
  history_entry_count: 0,
} as unknown as EventMsg;

function view(sessionId: string, msgs: EventMsg[]): SessionView {
  return reduceEvents(emptySessionView(sessionId), msgs.map((msg) => ({ id: 'sub', msg })), 0);
}

function summary(id: string, cwd: string, title: string, updated: string): SessionSummary {
  return { id, cwd, title, created_at: updated, updated_at: updated };
}

const noSources: RowSources = { saved: [], views: {}, folders: {}, live: [], activity: {}, hidden: new Set() };

describe('the sidebar rows', () => {
  it('tells a waiting, a working, a finished and a failed session apart', () => {
    const started: EventMsg[] = [configured, { type: 'task_started', model_context_window: null } as EventMsg, { type: 'user_message', message: 'do it' } as EventMsg];
    const waiting = view('w', [...started, { type: 'exec_approval_request', call_id: 'c1', command: ['rm', 'x'], cwd: '/work/a' } as unknown as EventMsg]);
    const working = view('r', started);
    const finished = view('f', [...started, { type: 'agent_message', message: 'done' } as EventMsg, { type: 'task_complete', last_agent_message: 'done' } as EventMsg]);
    const failed = view('x', [...started, { type: 'error', message: 'stream disconnected' } as EventMsg, { type: 'task_complete', last_agent_message: null } as EventMsg]);
    expect([waiting, working, finished, failed].map(viewState)).toEqual(['waiting', 'working', 'finished', 'failed']);
    expect(waitingCount({ w: waiting, r: working, f: finished })).toBe(1);
  });

  it('lists each session once, saved or open, and a renamed title wins over the first request', () => {
    const open = view('a', [configured, { type: 'user_message', message: 'first   request\nwith lines' } as EventMsg]);
    const rows = sessionRows(
      {
        ...noSources,
        saved: [summary('a', '/work/a', 'My name for it', '2026-11-29T10:00:00Z'), summary('b', '/work/b', 'older one', '2026-11-28T10:00:00Z')],
        views: { a: open },
        live: [{ session_id: 'a', cwd: '/work/a', started_at: '2026-11-29T09:00:00Z' }],
      },
      'a',
    );
    expect(rows.map((row) => [row.id, row.title, row.open])).toEqual([
      ['a', 'My name for it', true],
      ['b', 'older one', false],
    ]);
  });

  it('leaves out an open session with nothing said unless it is the one shown, and deleted ones', () => {
    const empty = view('e', [configured]);
    const sources = { ...noSources, views: { e: empty }, live: [{ session_id: 'e', cwd: '/work/a', started_at: '2026-11-29T09:00:00Z' }] };
    expect(sessionRows(sources, null)).toEqual([]);
    expect(sessionRows(sources, 'e').map((row) => row.title)).toEqual(['New session']);
    expect(sessionRows({ ...sources, hidden: new Set(['e']) }, 'e')).toEqual([]);
  });

  it('groups by project, the project touched last first, newest session first within it', () => {
    const rows = sessionRows(
      {
        ...noSources,
        saved: [
          summary('a1', '/work/a', 'a old', '2026-11-20T10:00:00Z'),
          summary('b1', '/work/b', 'b new', '2026-11-29T10:00:00Z'),
          summary('a2', '/work/a', 'a new', '2026-11-25T10:00:00Z'),
        ],
      },
      null,
    );
    const groups = groupByProject(rows);
    expect(groups.map((group) => [group.cwd, group.rows.map((row) => row.id)])).toEqual([
      ['/work/b', ['b1']],
      ['/work/a', ['a2', 'a1']],
    ]);
    expect(rowsInOrder(groups).map((row) => row.id)).toEqual(['b1', 'a2', 'a1']);
  });

  it('says ages as a row does', () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(ageOf(now - 10_000, now)).toBe('now');
    expect(ageOf(now - 5 * 60_000, now)).toBe('5 min');
    expect(ageOf(now - 3 * 3_600_000, now)).toBe('3 h');
    expect(ageOf(now - 2 * 86_400_000, now)).toBe('2 d');
  });
});
