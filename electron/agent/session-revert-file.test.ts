import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyPatch, message, shellCommand } from '../../e2e/fake-model-server/index.js';
import { SessionHarness } from './test-support/harness.js';

let harness: SessionHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

async function gitProject(project: string): Promise<void> {
  git(project, 'init', '-q', '-b', 'main');
  git(project, 'config', 'user.email', 'test@example.com');
  git(project, 'config', 'user.name', 'Test');
  await writeFile(path.join(project, 'a.txt'), 'a as it was\n');
  await writeFile(path.join(project, 'b.txt'), 'b as it was\n');
  git(project, 'add', '.');
  git(project, 'commit', '-q', '-m', 'start');
}

async function plainProject(project: string): Promise<void> {
  await writeFile(path.join(project, 'a.txt'), 'one\ntwo\nthree\n');
  await writeFile(path.join(project, 'b.txt'), 'b as it was\n');
}

const read = (harness: SessionHarness, file: string) => readFile(path.join(harness.project, file), 'utf8');
const lastInput = (harness: SessionHarness) => JSON.stringify(harness.server.requests.at(-1)?.body.input);

const EDIT_BOTH = `*** Begin Patch
*** Update File: a.txt
@@
 one
-two
+TWO
 three
*** Update File: b.txt
@@
-b as it was
+b as the agent left it
*** Add File: c.txt
+made by the agent
*** End Patch`;

describe('revert one file of a turn', () => {
  it('in git, puts the file back from the turn snapshot, leaves the others, and tells the model in its next input', async () => {
    harness = await SessionHarness.start({
      setup: gitProject,
      script: [
        { items: [shellCommand("printf 'a changed\\n' > a.txt && printf 'b changed\\n' > b.txt && printf 'new\\n' > c.txt", { callId: 'c1' })] },
        { items: [message('changed a, b and c')] },
        { items: [message('noted')] },
      ],
    });
    harness.send('change the files');
    const started = await harness.waitFor('task_started');
    const diff = await harness.waitFor('turn_diff');
    await harness.waitFor('task_complete');
    expect(started.turn_id).toMatch(/^turn-/);
    expect(diff.turn_id).toBe(started.turn_id);

    const said = await harness.session.revertFile(diff.turn_id!, 'a.txt');
    expect(said).toBe('Put a.txt back as it was before that turn.');
    expect(await harness.waitFor('file_reverted')).toMatchObject({ turn_id: diff.turn_id, path: 'a.txt' });
    expect(await read(harness, 'a.txt')).toBe('a as it was\n');
    expect(await read(harness, 'b.txt')).toBe('b changed\n');

    // A file the turn created goes away.
    expect(await harness.session.revertFile(diff.turn_id!, 'c.txt')).toBe('Removed c.txt, which that turn created.');
    expect(existsSync(path.join(harness.project, 'c.txt'))).toBe(false);

    harness.send('go on');
    await harness.waitFor('task_complete');
    const input = lastInput(harness);
    expect(input).toContain('<reverted_file>');
    expect(input).toContain('The person reverted a.txt to how it was before one of your earlier turns');
    expect(input).toContain('The person reverted c.txt');
    expect(input).toContain('change the files');
  });

  it('outside git, takes the turn patches of that file out again, from the contents they replaced', async () => {
    harness = await SessionHarness.start({
      setup: plainProject,
      approvalPolicy: 'never',
      script: [{ items: [applyPatch(EDIT_BOTH, 'p1')] }, { items: [message('edited')] }],
    });
    harness.send('edit');
    const diff = await harness.waitFor('turn_diff');
    await harness.waitFor('task_complete');
    expect(await read(harness, 'a.txt')).toBe('one\nTWO\nthree\n');

    await harness.session.revertFile(diff.turn_id!, 'a.txt');
    expect(await read(harness, 'a.txt')).toBe('one\ntwo\nthree\n');
    expect(await read(harness, 'b.txt')).toBe('b as the agent left it\n');
    await harness.session.revertFile(diff.turn_id!, 'c.txt');
    expect(existsSync(path.join(harness.project, 'c.txt'))).toBe(false);

    // Changed since, the file no longer fits the turn's diff: refused, and left as it is.
    await writeFile(path.join(harness.project, 'b.txt'), 'rewritten by the person\n');
    await expect(harness.session.revertFile(diff.turn_id!, 'b.txt')).rejects.toThrow(/b\.txt has changed since that turn/);
    expect(await read(harness, 'b.txt')).toBe('rewritten by the person\n');
  });

  it('refuses a file the turn did not change, a path outside the project, an unknown turn and an undone turn', async () => {
    harness = await SessionHarness.start({
      setup: gitProject,
      script: [{ items: [shellCommand("printf 'x\\n' > a.txt", { callId: 'c1' })] }, { items: [message('ok')] }],
    });
    harness.send('change a');
    const diff = await harness.waitFor('turn_diff');
    await harness.waitFor('task_complete');
    const turn = diff.turn_id!;
    await expect(harness.session.revertFile(turn, 'b.txt')).rejects.toThrow('That turn did not change b.txt.');
    await expect(harness.session.revertFile(turn, '../a.txt')).rejects.toThrow('That turn did not change ../a.txt.');
    await expect(harness.session.revertFile('turn-unknown', 'a.txt')).rejects.toThrow(/no record of the changes of turn turn-unknown/);

    harness.submit({ type: 'undo' });
    const undone = await harness.waitFor('undo_completed');
    expect(undone).toMatchObject({ success: true, turn_id: turn });
    await expect(harness.session.revertFile(turn, 'a.txt')).rejects.toThrow('That turn was undone');
  });
});
