import { describe, expect, it } from 'vitest';
import type { EventMsg } from '../../shared/protocol/index.js';
import { reduceEvents } from '../conversation/reduceEvent.js';
import { emptySessionView, type SessionView } from '../conversation/sessionView.js';
import { attentionEvents } from './attentionEvents.js';

const configured = {
  type: 'session_configured',
  session_id: 's',
  model: 'gpt-5',
  cwd: '/work/app',
  approval_policy: 'untrusted',
  sandbox_policy: { mode: 'workspace-write' },
  rollout_path: null,
  history_log_id: 0,
  history_entry_count: 0,
} as unknown as EventMsg;

const apply = (view: SessionView, ...msgs: EventMsg[]) => reduceEvents(view, msgs.map((msg) => ({ id: 'sub', msg })), 0);

describe('what the person hears of', () => {
  const running = apply(emptySessionView('s'), configured, { type: 'task_started', model_context_window: null } as EventMsg, { type: 'user_message', message: 'go' } as EventMsg);

  it('an approval request that was not there before, with its command', () => {
    const waiting = apply(running, { type: 'exec_approval_request', call_id: 'c1', command: ['npm', 'publish'], cwd: '/work/app' } as unknown as EventMsg);
    expect(attentionEvents(running, waiting, 'app')).toEqual([{ kind: 'approval', sessionId: 's', title: 'Approval needed in app', body: 'Run npm publish?' }]);
    // The same request seen again is not news.
    expect(attentionEvents(waiting, apply(waiting, { type: 'agent_reasoning_delta', delta: 'x' } as EventMsg), 'app')).toEqual([]);
  });

  it("a turn's end, finished with its answer or failed with its error", () => {
    const answered = apply(running, { type: 'agent_message', message: 'All   tests\npass.' } as EventMsg, { type: 'task_complete', last_agent_message: null } as EventMsg);
    expect(attentionEvents(running, answered, 'app')).toEqual([{ kind: 'finished', sessionId: 's', title: 'The agent finished in app', body: 'All tests pass.' }]);
    const failed = apply(running, { type: 'error', message: 'The model provider refused the request.' } as EventMsg, { type: 'task_complete', last_agent_message: null } as EventMsg);
    expect(attentionEvents(running, failed, 'app')[0]).toMatchObject({ kind: 'failed', title: 'The agent stopped with an error in app' });
  });

  it('nothing for a session only now arriving with its story', () => {
    expect(attentionEvents(undefined, running, 'app')).toEqual([]);
    const fresh = emptySessionView('s');
    expect(attentionEvents(fresh, apply(fresh, configured, { type: 'exec_approval_request', call_id: 'c1', command: ['ls'], cwd: '/' } as unknown as EventMsg), 'app')).toEqual([]);
  });
});
