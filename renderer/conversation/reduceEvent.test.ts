import { describe, expect, it } from 'vitest';
import { EventMsg, type EventMsgOf, type EventType } from '../../shared/protocol/index.js';
import type { Cell } from './cells.js';
import { addTypedMessage, answerApproval, noteCatchUpFailed, noteRequestFailed } from './localActions.js';
import { MAX_COMMAND_OUTPUT_CHARS, reduceEvent, reduceEvents } from './reduceEvent.js';
import { emptySessionView, type SessionView } from './sessionView.js';
import { describeStatus, describeTokenUse } from './status.js';

const usage = (total: number) => ({
  input_tokens: total - 10,
  cached_input_tokens: 0,
  output_tokens: 10,
  reasoning_output_tokens: 0,
  total_tokens: total,
});

/** One valid example of every event; the type makes the compiler name any event left out. */
const examples: { [K in EventType]: EventMsgOf<K> } = {
  session_configured: {
    type: 'session_configured',
    session_id: 's1',
    model: 'gpt-5',
    cwd: '/work/project',
    approval_policy: 'untrusted',
    sandbox_policy: { mode: 'workspace-write' },
    rollout_path: '/home/me/.tandem/sessions/s1.jsonl',
  },
  task_started: { type: 'task_started', model_context_window: 272_000 },
  user_message: { type: 'user_message', message: 'list the files' },
  agent_message_delta: { type: 'agent_message_delta', delta: 'Hel' },
  agent_message: { type: 'agent_message', message: 'Hello' },
  agent_reasoning_delta: { type: 'agent_reasoning_delta', delta: 'Thinking about' },
  agent_reasoning: { type: 'agent_reasoning', text: 'Thinking about files' },
  exec_command_begin: { type: 'exec_command_begin', call_id: 'call-1', command: ['bash', '-lc', 'ls'], cwd: '/work/project' },
  exec_command_output_delta: { type: 'exec_command_output_delta', call_id: 'call-1', stream: 'stdout', chunk: 'a.txt\n' },
  exec_command_end: {
    type: 'exec_command_end',
    call_id: 'call-1',
    command: ['bash', '-lc', 'ls'],
    cwd: '/work/project',
    stdout: 'a.txt\n',
    stderr: '',
    aggregated_output: 'a.txt\n',
    exit_code: 0,
    duration_ms: 1200,
    formatted_output: 'a.txt\n',
  },
  exec_approval_request: {
    type: 'exec_approval_request',
    call_id: 'call-2',
    command: ['rm', '-rf', 'build'],
    cwd: '/work/project',
    reason: 'clean the build',
  },
  approval_decision: { type: 'approval_decision', call_id: 'call-2', decision: 'approved_for_session' },
  apply_patch_approval_request: {
    type: 'apply_patch_approval_request',
    call_id: 'call-3',
    changes: { 'a.txt': { type: 'update', unified_diff: '@@ -1 +1 @@\n-a\n+b\n' } },
    cwd: '/work/project',
    reason: null,
  },
  patch_apply_begin: {
    type: 'patch_apply_begin',
    call_id: 'call-3',
    auto_approved: false,
    changes: { 'a.txt': { type: 'update', unified_diff: '@@ -1 +1 @@\n-a\n+b\n' } },
  },
  patch_apply_end: { type: 'patch_apply_end', call_id: 'call-3', stdout: 'Success. Updated the following files:\nM a.txt\n', stderr: '', success: true },
  turn_diff: { type: 'turn_diff', unified_diff: 'diff --git a/a.txt b/a.txt\n-a\n+b\n' },
  plan_update: { type: 'plan_update', explanation: null, plan: [{ step: 'Read the code', status: 'in_progress' }] },
  token_count: {
    type: 'token_count',
    info: { total_token_usage: usage(25_000), last_token_usage: usage(13_600), model_context_window: 272_000 },
  },
  stream_error: { type: 'stream_error', message: 'Reconnecting... 2/5' },
  error: { type: 'error', message: 'stream disconnected before completion' },
  warning: { type: 'warning', message: 'Long threads and repeated compactions make the model less accurate.' },
  background_event: { type: 'background_event', message: 'Sandbox: bubblewrap' },
  context_compacted: { type: 'context_compacted' },
  undo_started: { type: 'undo_started', message: null },
  undo_completed: { type: 'undo_completed', success: true, message: null },
  file_reverted: { type: 'file_reverted', turn_id: 'turn-1', path: 'a.txt', message: 'Put a.txt back as it was before that turn.' },
  thread_rolled_back: { type: 'thread_rolled_back', num_turns: 1 },
  turn_aborted: { type: 'turn_aborted', reason: 'interrupted' },
  task_complete: { type: 'task_complete', last_agent_message: 'Hello' },
  shutdown_complete: { type: 'shutdown_complete' },
};

