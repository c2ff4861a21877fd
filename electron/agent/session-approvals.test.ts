import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ApprovalPolicy, ReviewDecision } from '../../shared/protocol/index.js';
import { message, shellCommand, functionCall } from '../../e2e/fake-model-server/index.js';
import { SessionHarness } from './test-support/harness.js';

let harness: SessionHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function runOne(policy: ApprovalPolicy, command: string, decide?: ReviewDecision, extra: Record<string, unknown> = {}) {
  harness = await SessionHarness.start({
    approvalPolicy: policy,
    script: [{ items: [functionCall('shell_command', { command, ...extra }, 'c1')] }, { items: [message('finished')] }],
  });
  harness.send('go');
  if (decide) {
    const request = await harness.waitFor('exec_approval_request');
    expect(request.call_id).toBe('c1');
    harness.submit({ type: 'exec_approval', id: 'c1', decision: decide });
  }
  const end = await harness.waitForTurnEnd();
  return { h: harness, end, asked: harness.of('exec_approval_request').length, ran: harness.of('exec_command_end').length };
}

describe('approval policies', () => {
  it('untrusted runs a known-safe command without asking', async () => {
    const { asked, ran } = await runOne('untrusted', 'ls && pwd');
    expect([asked, ran]).toEqual([0, 1]);
  });

  it('untrusted asks before an unsafe command, and runs it once approved', async () => {
    const { h, asked, ran } = await runOne('untrusted', 'touch made.txt', 'approved');
    expect([asked, ran]).toEqual([1, 1]);
    expect(existsSync(path.join(h.project, 'made.txt'))).toBe(true);
  });

  it('a denied command does not run and the model is told', async () => {
    const { h, asked, ran, end } = await runOne('untrusted', 'touch made.txt', 'denied');
    expect([asked, ran]).toEqual([1, 0]);
    expect(end.type).toBe('task_complete');
    expect(existsSync(path.join(h.project, 'made.txt'))).toBe(false);
    expect(h.outputFor('c1')).toBe('exec command rejected by user');
  });

  it('abort ends the turn like an interrupt', async () => {
    const { h, end, ran } = await runOne('untrusted', 'touch made.txt', 'abort');
    expect(end.type).toBe('turn_aborted');
    expect(ran).toBe(0);
    expect(h.server.requests).toHaveLength(1);
  });

  it('approved_for_session is not asked again for the same command', async () => {
    harness = await SessionHarness.start({
      approvalPolicy: 'untrusted',
      script: [
        { items: [shellCommand('touch a.txt', { callId: 'c1' })] },
        { items: [shellCommand('touch a.txt', { callId: 'c2' })] },
        { items: [shellCommand('touch b.txt', { callId: 'c3' })] },
        { items: [message('done')] },
      ],
    });
    harness.send('go');
    await harness.waitFor('exec_approval_request', (m) => m.call_id === 'c1');
    harness.submit({ type: 'exec_approval', id: 'c1', decision: 'approved_for_session' });
    const third = await harness.waitFor('exec_approval_request');
    expect(third.call_id).toBe('c3');
    harness.submit({ type: 'exec_approval', id: 'c3', decision: 'approved' });
    await harness.waitFor('task_complete');
    expect(harness.of('exec_approval_request').map((m) => m.call_id)).toEqual(['c1', 'c3']);
    expect(harness.of('exec_command_end').map((m) => m.call_id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('on-request runs an unsafe command in the sandbox without asking', async () => {
    const { h, asked, ran } = await runOne('on-request', 'touch inside.txt');
    expect([asked, ran]).toEqual([0, 1]);
    expect(existsSync(path.join(h.project, 'inside.txt'))).toBe(true);
  });

  it('on-request asks when the model requests escalation, with its justification', async () => {
    const { h, asked } = await runOne('on-request', 'touch escalated.txt', 'approved', { with_escalated_permissions: true, justification: 'needs the network' });
    expect(asked).toBe(1);
    expect(h.of('exec_approval_request')[0]!.reason).toBe('needs the network');
  });

  it('never runs without asking', async () => {
    const { asked, ran } = await runOne('never', 'touch x.txt');
    expect([asked, ran]).toEqual([0, 1]);
  });

  it('asks before rm -rf even under on-request', async () => {
    const { asked, ran } = await runOne('on-request', 'rm -rf build', 'denied');
    expect([asked, ran]).toEqual([1, 0]);
  });

  it('on-failure offers to re-run outside the sandbox when the sandbox blocked a write', async () => {
    const outside = await mkdtemp(path.join(os.homedir(), '.tandem-outside-'));
    try {
      harness = await SessionHarness.start({
        approvalPolicy: 'on-failure',
        script: [{ items: [shellCommand(`touch ${outside}/escaped.txt`, { callId: 'c1' })] }, { items: [message('ok')] }],
      });
      harness.send('go');
      const request = await harness.waitFor('exec_approval_request');
      expect(request.reason).toBe('command failed; retry without sandbox?');
      expect(existsSync(path.join(outside, 'escaped.txt'))).toBe(false);
      harness.submit({ type: 'exec_approval', id: 'c1', decision: 'approved' });
      await harness.waitFor('task_complete');
      expect(existsSync(path.join(outside, 'escaped.txt'))).toBe(true);
      expect(harness.of('exec_command_end').map((m) => m.exit_code === 0)).toEqual([false, true]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('the sandbox', () => {
  it('blocks writes outside the workspace and tells the model', async () => {
    const outside = await mkdtemp(path.join(os.homedir(), '.tandem-outside-'));
    try {
      const { h, asked } = await runOne('never', `touch ${outside}/escaped.txt; echo inside > inside.txt`);
      expect(asked).toBe(0);
      expect(existsSync(path.join(outside, 'escaped.txt'))).toBe(false);
      expect(existsSync(path.join(h.project, 'inside.txt'))).toBe(true);
      expect(h.outputFor('c1')).toMatch(/Read-only file system|Permission denied|Operation not permitted/i);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('answers', () => {
  it('refuses an approval for a call that is not pending', async () => {
    harness = await SessionHarness.start({ script: [{ items: [message('hi')] }] });
    harness.submit({ type: 'exec_approval', id: 'call_nobody_asked', decision: 'approved' });
    const error = await harness.waitFor('error');
    expect(error.message).toMatch(/No command approval is pending with id call_nobody_asked/);
    harness.send('still fine?');
    await harness.waitFor('task_complete');
  });

  it('refuses a patch answer for a pending command', async () => {
    harness = await SessionHarness.start({
      approvalPolicy: 'untrusted',
      script: [{ items: [shellCommand('touch z', { callId: 'c1' })] }, { items: [message('ok')] }],
    });
    harness.send('go');
    await harness.waitFor('exec_approval_request');
    harness.submit({ type: 'patch_approval', id: 'c1', decision: 'approved' });
    await harness.waitFor('error', (m) => m.message.includes('No patch approval is pending'));
    harness.submit({ type: 'exec_approval', id: 'c1', decision: 'denied' });
    await harness.waitFor('task_complete');
  });
});
