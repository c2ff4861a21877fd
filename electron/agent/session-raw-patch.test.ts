import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyPatch, localShellCall, message, shellCommand } from '../../e2e/fake-model-server/index.js';
import { SessionHarness } from './test-support/harness.js';

let harness: SessionHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const PATCH = ['*** Begin Patch', '*** Add File: hello.txt', '+hi', '*** End Patch'].join('\n');
const REFUSAL = 'apply_patch verification failed: patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]';

describe('a patch sent as a shell command', () => {
  it('is refused without running, even where every command runs unasked', async () => {
    harness = await SessionHarness.start({
      approvalPolicy: 'never',
      sandboxPolicy: { mode: 'danger-full-access' },
      // Run by bash, `*** Begin Patch` would glob to `touch` and create the files Begin and Patch.
      setup: (project) => writeFile(path.join(project, 'touch'), ''),
      script: [{ items: [shellCommand(PATCH, { callId: 'raw' })] }, { items: [message('oops')] }],
    });
    harness.send('add hello.txt');
    await harness.waitForTurnEnd();
    expect(harness.outputFor('raw')).toBe(REFUSAL);
    expect(harness.of('exec_command_begin')).toHaveLength(0);
    expect(harness.of('patch_apply_begin')).toHaveLength(0);
    for (const name of ['Begin', 'Patch', 'hello.txt']) expect(existsSync(path.join(harness.project, name))).toBe(false);
  });

  it('asks nobody first under untrusted, and the model can rerun it as apply_patch', async () => {
    harness = await SessionHarness.start({
      approvalPolicy: 'untrusted',
      script: [
        { items: [shellCommand(PATCH, { callId: 'raw' })] },
        { items: [applyPatch(PATCH, 'fixed')] },
        { items: [message('added')] },
      ],
    });
    harness.send('add hello.txt');
    const request = await harness.waitFor('apply_patch_approval_request');
    expect(request.call_id).toBe('fixed');
    harness.submit({ type: 'patch_approval', id: 'fixed', decision: 'approved' });
    await harness.waitForTurnEnd();
    expect(harness.outputFor('raw')).toBe(REFUSAL);
    expect(harness.of('exec_approval_request')).toHaveLength(0);
    expect(harness.of('exec_command_begin')).toHaveLength(0);
    expect(await readFile(path.join(harness.project, 'hello.txt'), 'utf8')).toBe('hi\n');
  });

  it.each([
    ['the whole argv', [PATCH]],
    ['the script of bash -lc', ['bash', '-lc', PATCH]],
  ])('is refused as %s of a local_shell_call', async (_form, command) => {
    harness = await SessionHarness.start({
      approvalPolicy: 'never',
      sandboxPolicy: { mode: 'danger-full-access' },
      script: [{ items: [localShellCall(command, { callId: 'raw' })] }, { items: [message('oops')] }],
    });
    harness.send('add hello.txt');
    await harness.waitForTurnEnd();
    expect(harness.outputFor('raw')).toBe(REFUSAL);
    expect(harness.of('exec_command_begin')).toHaveLength(0);
    expect(existsSync(path.join(harness.project, 'hello.txt'))).toBe(false);
  });
});