const T0 = 1_000_000;

/** Events of the turn started by submission `sub-1`. */
function run(events: EventMsg[], view: SessionView = emptySessionView('s1'), now = T0): SessionView {
  return reduceEvents(view, events.map((msg) => ({ id: 'sub-1', msg })), now);
}

function kinds(view: SessionView): string[] {
  return view.cells.map((cell) => cell.kind);
}

function only<K extends Cell['kind']>(view: SessionView, kind: K): Extract<Cell, { kind: K }>[] {
  return view.cells.filter((cell): cell is Extract<Cell, { kind: K }> => cell.kind === kind);
}

describe('the examples', () => {
  it('are valid events by the protocol schema', () => {
    for (const example of Object.values(examples)) expect(EventMsg.safeParse(example).success).toBe(true);
  });
});

describe('every event kind', () => {
  it.each(Object.keys(examples) as EventType[])('%s is folded in without losing the cells before it', (type) => {
    const before = run([examples.user_message]);
    const after = reduceEvent(before, { id: 'sub-1', msg: examples[type] }, T0);
    expect(after.cells.length).toBeGreaterThanOrEqual(type === 'thread_rolled_back' ? 1 : before.cells.length);
    expect(after).not.toBe(before);
  });
});

describe('session_configured', () => {
  it('records the model, folder and policies', () => {
    const view = run([examples.session_configured]);
    expect(view.config).toEqual({
      model: 'gpt-5',
      cwd: '/work/project',
      approvalPolicy: 'untrusted',
      sandboxPolicy: { mode: 'workspace-write' },
      rolloutPath: '/home/me/.tandem/sessions/s1.jsonl',
    });
    expect(view.cells).toEqual([]);
  });

  it('replays initial_messages into cells on resume, with no spinner and nothing pending', () => {
    const view = run([
      {
        ...examples.session_configured,
        initial_messages: [
          examples.task_started,
          examples.user_message,
          examples.agent_message,
          examples.exec_approval_request,
          examples.exec_command_end,
          { type: 'exec_approval_request', call_id: 'call-5', command: ['make'], cwd: '/work/project' },
          { type: 'exec_command_begin', call_id: 'call-5', command: ['make'], cwd: '/work/project' },
          { type: 'exec_command_end', call_id: 'call-5', command: ['make'], cwd: '/work/project', stdout: '', stderr: '', aggregated_output: '', exit_code: 0, duration_ms: 1, formatted_output: '' },
          examples.task_complete,
          { type: 'task_started' },
          { type: 'user_message', message: 'and now run the tests' },
          { type: 'exec_command_begin', call_id: 'call-9', command: ['npm', 'test'], cwd: '/work/project' },
        ],
      },
    ]);
    expect(kinds(view)).toEqual(['user', 'assistant', 'approval', 'command', 'approval', 'command', 'user', 'command']);
    expect(only(view, 'user').map((c) => [c.text, c.delivery])).toEqual([
      ['list the files', 'recorded'],
      ['and now run the tests', 'recorded'],
    ]);
    // A file written before answers were recorded: a request never followed by its call ended unanswered.
    expect(only(view, 'approval').map((c) => c.state)).toEqual(['expired', 'approved']);
    expect(only(view, 'command').map((c) => c.state)).toEqual(['done', 'done', 'interrupted']);
    expect(describeStatus(view, T0).busy).toBe(false);
    expect(view.turn.pendingApprovalCallIds).toEqual([]);
  });

  it('a reload or resume draws every approval as it was answered, the same as live', () => {
    const events: EventMsg[] = [
      { type: 'task_started' },
      { type: 'exec_approval_request', call_id: 'a1', command: ['make'], cwd: '/w' },
      { type: 'approval_decision', call_id: 'a1', decision: 'approved_for_session' },
      { type: 'exec_command_begin', call_id: 'a1', command: ['make'], cwd: '/w' },
      { type: 'exec_command_output_delta', call_id: 'a1', stream: 'stdout', chunk: 'building\n' },
      { type: 'exec_command_end', call_id: 'a1', command: ['make'], cwd: '/w', stdout: 'building\n', stderr: '', aggregated_output: 'building\n', exit_code: 137, duration_ms: 5, formatted_output: '', interrupted: true },
      { type: 'exec_approval_request', call_id: 'a2', command: ['rm', 'x'], cwd: '/w' },
      { type: 'approval_decision', call_id: 'a2', decision: 'denied' },
      { type: 'apply_patch_approval_request', call_id: 'a3', changes: {}, cwd: '/w' },
      { type: 'approval_decision', call_id: 'a3', decision: 'abort' },
      { type: 'apply_patch_approval_request', call_id: 'a4', changes: {}, cwd: '/w' },
      { type: 'turn_aborted', reason: 'interrupted' },
    ];
    const live = run(events);
    const replayed = run([{ ...examples.session_configured, initial_messages: events.filter((e) => e.type !== 'exec_command_output_delta') as never }]);
    const strip = (view: SessionView) => view.cells.map(({ id: _id, ...cell }) => ('startedAt' in cell ? { ...cell, startedAt: 0 } : cell));
    expect(only(live, 'approval').map((c) => c.state)).toEqual(['approved_for_session', 'denied', 'abort', 'expired']);
    expect(only(live, 'command').map((c) => [c.state, c.output])).toEqual([['interrupted', 'building\n']]);
    expect(strip(replayed)).toEqual(strip(live));
  });

  it('a resume replaces what was drawn before', () => {
    const before = run([examples.user_message, examples.agent_message]);
    const view = run([{ ...examples.session_configured, initial_messages: [{ type: 'user_message', message: 'old' }] }], before);
    expect(only(view, 'user').map((c) => c.text)).toEqual(['old']);
  });
});

