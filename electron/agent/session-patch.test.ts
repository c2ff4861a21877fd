import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ApprovalPolicy } from '../../shared/protocol/index.js';
import { applyPatch, functionCall, message, shellCommand } from '../../e2e/fake-model-server/index.js';
import { SessionHarness } from './test-support/harness.js';

let harness: SessionHarness | undefined;
const extraDirs: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const dir of extraDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const seedFiles = async (project: string) => {
  await writeFile(path.join(project, 'keep.txt'), 'alpha\nbeta\ngamma\n');
  await writeFile(path.join(project, 'old-name.txt'), 'moving\nday\n');
  await writeFile(path.join(project, 'doomed.txt'), 'bye\n');
};

const fullPatch = `*** Begin Patch
*** Add File: src/new.ts
+export const created = true;
*** Update File: keep.txt
@@
 alpha
-beta
+BETA
 gamma
*** Update File: old-name.txt
*** Move to: moved/new-name.txt
@@
 moving
-day
+night
*** Delete File: doomed.txt
*** End Patch`;

async function runPatch(policy: ApprovalPolicy, patch: string, decision?: 'approved' | 'approved_for_session' | 'denied') {
  harness = await SessionHarness.start({
    approvalPolicy: policy,
    setup: seedFiles,
    script: [{ items: [applyPatch(patch, 'p1')] }, { items: [message('patched')] }],
  });
  harness.send('patch it');
  if (decision) {
    const request = await harness.waitFor('apply_patch_approval_request');
    expect(request.call_id).toBe('p1');
    harness.submit({ type: 'patch_approval', id: 'p1', decision });
  }
  await harness.waitForTurnEnd();
  return harness;
}

describe('apply_patch', () => {
  it('adds, updates, moves and deletes, and reports the turn diff', async () => {
    const h = await runPatch('on-request', fullPatch);
    expect(await readFile(path.join(h.project, 'src/new.ts'), 'utf8')).toBe('export const created = true;\n');
    expect(await readFile(path.join(h.project, 'keep.txt'), 'utf8')).toBe('alpha\nBETA\ngamma\n');
    expect(await readFile(path.join(h.project, 'moved/new-name.txt'), 'utf8')).toBe('moving\nnight\n');
    expect(existsSync(path.join(h.project, 'old-name.txt'))).toBe(false);
    expect(existsSync(path.join(h.project, 'doomed.txt'))).toBe(false);
    expect(h.outputFor('p1')).toBe('Success. Updated the following files:\nA src/new.ts\nM keep.txt\nM moved/new-name.txt\nD doomed.txt\n');

    const begin = h.of('patch_apply_begin')[0]!;
    expect(begin.auto_approved).toBe(true);
    expect(Object.keys(begin.changes).sort()).toEqual(['doomed.txt', 'keep.txt', 'old-name.txt', 'src/new.ts']);
    expect(begin.changes['keep.txt']).toMatchObject({ type: 'update' });
    expect(h.of('patch_apply_end')[0]).toMatchObject({ call_id: 'p1', success: true });
    const diff = h.of('turn_diff')[0]!.unified_diff;
    expect(diff).toContain('+BETA');
    expect(diff).toContain('+export const created = true;');
    expect(diff).toContain('-bye');
  });

  it('changes no file when any part fails to match', async () => {
    const broken = fullPatch.replace(' gamma', ' not-in-the-file');
    const h = await runPatch('on-request', broken);
    expect(h.outputFor('p1')).toMatch(/^apply_patch verification failed: /);
    expect(existsSync(path.join(h.project, 'src/new.ts'))).toBe(false);
    expect(await readFile(path.join(h.project, 'keep.txt'), 'utf8')).toBe('alpha\nbeta\ngamma\n');
    expect(await readFile(path.join(h.project, 'old-name.txt'), 'utf8')).toBe('moving\nday\n');
    expect(existsSync(path.join(h.project, 'doomed.txt'))).toBe(true);
    expect(h.of('patch_apply_begin')).toHaveLength(0);
  });

  it('accepts the function form and a shell heredoc', async () => {
    harness = await SessionHarness.start({
      setup: seedFiles,
      script: [
        { items: [functionCall('apply_patch', { input: '*** Begin Patch\n*** Add File: a.txt\n+from function\n*** End Patch' }, 'f1')] },
        { items: [shellCommand("apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: b.txt\n+from heredoc\n*** End Patch\nEOF", { callId: 's1' })] },
        { items: [message('both')] },
      ],
    });
    harness.send('two ways');
    await harness.waitFor('task_complete');
    expect(await readFile(path.join(harness.project, 'a.txt'), 'utf8')).toBe('from function\n');
    expect(await readFile(path.join(harness.project, 'b.txt'), 'utf8')).toBe('from heredoc\n');
    expect(harness.of('exec_command_begin')).toHaveLength(0);
    expect(harness.outputFor('s1')).toMatch(/^Success\./);
  });

  it('offers apply_patch to the model as a freeform grammar tool', async () => {
    const h = await runPatch('on-request', fullPatch);
    const tools = h.server.requests[0]!.body.tools as { type: string; name?: string; format?: { type: string; syntax?: string } }[];
    expect(tools.find((tool) => tool.name === 'apply_patch')).toMatchObject({ type: 'custom', format: { type: 'grammar', syntax: 'lark' } });
  });
});

