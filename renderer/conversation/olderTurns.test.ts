import { describe, expect, it } from 'vitest';
import type { Event, ReplayedEventMsg } from '../../shared/protocol/index.js';
import { foldOlderTurns, reduceEvents } from './reduceEvent.js';
import { emptySessionView, type SessionView } from './sessionView.js';

const configured = (initial: ReplayedEventMsg[]): Event => ({
  id: '0',
  msg: {
    type: 'session_configured',
    session_id: 's1',
    model: 'gpt-5-codex',
    cwd: '/p',
    approval_policy: 'never',
    sandbox_policy: { mode: 'read-only' },
    rollout_path: null,
    initial_messages: initial,
  },
});

/** One saved turn: a request, a command with its output, a patch to src/n.ts, the answer. */
function turn(n: number): ReplayedEventMsg[] {
  return [
    { type: 'task_started', model_context_window: 1000, turn_id: `t${n}` },
    { type: 'user_message', message: `request ${n}` },
    { type: 'exec_command_begin', call_id: `c${n}`, command: ['ls'], cwd: '/p' },
    { type: 'exec_command_end', call_id: `c${n}`, command: ['ls'], cwd: '/p', stdout: `out ${n}\n`, stderr: '', aggregated_output: `out ${n}\n`, exit_code: 0, duration_ms: 3, formatted_output: '' },
    { type: 'patch_apply_begin', call_id: `p${n}`, auto_approved: true, changes: { [`src/${n}.ts`]: { type: 'add', content: `export const n = ${n};\n` } } },
    { type: 'patch_apply_end', call_id: `p${n}`, stdout: '', stderr: '', success: true },
    { type: 'agent_message', message: `answer ${n}` },
    { type: 'task_complete', last_agent_message: `answer ${n}` },
  ] as ReplayedEventMsg[];
}

/** Where each turn begins in the replay: pages always begin at a turn. */
const TURN_EVENTS = turn(0).length;

/** The view a resumed session ends with: the newest page first, then older pages folded in front, newest first. */
function inPages(replay: ReplayedEventMsg[], turnsPerPage: number): SessionView[] {
  const pageEvents = turnsPerPage * TURN_EVENTS;
  let start = Math.max(0, replay.length - pageEvents);
  let view = reduceEvents(emptySessionView('s1'), [configured(replay.slice(start))], 0, start);
  const views = [view];
  let drawn = replay.slice(start);
  while (start > 0) {
    const from = Math.max(0, start - pageEvents);
    const older = replay.slice(from, start);
    view = foldOlderTurns(view, older, from, drawn, 0);
    drawn = [...older, ...drawn];
    start = from;
    views.push(view);
  }
  return views;
}

describe('a resumed session in pages', () => {
  const replay = Array.from({ length: 12 }, (_, n) => turn(n)).flat();
  const whole = reduceEvents(emptySessionView('s1'), [configured(replay)], 0);

  it('draws the newest page first, marked with where it begins, and ends up with exactly the whole replay', () => {
    const views = inPages(replay, 5);
    expect(views[0]!.replayFrom).toBe(7 * TURN_EVENTS);
    expect(views[0]!.cells.map((cell) => cell.kind === 'user' && cell.text).filter(Boolean)).toEqual([7, 8, 9, 10, 11].map((n) => `request ${n}`));
    expect(views.map((view) => view.replayFrom)).toEqual([7 * TURN_EVENTS, 2 * TURN_EVENTS, 0]);
    const last = views.at(-1)!;
    // The same cells with the same names: rows keep their measured heights and folds across pages and reloads.
    expect(last.cells).toEqual(whole.cells);
    expect(last.cells[0]!.id).toBe('r1');
  });

  it('keeps what a later page did to earlier turns (an undo marks the turn it undid, in an older page)', () => {
    const withUndo: ReplayedEventMsg[] = [
      ...replay,
      { type: 'task_started', model_context_window: 1000, turn_id: 'undo-turn' },
      { type: 'undo_started', message: 'Restoring…' },
      { type: 'undo_completed', success: true, message: 'Restored.', turn_id: 't3' },
      { type: 'task_complete', last_agent_message: null },
    ] as ReplayedEventMsg[];
    const wholeWithUndo = reduceEvents(emptySessionView('s1'), [configured(withUndo)], 0);
    const undone = wholeWithUndo.cells.find((cell) => cell.kind === 'patch' && cell.turnId === 't3');
    expect(undone).toMatchObject({ undone: true });
    // Pages of whole turns: the undo's turn is four events, the rest eight each.
    const firstStart = withUndo.length - 4 - 3 * TURN_EVENTS;
    let view = reduceEvents(emptySessionView('s1'), [configured(withUndo.slice(firstStart))], 0, firstStart);
    view = foldOlderTurns(view, withUndo.slice(0, firstStart), 0, withUndo.slice(firstStart), 0);
    expect(view.cells).toEqual(wholeWithUndo.cells);
  });

  it('keeps cells made here since the resume after the older turns', () => {
    const [first] = inPages(replay, 5);
    const typed = reduceEvents(first!, [{ id: 'x', msg: { type: 'background_event', message: 'a note of this window' } }], 0);
    const done = foldOlderTurns(typed, replay.slice(0, 7 * TURN_EVENTS), 0, replay.slice(7 * TURN_EVENTS), 0);
    expect(done.cells.slice(0, -1)).toEqual(whole.cells);
    expect(done.cells.at(-1)).toMatchObject({ kind: 'notice', text: 'a note of this window' });
    expect(done.replayFrom).toBe(0);
  });
});