describe('assistant messages', () => {
  it('streams deltas into one cell, then the final message replaces them, not doubled', () => {
    const streaming = run([
      examples.task_started,
      { type: 'agent_message_delta', delta: 'Hel' },
      { type: 'agent_message_delta', delta: 'lo, ' },
      { type: 'agent_message_delta', delta: 'world' },
    ]);
    expect(only(streaming, 'assistant')).toMatchObject([{ text: 'Hello, world', streaming: true }]);

    const done = run([{ type: 'agent_message', message: 'Hello, world!' }], streaming);
    expect(only(done, 'assistant')).toMatchObject([{ text: 'Hello, world!', streaming: false }]);
    expect(done.cells).toHaveLength(1);
    // The cell keeps its id, so the row is not remounted.
    expect(done.cells[0]?.id).toBe(streaming.cells[0]?.id);
  });

  it('a final message with no deltas makes its own cell, and the next message streams into a new one', () => {
    const view = run([
      examples.task_started,
      { type: 'agent_message', message: 'First' },
      { type: 'agent_message_delta', delta: 'Sec' },
      { type: 'agent_message', message: 'Second' },
    ]);
    expect(only(view, 'assistant').map((c) => c.text)).toEqual(['First', 'Second']);
  });

  it('cells that did not change keep their identity', () => {
    const first = run([examples.user_message, { type: 'agent_message_delta', delta: 'a' }]);
    const second = run([{ type: 'agent_message_delta', delta: 'b' }], first);
    expect(second.cells[0]).toBe(first.cells[0]);
    expect(second.cells[1]).not.toBe(first.cells[1]);
    expect(first.cells[1]).toMatchObject({ text: 'a' });
  });
});

