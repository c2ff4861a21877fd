import { describe, expect, it } from 'vitest';
import type { EventMsg } from '../../shared/protocol/index.js';
import type { Cell } from './cells.js';
import { abandonHistoryEdit, addTypedMessage, beginCompaction, beginRollback, beginUndo, noteCatchUpFailed, takeComposerRefill } from './localActions.js';
import { reduceEvents } from './reduceEvent.js';
import { emptySessionView, type SessionView } from './sessionView.js';
import { describeStatus, historyEditBlocker } from './status.js';

const T0 = 1_000_000;

/** Events as the agent sends them for submission `id`. */
function run(view: SessionView, id: string, ...events: EventMsg[]): SessionView {
  return reduceEvents(view, events.map((msg) => ({ id, msg })), T0);
}

function turn(view: SessionView, id: string, said: string, answer: string): SessionView {
  return run(
    view,
    id,
    { type: 'task_started' },
    { type: 'user_message', message: said },
    { type: 'agent_message', message: answer },
    { type: 'task_complete', last_agent_message: answer },
  );
}

/** Two finished turns: "one" / "1", then "two" / a command / "2". */
function twoTurns(): SessionView {
  const first = turn(emptySessionView('s1'), 'sub-1', 'one', '1');
  return run(
    first,
    'sub-2',
    { type: 'task_started' },
    { type: 'user_message', message: 'two' },
    { type: 'exec_command_begin', call_id: 'c1', command: ['bash', '-lc', 'rm old.txt'], cwd: '/p' },
    { type: 'exec_command_end', call_id: 'c1', command: ['bash', '-lc', 'rm old.txt'], cwd: '/p', stdout: '', stderr: '', aggregated_output: '', exit_code: 0, duration_ms: 5, formatted_output: '' },
    { type: 'turn_diff', unified_diff: 'diff --git a/old.txt b/old.txt\ndeleted file mode 100644\n' },
    { type: 'agent_message', message: '2' },
    { type: 'task_complete', last_agent_message: '2' },
  );
}

/** Each cell as one short string, to compare whole conversations at a glance. */
function summary(view: SessionView): string[] {
  return view.cells.map((cell: Cell) => {
    switch (cell.kind) {
      case 'user':
      case 'assistant':
        return `${cell.kind}:${cell.text}`;
      case 'undo':
        return `undo:${cell.state}`;
      default:
        return cell.kind;
    }
  });
}

const NOT_GIT = 'Undo is unavailable: /tmp/project is not a git repository.';
const RESTORED = 'Restored 2 files and removed 1 file created since the snapshot.';
const STARTED = 'Restoring the files as they were before the last turn…';

