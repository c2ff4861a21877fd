// When a turn's snapshot is taken, against what the turn sends and runs. git is made to wait inside the snapshot
// (a `git` ahead of the real one on the PATH holds `write-tree` until a gate file exists), so what goes ahead
// while the snapshot is held is seen for certain, through the fake model server and the files, with no timing.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message, shellCommand } from '../../e2e/fake-model-server/index.js';
import { SessionHarness } from './test-support/harness.js';

let harness: SessionHarness | undefined;
let shim = '';
let savedPath: string | undefined;

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

beforeEach(() => {
  shim = mkdtempSync(path.join(tmpdir(), 'tandem-slow-git-'));
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    path.join(shim, 'git'),
    `#!/bin/sh\nfor arg in "$@"; do\n  if [ "$arg" = write-tree ]; then\n    while [ ! -e '${shim}/open' ]; do sleep 0.02; done\n  fi\ndone\nexec '${realGit}' "$@"\n`,
  );
  chmodSync(path.join(shim, 'git'), 0o755);
  savedPath = process.env.PATH;
  process.env.PATH = `${shim}:${savedPath ?? ''}`;
});

afterEach(async () => {
  // Open the gate first, so that nothing is left waiting on it.
  writeFileSync(path.join(shim, 'open'), '');
  await harness?.close();
  harness = undefined;
  process.env.PATH = savedPath;
  rmSync(shim, { recursive: true, force: true });
});

async function gitProject(project: string): Promise<void> {
  git(project, 'init', '-q', '-b', 'main');
  await writeFile(path.join(project, 'tracked.txt'), 'original\n');
  git(project, 'add', '.');
  git(project, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'start');
}

describe("a turn's snapshot", () => {
  it('never holds back the first model request or a command that only reads, and is taken before a command writes', async () => {
    harness = await SessionHarness.start({
      setup: gitProject,
      approvalPolicy: 'never',
      script: [
        { items: [shellCommand('cat tracked.txt', { callId: 'read' })] },
        { items: [shellCommand('echo changed > tracked.txt', { callId: 'write' })] },
        { items: [message('done')] },
      ],
    });
    const tracked = path.join(harness.project, 'tracked.txt');
    harness.send('read it, then change it');
    // The snapshot is held at write-tree, yet the request goes out, and so does the output of `cat`.
    await harness.server.waitForRequest(1);
    const second = await harness.server.waitForRequest(2);
    expect(JSON.stringify(second.body.input)).toContain('original');
    expect(existsSync(path.join(shim, 'open'))).toBe(false);
    // The writing command waits for the snapshot.
    expect(readFileSync(tracked, 'utf8')).toBe('original\n');
    writeFileSync(path.join(shim, 'open'), '');
    await harness.waitFor('task_complete');
    expect(readFileSync(tracked, 'utf8')).toBe('changed\n');
    expect(harness.of('turn_diff')[0]?.unified_diff).toContain('+changed');

    // Taken before the write: undo puts the original back.
    harness.submit({ type: 'undo' });
    const undone = await harness.waitFor('undo_completed');
    expect(undone.success).toBe(true);
    expect(readFileSync(tracked, 'utf8')).toBe('original\n');
  });

  it('is waited for by an undo sent as soon as a reading turn ends, which then undoes that turn and not the one before', async () => {
    harness = await SessionHarness.start({
      setup: gitProject,
      approvalPolicy: 'never',
      script: [
        { items: [shellCommand('echo changed > tracked.txt', { callId: 'write' })] },
        { items: [message('changed')] },
        { items: [shellCommand('cat tracked.txt', { callId: 'read' })] },
        { items: [message('read')] },
      ],
    });
    const gate = path.join(shim, 'open');
    const tracked = path.join(harness.project, 'tracked.txt');
    writeFileSync(gate, '');
    harness.send('change it');
    await harness.waitFor('task_complete');
    expect(readFileSync(tracked, 'utf8')).toBe('changed\n');

    rmSync(gate);
    harness.send('read it');
    const started = await harness.waitFor('task_started');
    await harness.waitFor('task_complete');
    // The reading turn said its last word while its snapshot is still held. An undo now must wait for that
    // snapshot and restore it (nothing to do), not restore the writing turn's (which would bring back "original").
    harness.submit({ type: 'undo' });
    await harness.waitFor('undo_started');
    writeFileSync(gate, '');
    const undone = await harness.waitFor('undo_completed');
    expect(undone).toMatchObject({ success: true, turn_id: started.turn_id });
    expect(readFileSync(tracked, 'utf8')).toBe('changed\n');
  });

  it("does not hold back the next turn's first request while the turn before is still taking its snapshot", async () => {
    harness = await SessionHarness.start({
      setup: gitProject,
      approvalPolicy: 'never',
      script: [
        { items: [shellCommand('cat tracked.txt', { callId: 'read' })] },
        { items: [message('read')] },
        { items: [shellCommand('echo second > tracked.txt', { callId: 'write' })] },
        { items: [message('written')] },
      ],
    });
    const tracked = path.join(harness.project, 'tracked.txt');
    harness.send('read it');
    await harness.waitFor('task_complete');
    harness.send('now change it');
    const second = await harness.waitFor('task_started');
    // Both snapshots are held at write-tree, yet the second turn's request goes out.
    await harness.server.waitForRequest(3);
    expect(readFileSync(tracked, 'utf8')).toBe('original\n');
    writeFileSync(path.join(shim, 'open'), '');
    await harness.waitFor('task_complete');
    expect(readFileSync(tracked, 'utf8')).toBe('second\n');
    // The second turn's snapshot is the latest, and was taken before its write.
    harness.submit({ type: 'undo' });
    const undone = await harness.waitFor('undo_completed');
    expect(undone).toMatchObject({ success: true, turn_id: second.turn_id });
    expect(readFileSync(tracked, 'utf8')).toBe('original\n');
  });
});