describe('reasoning', () => {
  it('streams, then the final text replaces the deltas', () => {
    const view = run([
      { type: 'agent_reasoning_delta', delta: 'Look at ' },
      { type: 'agent_reasoning_delta', delta: 'the files' },
      { type: 'agent_reasoning', text: 'Look at the files.' },
    ]);
    expect(view.cells).toMatchObject([{ kind: 'reasoning', text: 'Look at the files.', streaming: false }]);
  });
});

describe('user messages', () => {
  it('a typed message is recorded by the echo, not shown twice', () => {
    const typed = addTypedMessage(emptySessionView('s1'), 'list the files');
    expect(typed.cells).toMatchObject([{ kind: 'user', delivery: 'sent' }]);
    expect(describeStatus(typed, T0).kind).toBe('thinking');
    const echoed = run([examples.task_started, examples.user_message], typed);
    expect(echoed.cells).toMatchObject([{ kind: 'user', text: 'list the files', delivery: 'recorded' }]);
  });

  it('a message typed during a turn is queued, then moves to where the agent took it in', () => {
    const working = run([examples.task_started, examples.user_message, { type: 'agent_message_delta', delta: 'Looking' }]);
    const queued = addTypedMessage(working, 'also check the tests');
    expect(only(queued, 'user').map((c) => c.delivery)).toEqual(['recorded', 'queued']);
    const taken = run(
      [
        { type: 'agent_message', message: 'Looking.' },
        examples.exec_command_begin,
        examples.exec_command_end,
        { type: 'user_message', message: 'also check the tests' },
      ],
      queued,
    );
    expect(kinds(taken)).toEqual(['user', 'assistant', 'command', 'user']);
    expect(only(taken, 'user').map((c) => c.delivery)).toEqual(['recorded', 'recorded']);
  });

  it('a failed submit ends the turn the window expected, with the reason', () => {
    const typed = addTypedMessage(emptySessionView('s1'), 'hi');
    const failed = noteRequestFailed(typed, 'send your message', 'socket closed');
    expect(describeStatus(failed, T0).busy).toBe(false);
    expect(only(failed, 'notice')).toMatchObject([{ level: 'error', detail: 'socket closed' }]);
  });
});

describe('commands', () => {
  it('shows the command, its live output, then exit code and duration', () => {
    const running = run([
      examples.task_started,
      examples.exec_command_begin,
      { type: 'exec_command_output_delta', call_id: 'call-1', stream: 'stdout', chunk: 'a.txt\n' },
      { type: 'exec_command_output_delta', call_id: 'call-1', stream: 'stderr', chunk: 'warn\n' },
    ]);
    expect(only(running, 'command')).toMatchObject([
      { command: ['bash', '-lc', 'ls'], cwd: '/work/project', output: 'a.txt\nwarn\n', state: 'running', exitCode: null },
    ]);
    expect(describeStatus(running, T0 + 12_400)).toEqual({ kind: 'running', text: 'Running `ls` for 12 s', busy: true });

    const ended = run([{ ...examples.exec_command_end, aggregated_output: 'a.txt\nwarn\n', exit_code: 2, duration_ms: 12_400 }], running);
    expect(only(ended, 'command')).toMatchObject([{ state: 'done', exitCode: 2, durationMs: 12_400, output: 'a.txt\nwarn\n' }]);
    expect(ended.cells).toHaveLength(1);
    expect(describeStatus(ended, T0).kind).toBe('thinking');
  });

  it('an end with no begin (a saved session) still makes a cell', () => {
    const view = run([examples.exec_command_end]);
    expect(only(view, 'command')).toMatchObject([{ state: 'done', exitCode: 0, output: 'a.txt\n' }]);
  });

  it('keeps only the tail of a very long output', () => {
    const chunk = 'x'.repeat(MAX_COMMAND_OUTPUT_CHARS / 2) + '\n';
    const view = run([
      examples.exec_command_begin,
      ...[1, 2, 3].map((n): EventMsg => ({ type: 'exec_command_output_delta', call_id: 'call-1', stream: 'stdout', chunk: chunk + n })),
    ]);
    const cell = only(view, 'command')[0];
    expect(cell?.output.length).toBe(MAX_COMMAND_OUTPUT_CHARS);
    expect(cell?.output.endsWith('3')).toBe(true);
    expect(cell?.outputTrimmed).toBe(true);
  });
});