describe('undo', () => {
  it('shows one row that says what it is doing, then what came of it', () => {
    const started = run(twoTurns(), 'u1', { type: 'undo_started', message: STARTED });
    const running = started.cells.at(-1);
    expect(running).toMatchObject({ kind: 'undo', state: 'running', text: STARTED });

    const done = run(started, 'u1', { type: 'undo_completed', success: true, message: RESTORED });
    expect(done.cells).toHaveLength(started.cells.length);
    expect(done.cells.at(-1)).toEqual({ id: running?.id, kind: 'undo', state: 'restored', text: RESTORED, advice: null });
    // Undo changes the files, not the conversation.
    expect(summary(done).slice(0, -1)).toEqual(summary(twoTurns()));
  });

  it('outside git says undo is unavailable, in the agent’s words, and how to have it', () => {
    const view = run(emptySessionView('s1'), 'u1', { type: 'undo_started', message: STARTED }, { type: 'undo_completed', success: false, message: NOT_GIT });
    expect(view.cells).toEqual([{ id: 'c1', kind: 'undo', state: 'unavailable', text: NOT_GIT, advice: expect.stringContaining('`git init`') }]);
  });

  it.each([
    ['Nothing to undo: no snapshot has been taken in this session yet.', false, 'nothing', null],
    ['Nothing to undo: the files already match the snapshot.', true, 'nothing', null],
    ['Undo failed: git checkout-index exited with 128', false, 'failed', expect.stringContaining('`git status`')],
    ['Undo is unavailable: the snapshot 0123456789ab is no longer in the repository (git may have pruned it).', false, 'unavailable', 'The files were left as they are.'],
  ])('%s', (message, success, state, advice) => {
    const view = run(emptySessionView('s1'), 'u1', { type: 'undo_completed', success, message });
    expect(view.cells).toEqual([{ id: 'c1', kind: 'undo', state, text: message, advice }]);
  });

  it('has plain words of its own when the agent gives none', () => {
    const view = run(
      emptySessionView('s1'),
      'u1',
      { type: 'undo_started', message: null },
      { type: 'undo_completed', success: true, message: null },
      { type: 'undo_started' },
      { type: 'undo_completed', success: false },
    );
    expect(view.cells.map((cell) => cell.kind === 'undo' && [cell.state, cell.text])).toEqual([
      ['restored', 'The files are back as they were before the last turn.'],
      ['failed', 'Undo did not work.'],
    ]);
  });

  it('asked for with the conversation, wants the rollback only once the undo worked', () => {
    const asked = beginUndo(twoTurns(), 'u1', true);
    expect(asked.historyEdit).toEqual({ step: 'undoing', submissionId: 'u1', thenRollback: true });
    const started = run(asked, 'u1', { type: 'undo_started', message: STARTED });
    expect(started.historyEdit?.step).toBe('undoing');

    expect(run(started, 'u1', { type: 'undo_completed', success: true, message: RESTORED }).historyEdit).toEqual({ step: 'rollback_due' });
    const failed = run(started, 'u1', { type: 'undo_completed', success: false, message: NOT_GIT });
    expect(failed.historyEdit).toBeNull();
    expect(summary(failed)).toEqual([...summary(twoTurns()), 'undo:unavailable']);
  });

  it('of the files only, is over when its answer comes', () => {
    const view = run(beginUndo(twoTurns(), 'u1', false), 'u1', { type: 'undo_completed', success: true, message: RESTORED });
    expect(view.historyEdit).toBeNull();
  });

  it('is not confused by another window’s undo', () => {
    const asked = beginUndo(twoTurns(), 'u1', true);
    const other = run(asked, 'undo-of-another-window', { type: 'undo_started', message: STARTED }, { type: 'undo_completed', success: true, message: RESTORED });
    expect(other.historyEdit).toEqual(asked.historyEdit);
  });

  it('refused while a turn runs: the error shows, the running turn goes on, and nothing is under way any more', () => {
    const busy = run(twoTurns(), 'sub-3', { type: 'task_started' }, { type: 'user_message', message: 'three' });
    const asked = beginUndo(busy, 'u1', true);
    const refused = run(asked, 'u1', { type: 'error', message: 'Cannot undo while the agent is working; stop the turn first.' });
    expect(refused.historyEdit).toBeNull();
    expect(refused.turn.active).toBe(true);
    expect(refused.cells.at(-1)).toMatchObject({ kind: 'notice', level: 'error' });
  });

  it('a request that never reached the agent leaves nothing under way', () => {
    expect(abandonHistoryEdit(beginUndo(twoTurns(), 'u1', true)).historyEdit).toBeNull();
  });
});

describe('thread_rolled_back', () => {
  it('takes the last turn’s cells out of the view and leaves the turns before it', () => {
    const view = run(twoTurns(), 'r1', { type: 'thread_rolled_back', num_turns: 1 });
    expect(summary(view)).toEqual(['user:one', 'assistant:1', 'notice']);
    expect(view.cells.at(-1)).toMatchObject({ kind: 'notice', text: 'Took the last turn out of the conversation.', advice: null });
  });

  it('takes several turns', () => {
    const three = turn(twoTurns(), 'sub-3', 'three', '3');
    const view = run(three, 'r1', { type: 'thread_rolled_back', num_turns: 2 });
    expect(summary(view)).toEqual(['user:one', 'assistant:1', 'notice']);
    expect(view.cells.at(-1)).toMatchObject({ text: 'Took the last 2 turns out of the conversation.' });
  });

  it('keeps the undo of the files, a compaction, and messages typed here that the agent has not taken yet', () => {
    let view = run(twoTurns(), 'k1', { type: 'task_started' }, { type: 'context_compacted' }, { type: 'task_complete', last_agent_message: null });
    view = run(view, 'u1', { type: 'undo_started', message: STARTED }, { type: 'undo_completed', success: true, message: RESTORED });
    view = addTypedMessage(view, 'typed meanwhile');
    const rolled = run(view, 'r1', { type: 'thread_rolled_back', num_turns: 1 });
    expect(summary(rolled)).toEqual(['user:one', 'assistant:1', 'compaction', 'undo:restored', 'user:typed meanwhile', 'notice']);
    expect(rolled.awaitingEcho).toHaveLength(1);
  });

  it('asked for by this window, gives the person’s message back for the composer, once', () => {
    const asked = beginRollback(twoTurns(), 'r1');
    expect(asked.historyEdit).toEqual({ step: 'rolling_back', submissionId: 'r1' });
    const rolled = run(asked, 'r1', { type: 'thread_rolled_back', num_turns: 1 });
    expect(rolled.composerRefill).toBe('two');
    expect(rolled.historyEdit).toBeNull();
    expect(rolled.cells.at(-1)).toMatchObject({ kind: 'notice', advice: expect.stringContaining('back in the message box') });
    expect(takeComposerRefill(rolled).composerRefill).toBeNull();
  });

  it('asked for elsewhere, or replayed, leaves the composer alone', () => {
    const elsewhere = run(beginRollback(twoTurns(), 'r1'), 'rollback-of-another-window', { type: 'thread_rolled_back', num_turns: 1 });
    expect(elsewhere.composerRefill).toBeNull();
    expect(summary(elsewhere)).toEqual(['user:one', 'assistant:1', 'notice']);

    const resumed = run(emptySessionView('s1'), '0', {
      type: 'session_configured',
      session_id: 's1',
      model: 'gpt-5',
      cwd: '/p',
      approval_policy: 'on-request',
      sandbox_policy: { mode: 'workspace-write' },
      rollout_path: null,
      initial_messages: [
        { type: 'user_message', message: 'one' },
        { type: 'agent_message', message: '1' },
        { type: 'user_message', message: 'two' },
        { type: 'agent_message', message: '2' },
        { type: 'thread_rolled_back', num_turns: 1 },
      ],
    });
    expect(summary(resumed)).toEqual(['user:one', 'assistant:1', 'notice']);
    expect(resumed.composerRefill).toBeNull();
  });

  it('refused (fewer turns than asked) leaves the conversation and nothing under way', () => {
    const asked = beginRollback(twoTurns(), 'r1');
    const refused = run(asked, 'r1', { type: 'error', message: 'There are fewer than 1 turn(s) to roll back.' });
    expect(refused.historyEdit).toBeNull();
    expect(summary(refused)).toEqual([...summary(twoTurns()), 'notice']);
  });
});

