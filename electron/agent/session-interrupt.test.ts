import { afterEach, describe, expect, it } from 'vitest';
import { message, shellCommand } from '../../e2e/fake-model-server/index.js';
import { SessionHarness } from './test-support/harness.js';

let harness: SessionHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}

describe('interrupt', () => {
  it('kills a running command and everything it spawned, records the call, and the next turn works', async () => {
    harness = await SessionHarness.start({
      approvalPolicy: 'never',
      sandboxPolicy: { mode: 'danger-full-access' },
      script: [
        { items: [shellCommand('sleep 60 & echo child:$!; (sleep 60 & echo grandchild:$!; wait) & sleep 60', { callId: 'c_long', timeout_ms: 120_000 })] },
        { items: [message('fresh start')] },
      ],
    });
    harness.send('run something long');
    await harness.waitFor('exec_command_begin');
    const pids: number[] = [];
    for (;;) {
      const delta = await harness.waitFor('exec_command_output_delta');
      for (const match of delta.chunk.matchAll(/(?:grand)?child:(\d+)/g)) pids.push(Number(match[1]));
      if (pids.length >= 2) break;
    }
    expect(pids.every(alive)).toBe(true);

    harness.submit({ type: 'interrupt' });
    const aborted = await harness.waitFor('turn_aborted');
    expect(aborted.reason).toBe('interrupted');
    expect(await until(() => !pids.some(alive), 2_000)).toBe(true);
    expect(harness.of('task_complete')).toHaveLength(0);

    harness.send('try again');
    await harness.waitFor('task_complete');
    const input = harness.server.requests[1]!.body.input as { type: string; call_id?: string; output?: string }[];
    const pair = input.filter((item) => item.call_id === 'c_long');
    expect(pair.map((item) => item.type)).toEqual(['function_call', 'function_call_output']);
    expect(pair[1]!.output).toMatch(/aborted/i);
  });

  it('stops a streaming answer', async () => {
    harness = await SessionHarness.start({
      script: [{ items: [message(Array.from({ length: 400 }, (_, i) => `word${i}`).join(' '))], deltaChunks: 400, deltaDelayMs: 10 }, { items: [message('next')] }],
    });
    harness.send('talk a lot');
    await harness.waitFor('agent_message_delta');
    harness.submit({ type: 'interrupt' });
    await harness.waitFor('turn_aborted');
    expect(harness.of('agent_message')).toHaveLength(0);
    harness.send('again');
    expect((await harness.waitFor('task_complete')).last_agent_message).toBe('next');
  });

  it('answers a pending approval with abort', async () => {
    harness = await SessionHarness.start({
      approvalPolicy: 'untrusted',
      script: [{ items: [shellCommand('touch nope', { callId: 'c1' })] }],
    });
    harness.send('go');
    await harness.waitFor('exec_approval_request');
    harness.submit({ type: 'interrupt' });
    await harness.waitFor('turn_aborted');
    harness.submit({ type: 'exec_approval', id: 'c1', decision: 'approved' });
    await harness.waitFor('error', (m) => m.message.includes('No command approval is pending'));
    expect(harness.of('exec_command_begin')).toHaveLength(0);
  });
});