describe('approvals', () => {
  it('a request waits for the person; the answer is recorded and the wait ends', () => {
    const asked = run([examples.task_started, examples.exec_approval_request]);
    expect(only(asked, 'approval')).toMatchObject([
      { callId: 'call-2', request: { type: 'exec', command: ['rm', '-rf', 'build'] }, reason: 'clean the build', state: 'pending' },
    ]);
    expect(describeStatus(asked, T0)).toEqual({ kind: 'waiting', text: 'Waiting for you to approve', busy: true });

    const answered = answerApproval(asked, 'call-2', 'approved_for_session');
    expect(only(answered, 'approval')[0]?.state).toBe('approved_for_session');
    expect(answered.turn.pendingApprovalCallIds).toEqual([]);
    expect(describeStatus(answered, T0).kind).toBe('thinking');
  });

  it('a call that starts was approved, even when the answer came from elsewhere', () => {
    const asked = run([examples.task_started, examples.exec_approval_request]);
    const started = run([{ ...examples.exec_command_begin, call_id: 'call-2' }], asked);
    expect(only(started, 'approval')[0]?.state).toBe('approved');
    expect(started.turn.pendingApprovalCallIds).toEqual([]);
    expect(describeStatus(started, T0).kind).toBe('running');

    const patched = run([examples.task_started, examples.apply_patch_approval_request, examples.patch_apply_begin]);
    expect(only(patched, 'approval')[0]?.state).toBe('approved');
  });

  it('an answer the person gave is kept when the call starts', () => {
    const answered = answerApproval(run([examples.task_started, examples.exec_approval_request]), 'call-2', 'approved_for_session');
    const started = run([{ ...examples.exec_command_begin, call_id: 'call-2' }], answered);
    expect(only(started, 'approval')[0]?.state).toBe('approved_for_session');
  });

  it('a patch request carries its changes', () => {
    const view = run([examples.apply_patch_approval_request]);
    expect(only(view, 'approval')[0]?.request).toEqual({
      type: 'patch',
      changes: examples.apply_patch_approval_request.changes,
      grantRoot: null,
    });
  });

  it('an unanswered request expires when the turn ends', () => {
    const view = run([examples.task_started, examples.exec_approval_request, { type: 'turn_aborted', reason: 'interrupted' }]);
    expect(only(view, 'approval')[0]?.state).toBe('expired');
    expect(view.turn.pendingApprovalCallIds).toEqual([]);
  });
});

describe('patches and diffs', () => {
  it('a patch goes from applying to applied, with its output', () => {
    const applying = run([examples.patch_apply_begin]);
    expect(only(applying, 'patch')).toMatchObject([{ state: 'applying', autoApproved: false }]);
    const applied = run([examples.patch_apply_end], applying);
    expect(only(applied, 'patch')).toMatchObject([{ state: 'applied', output: 'Success. Updated the following files:\nM a.txt\n' }]);
    const failed = run([{ ...examples.patch_apply_end, success: false, stdout: '', stderr: 'verification failed' }], applying);
    expect(only(failed, 'patch')).toMatchObject([{ state: 'failed', output: 'verification failed' }]);
  });

  it('a turn has one diff cell that later turn_diffs replace; the next turn gets its own', () => {
    const view = run([
      examples.task_started,
      { type: 'turn_diff', unified_diff: 'first' },
      examples.agent_message,
      { type: 'turn_diff', unified_diff: 'second' },
      examples.task_complete,
      examples.task_started,
      { type: 'turn_diff', unified_diff: 'third' },
    ]);
    expect(only(view, 'turn_diff').map((c) => c.unifiedDiff)).toEqual(['second', 'third']);
  });
});