describe('compaction', () => {
  const warning = 'The conversation was compacted to fit the model\'s context window. Long conversations and repeated compactions can make the agent less accurate; start a new session when you can.';

  it('draws a divider that carries the agent’s warning; later warnings are notices of their own', () => {
    const view = run(
      twoTurns(),
      'k1',
      { type: 'task_started' },
      { type: 'context_compacted' },
      { type: 'warning', message: warning },
      { type: 'task_complete', last_agent_message: null },
      { type: 'warning', message: 'Something else.' },
    );
    expect(view.cells.slice(-2)).toEqual([
      { id: expect.any(String), kind: 'compaction', note: warning, summary: null },
      { id: expect.any(String), kind: 'notice', level: 'warning', text: 'Something else.', advice: null, detail: null },
    ]);
  });

  it('asked for here, shows a spinner that says so until the compaction turn ends', () => {
    const asked = beginCompaction(twoTurns(), 'k1');
    expect(describeStatus(asked, T0)).toEqual({ kind: 'thinking', text: 'Compacting the conversation', busy: true });
    const running = run(asked, 'k1', { type: 'task_started' });
    expect(describeStatus(running, T0).text).toBe('Compacting the conversation');
    const done = run(running, 'k1', { type: 'context_compacted' }, { type: 'warning', message: warning }, { type: 'task_complete', last_agent_message: null });
    expect(done.historyEdit).toBeNull();
    expect(describeStatus(done, T0)).toMatchObject({ kind: 'idle', busy: false });
  });

  it('that fails ends with its error', () => {
    const failed = run(beginCompaction(twoTurns(), 'k1'), 'k1', { type: 'task_started' }, { type: 'error', message: 'stream disconnected before completion' });
    expect(failed.historyEdit).toBeNull();
    expect(failed.turn.active).toBe(false);
  });
});

describe('historyEditBlocker', () => {
  it('allows undo and compaction only with the conversation at rest', () => {
    expect(historyEditBlocker(twoTurns())).toBeNull();
    expect(historyEditBlocker(run(twoTurns(), 'sub-3', { type: 'task_started' }))).toMatch(/agent is working/);
    expect(historyEditBlocker(addTypedMessage(twoTurns(), 'three'))).toMatch(/agent is working/);
    expect(historyEditBlocker(beginUndo(twoTurns(), 'u1', true))).toMatch(/undo is still under way/);
    expect(historyEditBlocker(beginCompaction(twoTurns(), 'k1'))).toMatch(/being compacted/);
    expect(historyEditBlocker(run(twoTurns(), 'x', { type: 'shutdown_complete' }))).toMatch(/ended/);
  });

  it('frees them when what was under way cannot be followed any more', () => {
    const lost = noteCatchUpFailed(beginUndo(twoTurns(), 'u1', true), 'No session s1 is running here.');
    expect(historyEditBlocker(lost)).toBeNull();
  });
});