describe('patch approvals', () => {
  const inside = '*** Begin Patch\n*** Update File: keep.txt\n@@\n-beta\n+BETA\n*** End Patch';

  it('applies inside the project without asking under on-request and on-failure', async () => {
    for (const policy of ['on-request', 'on-failure'] as const) {
      const h = await runPatch(policy, inside);
      expect(h.of('apply_patch_approval_request')).toHaveLength(0);
      expect(await readFile(path.join(h.project, 'keep.txt'), 'utf8')).toContain('BETA');
      await h.close();
      harness = undefined;
    }
  });

  it('asks under untrusted, and a denial leaves the file alone', async () => {
    const h = await runPatch('untrusted', inside, 'denied');
    const request = h.of('apply_patch_approval_request')[0]!;
    expect(request.changes['keep.txt']).toMatchObject({ type: 'update', unified_diff: expect.stringContaining('+BETA') });
    expect(request.cwd).toBe(h.project);
    expect(await readFile(path.join(h.project, 'keep.txt'), 'utf8')).toBe('alpha\nbeta\ngamma\n');
    expect(h.outputFor('p1')).toBe('patch rejected by user');
  });

  it('asks under untrusted, and applies once approved', async () => {
    const h = await runPatch('untrusted', inside, 'approved');
    expect(await readFile(path.join(h.project, 'keep.txt'), 'utf8')).toContain('BETA');
    expect(h.of('patch_apply_begin')[0]!.auto_approved).toBe(false);
  });

  it('remembers approved_for_session per file', async () => {
    harness = await SessionHarness.start({
      approvalPolicy: 'untrusted',
      setup: seedFiles,
      script: [
        { items: [applyPatch(inside, 'p1')] },
        { items: [applyPatch('*** Begin Patch\n*** Update File: keep.txt\n@@\n-gamma\n+GAMMA\n*** End Patch', 'p2')] },
        { items: [applyPatch('*** Begin Patch\n*** Add File: other.txt\n+x\n*** End Patch', 'p3')] },
        { items: [message('done')] },
      ],
    });
    harness.send('go');
    await harness.waitFor('apply_patch_approval_request', (m) => m.call_id === 'p1');
    harness.submit({ type: 'patch_approval', id: 'p1', decision: 'approved_for_session' });
    const next = await harness.waitFor('apply_patch_approval_request');
    expect(next.call_id).toBe('p3');
    harness.submit({ type: 'patch_approval', id: 'p3', decision: 'approved' });
    await harness.waitFor('task_complete');
    expect(await readFile(path.join(harness.project, 'keep.txt'), 'utf8')).toBe('alpha\nBETA\nGAMMA\n');
  });

  const outsidePatches = async (project: string) => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'tandem-outside-'));
    extraDirs.push(outside);
    await writeFile(path.join(outside, 'target.txt'), 'outside\n');
    await symlink(outside, path.join(project, 'link-out'));
    await mkdir(path.join(project, 'sub'));
    const name = path.basename(outside);
    return {
      outside,
      patches: {
        dotdot: `*** Begin Patch\n*** Update File: sub/../../${name}/target.txt\n@@\n-outside\n+changed\n*** End Patch`,
        absolute: `*** Begin Patch\n*** Update File: ${outside}/target.txt\n@@\n-outside\n+changed\n*** End Patch`,
        symlink: '*** Begin Patch\n*** Update File: link-out/target.txt\n@@\n-outside\n+changed\n*** End Patch',
      },
    };
  };

  for (const kind of ['dotdot', 'absolute', 'symlink'] as const) {
    it(`treats an escape by ${kind} as outside the project: asked under on-request, rejected under never`, async () => {
      for (const policy of ['on-request', 'never'] as const) {
        let escape: Awaited<ReturnType<typeof outsidePatches>> | undefined;
        harness = await SessionHarness.start({
          approvalPolicy: policy,
          setup: async (project) => {
            escape = await outsidePatches(project);
          },
          script: [],
        });
        harness.server.enqueue({ items: [applyPatch(escape!.patches[kind], 'p1')] }, { items: [message('ok')] });
        harness.send('escape');
        if (policy === 'on-request') {
          const request = await harness.waitFor('apply_patch_approval_request');
          expect(request.reason).toMatch(/outside the project/);
          harness.submit({ type: 'patch_approval', id: 'p1', decision: 'denied' });
        }
        await harness.waitFor('task_complete');
        expect(await readFile(path.join(escape!.outside, 'target.txt'), 'utf8')).toBe('outside\n');
        if (policy === 'never') expect(harness.outputFor('p1')).toMatch(/^patch rejected: .*outside the project/);
        await harness.close();
        harness = undefined;
      }
    });
  }
});