describe('what became of a turn\'s changes', () => {
  const turn = (id: string, file: string): EventMsg[] => [
    { type: 'task_started', turn_id: id },
    { type: 'user_message', message: `change ${file}` },
    { type: 'patch_apply_begin', call_id: `p-${id}`, auto_approved: true, changes: { [file]: { type: 'update', unified_diff: '@@ -1 +1 @@\n-a\n+b\n' } } },
    { type: 'patch_apply_end', call_id: `p-${id}`, stdout: 'Success.', stderr: '', success: true },
    { type: 'turn_diff', turn_id: id, unified_diff: `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-a\n+b\n` },
    { type: 'task_complete', last_agent_message: null },
  ];

  it('an undo marks the patches and the diff of the turn it undid, and no other turn', () => {
    const view = run([...turn('turn-1', 'a.txt'), ...turn('turn-2', 'b.txt'), { type: 'undo_started' }, { type: 'undo_completed', success: true, message: 'Restored 1 file.', turn_id: 'turn-2' }]);
    expect(only(view, 'patch').map((cell) => [cell.turnId, cell.undone])).toEqual([
      ['turn-1', false],
      ['turn-2', true],
    ]);
    expect(only(view, 'turn_diff').map((cell) => cell.undone)).toEqual([false, true]);
  });

  it('a failed undo marks nothing', () => {
    const view = run([...turn('turn-1', 'a.txt'), { type: 'undo_completed', success: false, message: 'Undo failed: no', turn_id: 'turn-1' }]);
    expect(only(view, 'patch')[0]?.undone).toBe(false);
  });

  it('a reverted file is marked on its turn\'s diff and on the patch that changed it, with a line saying what was done', () => {
    const view = run([...turn('turn-1', 'src/a.txt'), { type: 'file_reverted', turn_id: 'turn-1', path: 'src/a.txt', message: 'Put src/a.txt back as it was before that turn.' }]);
    expect(only(view, 'turn_diff')[0]?.reverted).toEqual(['src/a.txt']);
    expect(only(view, 'patch')[0]?.reverted).toEqual(['src/a.txt']);
    expect(only(view, 'notice').at(-1)?.text).toBe('Put src/a.txt back as it was before that turn.');
  });

  it('the compaction divider keeps the summary the model wrote', () => {
    const view = run([{ type: 'context_compacted', summary: 'We fixed the parser.' }]);
    expect(only(view, 'compaction')[0]?.summary).toBe('We fixed the parser.');
  });
});

describe('plans', () => {
  it('back-to-back updates replace each other; a later one after other cells is new', () => {
    const view = run([
      { type: 'plan_update', plan: [{ step: 'a', status: 'in_progress' }] },
      { type: 'plan_update', explanation: 'why', plan: [{ step: 'a', status: 'completed' }] },
      examples.agent_message,
      { type: 'plan_update', plan: [{ step: 'b', status: 'pending' }] },
    ]);
    expect(only(view, 'plan')).toMatchObject([
      { explanation: 'why', plan: [{ step: 'a', status: 'completed' }] },
      { explanation: null, plan: [{ step: 'b', status: 'pending' }] },
    ]);
  });
});

describe('token use', () => {
  it('keeps the latest token_count and says how much of the context is used', () => {
    const view = run([examples.token_count, { type: 'token_count', info: null }]);
    expect(view.tokenInfo?.total_token_usage.total_tokens).toBe(25_000);
    expect(describeTokenUse(view)).toBe('25k tokens · 5% of context used');
    expect(describeTokenUse(emptySessionView('s'))).toBeNull();
  });
});

