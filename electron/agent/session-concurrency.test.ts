import { afterEach, describe, expect, it } from 'vitest';
import { message, shellCommand } from '../../e2e/fake-model-server/index.js';
import { SessionHarness } from './test-support/harness.js';

const harnesses: SessionHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

describe('sessions side by side', () => {
  it('one session waiting for approval and running a slow command blocks none of the others', async () => {
    const waiting = await SessionHarness.start({ approvalPolicy: 'untrusted', script: [{ items: [shellCommand('touch x', { callId: 'c1' })] }, { items: [message('finally')] }] });
    const busy = await SessionHarness.start({ script: [{ items: [shellCommand('sleep 2', { callId: 'c2' })] }, { items: [message('slept')] }] });
    const quick = await Promise.all(Array.from({ length: 5 }, (_, i) => SessionHarness.start({ script: [{ items: [message(`quick ${i}`)] }] })));
    harnesses.push(waiting, busy, ...quick);

    waiting.send('needs approval');
    await waiting.waitFor('exec_approval_request');
    busy.send('sleep');
    await busy.waitFor('exec_command_begin');
    quick.forEach((h) => h.send('quick question'));
    const answers = await Promise.all(quick.map((h) => h.waitFor('task_complete')));
    expect(answers.map((a) => a.last_agent_message)).toEqual(quick.map((_, i) => `quick ${i}`));
    // The others are still where they were.
    expect(waiting.of('task_complete')).toHaveLength(0);
    expect(busy.of('exec_command_end')).toHaveLength(0);
    expect(new Set([waiting, busy, ...quick].map((h) => h.session.sessionId)).size).toBe(7);

    waiting.submit({ type: 'exec_approval', id: 'c1', decision: 'approved' });
    await waiting.waitFor('task_complete');
    await busy.waitFor('task_complete');
  });
});

describe('override_turn_context', () => {
  it('changes the policy for later turns and tells the model', async () => {
    const h = await SessionHarness.start({
      approvalPolicy: 'never',
      script: [{ items: [message('first')] }, { items: [shellCommand('touch y', { callId: 'c1' })] }, { items: [message('second')] }],
    });
    harnesses.push(h);
    h.send('one');
    await h.waitFor('task_complete');
    h.submit({ type: 'override_turn_context', approval_policy: 'untrusted', model: 'other-model' });
    h.send('two');
    await h.waitFor('exec_approval_request');
    h.submit({ type: 'exec_approval', id: 'c1', decision: 'denied' });
    await h.waitFor('task_complete');
    const second = h.server.requests[1]!.body;
    expect(second.model).toBe('other-model');
    expect(JSON.stringify(second.input)).toContain('<approval_policy>untrusted</approval_policy>');
  });
});
