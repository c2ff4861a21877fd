import { describe, expect, it } from 'vitest';
import type { HostEvent } from '../../shared/host/contract.js';
import type { ReplayedEventMsg } from '../../shared/protocol/index.js';
import { REPLAY_PAGE_MAX_CHARS, SessionReplay, withReplay, type ReplayPage } from './session-replay.js';

/** A turn as a resumed session's file replays it: six events. */
function turn(n: number, answer = `Answer ${n}.`): ReplayedEventMsg[] {
  return [
    { type: 'task_started', model_context_window: 272_000 },
    { type: 'user_message', message: `Request ${n}` },
    { type: 'exec_command_begin', call_id: `call_${n}`, command: ['ls'], cwd: '/p' },
    {
      type: 'exec_command_end', call_id: `call_${n}`, command: ['ls'], cwd: '/p', stdout: 'a\n', stderr: '', aggregated_output: 'a\n', exit_code: 0, duration_ms: 3, formatted_output: 'a\n',
    },
    { type: 'agent_message', message: answer },
    { type: 'task_complete', last_agent_message: answer },
  ];
}

function turns(count: number): ReplayedEventMsg[] {
  return Array.from({ length: count }, (_, n) => turn(n)).flat();
}

/** Every page, newest first, as a client walks the replay down to its start. */
function walk(replay: SessionReplay, limit: number): ReplayPage[] {
  const pages: ReplayPage[] = [];
  for (let before = replay.length; before > 0; ) {
    const page = replay.page(before, limit);
    pages.push(page);
    before = page.start;
  }
  return pages;
}

const noWarnings = (message: string) => {
  throw new Error(`unexpected warning: ${message}`);
};

describe('SessionReplay', () => {
  it('pages whole turns, newest first, each within the limit, together the whole replay once', () => {
    const events = turns(100);
    const replay = new SessionReplay(events, noWarnings);
    const pages = walk(replay, 40);
    // 40 events hold six whole turns (36 events): 100 turns take 17 pages.
    expect(pages.map((page) => page.end - page.start)).toEqual([...Array<number>(16).fill(36), 24]);
    for (const page of pages) expect(page.messages[0]?.type).toBe('task_started');
    expect(pages.reverse().flatMap((page) => page.messages)).toEqual(events);
    expect(replay.all()).toEqual(events);
  });

  it('keeps a page within about 256 KB of JSON, and gives a larger turn a page of its own', () => {
    // A turn carries its answer twice (agent_message, task_complete): about 100 KB each for turns 1 and 2.
    const big = 'x'.repeat(50_000);
    const events = [...turn(0), ...turn(1, big), ...turn(2, big), ...turn(3, big.repeat(3)), ...turn(4)];
    const replay = new SessionReplay(events, noWarnings);
    const pages = walk(replay, 1_000);
    expect(pages.map((page) => [page.start / 6, page.end / 6])).toEqual([
      [4, 5],
      [3, 4],
      [0, 3],
    ]);
    // Turn 3 alone is over the budget: it comes anyway, in a page of its own.
    expect(JSON.stringify(pages[1]?.messages).length).toBeGreaterThan(REPLAY_PAGE_MAX_CHARS);
    expect(JSON.stringify(pages[2]?.messages).length).toBeLessThan(REPLAY_PAGE_MAX_CHARS);
  });

  it('treats what precedes the first turn, and a request recorded without task_started, as turns of their own', () => {
    const events: ReplayedEventMsg[] = [
      { type: 'warning', message: 'an old warning' },
      { type: 'user_message', message: 'an older file had no task_started' },
      { type: 'agent_message', message: 'ok' },
      ...turn(1),
    ];
    const replay = new SessionReplay(events, noWarnings);
    expect(walk(replay, 1).map((page) => [page.start, page.end])).toEqual([
      [3, 9],
      [1, 3],
      [0, 1],
    ]);
  });

  it('answers a page that ends anywhere, and an empty page at the start', () => {
    const replay = new SessionReplay(turns(3), noWarnings);
    // A page may be asked to end inside a turn (an older client's numbers): it ends there.
    expect(replay.page(8, 1_000)).toMatchObject({ start: 0, end: 8 });
    expect(replay.page(8, 3)).toMatchObject({ start: 6, end: 8 });
    expect(replay.page(0, 10)).toEqual({ start: 0, end: 0, messages: [] });
    expect(replay.page(500, 6)).toMatchObject({ start: 12, end: 18 });
  });

  it('leaves out events that do not fit the protocol, warning once for each', () => {
    const warnings: string[] = [];
    const events: unknown[] = turns(2);
    events[4] = { type: 'agent_message', message: 42 };
    events[10] = { type: 'agent_message' };
    const replay = new SessionReplay(events, (message) => warnings.push(message));
    const newest = replay.page(replay.length, 6);
    expect(newest).toMatchObject({ start: 6, end: 12 });
    expect(newest.messages.map((msg) => msg.type)).toEqual(['task_started', 'user_message', 'exec_command_begin', 'exec_command_end', 'task_complete']);
    expect(warnings).toEqual([expect.stringMatching(/^Tandem left out 1 saved event\(s\) .*\(agent_message at 10: message: /)]);
    expect(replay.all()).toHaveLength(10);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/agent_message at 4: message: /);
  });
});

describe('withReplay', () => {
  const configured: HostEvent = {
    session_id: 's1',
    seq: 0,
    event: { id: '0', msg: { type: 'session_configured', session_id: 's1', model: 'm', cwd: '/p', approval_policy: 'never', sandbox_policy: { mode: 'read-only' }, rollout_path: null } },
  };

  it('gives a session_configured its replay back, whole or as the newest page marked with its start', () => {
    const replay = new SessionReplay(turns(10), noWarnings);
    const whole = withReplay(configured, replay, undefined);
    expect(whole).toEqual({ ...configured, event: { ...configured.event, msg: { ...configured.event.msg, initial_messages: turns(10) } } });
    expect(whole.replay_start).toBeUndefined();

    const paged = withReplay(configured, replay, 12);
    expect(paged.replay_start).toBe(48);
    expect(paged.event.msg.type === 'session_configured' && paged.event.msg.initial_messages).toEqual(turns(10).slice(48));
    expect(withReplay(configured, new SessionReplay([], noWarnings), 12)).toMatchObject({ replay_start: 0, event: { msg: { initial_messages: [] } } });
  });

  it('leaves other events, and sessions without a replay, as they are', () => {
    const other: HostEvent = { session_id: 's1', seq: 1, event: { id: '1', msg: { type: 'task_started' } } };
    expect(withReplay(other, new SessionReplay(turns(1), noWarnings), 10)).toBe(other);
    expect(withReplay(configured, null, 10)).toBe(configured);
  });
});