describe('stream errors', () => {
  it('say reconnecting n/5 in one cell, and the next delta ends the retry', () => {
    const retrying = run([
      examples.task_started,
      { type: 'stream_error', message: 'Reconnecting... 1/5' },
      { type: 'stream_error', message: 'Reconnecting... 2/5' },
    ]);
    expect(describeStatus(retrying, T0)).toEqual({ kind: 'reconnecting', text: 'Reconnecting 2/5', busy: true });
    expect(only(retrying, 'notice')).toMatchObject([{ level: 'retry', text: expect.stringContaining('try 2 of 5') }]);
    const back = run([{ type: 'agent_message_delta', delta: 'ok' }], retrying);
    expect(describeStatus(back, T0).kind).toBe('thinking');
  });

  it('prefer the attempt fields when the agent gives them', () => {
    const view = run([examples.task_started, { type: 'stream_error', message: 'retrying', attempt: 3, max_attempts: 5 }]);
    expect(describeStatus(view, T0).text).toBe('Reconnecting 3/5');
  });
});

describe('errors and notices', () => {
  it('an error says what to do next and clears the spinner even before task_complete', () => {
    const view = run([examples.task_started, examples.exec_command_begin, { type: 'error', message: 'Quota exceeded. Check your plan and billing details.' }]);
    expect(only(view, 'notice')).toMatchObject([{ level: 'error', advice: expect.stringContaining('billing') }]);
    expect(describeStatus(view, T0).busy).toBe(false);
    expect(only(view, 'command')[0]?.state).toBe('interrupted');
    expect(view.needsApiKey).toBe(false);
  });

  it('an error about another submission leaves the running turn and its pending approval alone', () => {
    const asked = run([examples.task_started, examples.exec_approval_request]);
    const view = reduceEvent(asked, { id: 'sub-7', msg: { type: 'error', message: 'No command approval is pending with id x; the answer was ignored.' } }, T0);
    expect(describeStatus(view, T0).kind).toBe('waiting');
    expect(only(view, 'notice')).toHaveLength(1);
  });

  it('an error about the API key leads to Settings', () => {
    const view = run([{ type: 'error', message: 'Missing API key: set OPENAI_API_KEY or add a key in Settings' }]);
    expect(view.needsApiKey).toBe(true);
    expect(only(view, 'notice')[0]?.advice).toContain('Settings');
  });

  it('old errors replayed on resume do not send the person to Settings', () => {
    const view = run([{ ...examples.session_configured, initial_messages: [{ type: 'error', message: '401 Unauthorized' }] }]);
    expect(view.needsApiKey).toBe(false);
    expect(only(view, 'notice')).toHaveLength(1);
  });

  it('warnings and background events become notices', () => {
    const view = run([examples.warning, examples.background_event]);
    expect(only(view, 'notice').map((c) => [c.level, c.text])).toEqual([
      ['warning', examples.warning.message],
      ['info', examples.background_event.message],
    ]);
  });

  it('shutdown_complete ends the session', () => {
    const view = run([examples.task_started, examples.shutdown_complete]);
    expect(view.closed).toBe(true);
    expect(describeStatus(view, T0)).toEqual({ kind: 'ended', text: 'Session ended', busy: false });
  });
});

