import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { message, shellCommand } from '../../e2e/fake-model-server/index.js';
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
  await writeFile(path.join(project, 'tracked.txt'), 'original\n');
  await writeFile(path.join(project, 'deleted.txt'), 'will be deleted\n');
  await writeFile(path.join(project, '.gitignore'), 'node_modules/\n');
  git(project, 'add', '.');
  git(project, 'commit', '-q', '-m', 'start');
  await mkdir(path.join(project, 'node_modules', 'lib'), { recursive: true });
  await writeFile(path.join(project, 'node_modules', 'lib', 'index.js'), 'module.exports = 1;\n');
}

const changeEverything = 'echo changed > tracked.txt && rm deleted.txt && echo new > created.txt && echo installed > node_modules/lib/extra.js';

describe('undo', () => {
  it('restores modified and deleted files, removes created ones, and leaves node_modules alone', async () => {
    harness = await SessionHarness.start({
      setup: gitProject,
      script: [{ items: [shellCommand(changeEverything, { callId: 'c1' })] }, { items: [message('changed things')] }],
    });
    const p = harness.project;
    harness.send('change things');
    await harness.waitFor('task_complete');
    const diff = harness.of('turn_diff')[0]!.unified_diff;
    expect(diff).toContain('+changed');
    expect(diff).toContain('deleted.txt');
    expect(diff).toContain('created.txt');
    expect(diff).not.toContain('node_modules');
    const headBefore = git(p, 'rev-parse', 'HEAD');

    harness.submit({ type: 'undo' });
    await harness.waitFor('undo_started');
    const done = await harness.waitFor('undo_completed');
    expect(done.success).toBe(true);
    expect(done.message).toMatch(/Restored/);
    expect(await readFile(path.join(p, 'tracked.txt'), 'utf8')).toBe('original\n');
    expect(await readFile(path.join(p, 'deleted.txt'), 'utf8')).toBe('will be deleted\n');
    expect(existsSync(path.join(p, 'created.txt'))).toBe(false);
    expect(await readFile(path.join(p, 'node_modules/lib/index.js'), 'utf8')).toBe('module.exports = 1;\n');
    expect(existsSync(path.join(p, 'node_modules/lib/extra.js'))).toBe(true);
    expect(git(p, 'rev-parse', 'HEAD')).toBe(headBefore);
    expect(git(p, 'branch', '--list').trim()).toBe('* main');
    expect(git(p, 'status', '--porcelain')).toBe('');

    harness.submit({ type: 'undo' });
    const again = await harness.waitFor('undo_completed');
    expect(again.success).toBe(false);
  });

  it('says clearly that undo is unavailable outside a git repository', async () => {
    harness = await SessionHarness.start({ script: [{ items: [shellCommand('echo x > file.txt')] }, { items: [message('ok')] }] });
    harness.send('write');
    await harness.waitFor('task_complete');
    harness.submit({ type: 'undo' });
    const done = await harness.waitFor('undo_completed');
    expect(done).toMatchObject({ success: false, message: `Undo is unavailable: ${harness.project} is not a git repository.` });
    expect(existsSync(path.join(harness.project, 'file.txt'))).toBe(true);
  });

  it('refuses to undo while a turn runs', async () => {
    harness = await SessionHarness.start({ setup: gitProject, script: [{ items: [shellCommand('sleep 1', { callId: 'c1' })] }, { items: [message('ok')] }] });
    harness.send('sleep');
    await harness.waitFor('exec_command_begin');
    harness.submit({ type: 'undo' });
    expect((await harness.waitFor('error')).message).toMatch(/Cannot undo while the agent is working/);
    await harness.waitFor('task_complete');
  });
});

describe('thread rollback', () => {
  it('takes the last turn out of the conversation the model sees', async () => {
    harness = await SessionHarness.start({
      script: [{ items: [message('first reply')] }, { items: [message('second reply')] }, { items: [message('third reply')] }],
    });
    harness.send('first');
    await harness.waitFor('task_complete');
    harness.send('second');
    await harness.waitFor('task_complete');
    harness.submit({ type: 'thread_rollback', num_turns: 1 });
    expect((await harness.waitFor('thread_rolled_back')).num_turns).toBe(1);
    harness.send('second, differently');
    await harness.waitFor('task_complete');
    const texts = JSON.stringify(harness.server.requests[2]!.body.input);
    expect(texts).toContain('first reply');
    expect(texts).not.toContain('second reply');
    expect(texts).not.toContain('"second"');
    expect(texts).toContain('second, differently');

    harness.submit({ type: 'thread_rollback', num_turns: 5 });
    expect((await harness.waitFor('error')).message).toMatch(/fewer than 5 turn/);
  });
});

describe('rollback and resume', () => {
  it('a resumed session replays the conversation as it stood after the rollback, once', async () => {
    harness = await SessionHarness.start({ script: [{ items: [message('reply one')] }, { items: [message('reply two')] }] });
    harness.send('one');
    await harness.waitFor('task_complete');
    harness.send('two');
    await harness.waitFor('task_complete');
    harness.submit({ type: 'thread_rollback', num_turns: 1 });
    await harness.waitFor('thread_rolled_back');
    // The first life ends before the second begins: a session file has one writer at a time.
    harness.submit({ type: 'shutdown' });
    await harness.session.closed;
    const { Session } = await import('./session.js');
    const resumed = await Session.create({ cwd: harness.project, home: harness.home, apiKey: 'k', baseUrl: harness.server.baseUrl, resumeId: harness.session.sessionId });
    const configured = (await resumed.nextEvent())!.msg;
    if (configured.type !== 'session_configured') throw new Error('expected session_configured first');
    const replay = configured.initial_messages ?? [];
    expect(replay.filter((m) => m.type === 'user_message').map((m) => (m as { message: string }).message)).toEqual(['one']);
    expect(replay.some((m) => m.type === 'thread_rolled_back')).toBe(false);
    resumed.submit({ type: 'shutdown' });
    while ((await resumed.nextEvent()) !== null) {
      /* drain */
    }
  });
});