describe('the end of a turn', () => {
  const busy: EventMsg[] = [
    examples.task_started,
    { type: 'agent_reasoning_delta', delta: 'hmm' },
    { type: 'agent_message_delta', delta: 'Runn' },
    examples.exec_command_begin,
    examples.exec_approval_request,
    examples.patch_apply_begin,
    { type: 'stream_error', message: 'Reconnecting... 1/5' },
  ];

  it.each([
    ['task_complete', examples.task_complete],
    ['turn_aborted', examples.turn_aborted],
    ['turn_aborted (replaced)', { type: 'turn_aborted', reason: 'replaced' } as EventMsg],
    ['error', examples.error],
  ])('%s leaves no spinner, stream, running command or pending approval', (_name, end) => {
    const view = run([...busy, end]);
    expect(describeStatus(view, T0)).toMatchObject({ kind: 'idle', busy: false });
    expect(view.turn.active).toBe(false);
    expect(view.cells.some((c) => (c.kind === 'assistant' || c.kind === 'reasoning') && c.streaming)).toBe(false);
    expect(view.cells.some((c) => c.kind === 'command' && c.state === 'running')).toBe(false);
    expect(view.cells.some((c) => c.kind === 'approval' && c.state === 'pending')).toBe(false);
    expect(view.cells.some((c) => c.kind === 'patch' && c.state === 'applying')).toBe(false);
  });

  it('an interrupt says it stopped', () => {
    const view = run([...busy, examples.turn_aborted]);
    expect(view.cells[view.cells.length - 1]).toMatchObject({ kind: 'notice', text: 'Stopped.' });
  });

  it('when a lost connection cannot be caught up the turn ends, and the next event of a running turn starts the spinner again', () => {
    const lost = noteCatchUpFailed(run(busy), 'No session s1 is running here.');
    expect(describeStatus(lost, T0).busy).toBe(false);
    const again = run([{ type: 'exec_command_output_delta', call_id: 'call-1', stream: 'stdout', chunk: 'x' }], lost);
    expect(describeStatus(again, T0).busy).toBe(true);
  });
});

describe('a long conversation', () => {
  it('replays 10,000 events into cells', () => {
    const initial: Exclude<EventMsg, { type: 'session_configured' }>[] = [];
    for (let i = 0; i < 2_500; i += 1) {
      initial.push({ type: 'user_message', message: `question ${i}` });
      initial.push({ type: 'agent_message', message: `answer ${i}` });
      initial.push({ ...examples.exec_command_end, call_id: `call-${i}` });
      initial.push({ type: 'task_complete', last_agent_message: null });
    }
    const view = run([{ ...examples.session_configured, initial_messages: initial }]);
    expect(view.cells).toHaveLength(7_500);
    expect(new Set(view.cells.map((c) => c.id)).size).toBe(7_500);
  });
});

describe('an answer a failure cut off', () => {
  it('is marked incomplete, live and when replayed from the session file', () => {
    const cutOff = [
      { id: 's1', msg: { type: 'task_started' as const } },
      { id: 's1', msg: { type: 'agent_message_delta' as const, delta: 'Here is the first half ' } },
      { id: 's1', msg: { type: 'agent_message_delta' as const, delta: 'of the' } },
      { id: 's1', msg: { type: 'agent_message' as const, message: 'Here is the first half of the answer', incomplete: true } },
      { id: 's1', msg: { type: 'error' as const, message: 'Quota exceeded. Check your plan and billing details.' } },
      { id: 's1', msg: { type: 'task_complete' as const, last_agent_message: null } },
    ];
    const live = reduceEvents(emptySessionView('s'), cutOff, 0);
    expect(live.cells.filter((cell) => cell.kind === 'assistant')).toEqual([
      expect.objectContaining({ text: 'Here is the first half of the answer', streaming: false, incomplete: true }),
    ]);
    const replayed = reduceEvents(
      emptySessionView('s'),
      [
        {
          id: '0',
          msg: {
            type: 'session_configured',
            session_id: 's',
            model: 'm',
            cwd: '/p',
            approval_policy: 'untrusted',
            sandbox_policy: { mode: 'workspace-write' },
            rollout_path: '/r',
            initial_messages: cutOff.filter((event) => event.msg.type !== 'agent_message_delta').map((event) => event.msg),
          },
        },
      ],
      0,
    );
    expect(replayed.cells.map(({ id: _id, ...cell }) => cell)).toEqual(live.cells.map(({ id: _id, ...cell }) => cell));
  });

  it('is not marked when it was whole', () => {
    const view = reduceEvents(emptySessionView('s'), [{ id: 's1', msg: { type: 'agent_message', message: 'All of it.' } }], 0);
    expect(view.cells[0]).not.toHaveProperty('incomplete');
  });
});
