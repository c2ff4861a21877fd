import { execFileSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { message, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { useCleanups } from '../../test-support/cleanups.js';
import { Host } from './host.js';
import { FileSecretStore } from './settings/file-secret-store.js';
import { listProjectFiles } from '../files/project-files.js';
import { EventCollector } from './test-support/event-collector.js';

const { defer, tempDir } = useCleanups();

describe('list_files', () => {
  it("answers with the session's project files, best match first, and refuses a session that is not running", async () => {
    const server = await startFakeModelServer({ script: [] });
    defer(() => server.close());
    const home = await tempDir('tandem-files-home-');
    const project = await tempDir('tandem-files-project-');
    await mkdir(path.join(project, 'src'), { recursive: true });
    await writeFile(path.join(project, 'src', 'parser.ts'), '');
    await writeFile(path.join(project, 'README.md'), '');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.baseUrl };
    const host = new Host({ home, secrets: new FileSecretStore(home), env, warn: () => undefined });
    defer(() => host.shutdown());
    const { session_id } = await host.request('open_session', { cwd: project });

    expect(await host.request('list_files', { session_id, query: 'prs', limit: 5 })).toEqual({ paths: ['src/parser.ts'], matched: 1, total: 2, truncated: false });
    expect((await host.request('list_files', { session_id, query: '' })).paths).toEqual(['README.md', 'src/parser.ts']);
    const unknown = await host.handle('list_files', { session_id: 'nope', query: 'x' }, { door: 'websocket', client: 't' });
    expect(unknown).toMatchObject({ ok: false, error: expect.stringContaining('No session nope is running here') });
    const tooMany = await host.handle('list_files', { session_id, query: 'x', limit: 100_000 }, { door: 'websocket', client: 't' });
    expect(tooMany).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid list_files request: limit/) });
  });

  it('lists a project as its session opens, so that the first @ is answered from that listing, without running the repository\'s programs', async () => {
    const server = await startFakeModelServer({ script: [] });
    defer(() => server.close());
    const home = await tempDir('tandem-files-home-');
    const project = await tempDir('tandem-files-project-');
    const marker = path.join(await tempDir('tandem-files-marker-'), 'ran');
    await writeFile(path.join(project, 'README.md'), '');
    await mkdir(path.join(project, 'src'), { recursive: true });
    await writeFile(path.join(project, 'src', 'parser.ts'), '');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: project, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'first');
    // A hostile repository: its fsmonitor hook would run on git's next look at the work tree.
    const hook = path.join(project, 'hook.sh');
    await writeFile(hook, `#!/bin/sh\ntouch ${JSON.stringify(marker)}\n`);
    await chmod(hook, 0o755);
    git('config', 'core.fsmonitor', hook);

    const listed: string[] = [];
    const listFiles = (cwd: string) => {
      listed.push(cwd);
      return listProjectFiles(cwd);
    };
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.baseUrl };
    const host = new Host({ home, secrets: new FileSecretStore(home), env, warn: () => undefined, fileListWarmUpAfterMs: 0, listFiles });
    defer(() => host.shutdown());
    const { session_id } = await host.request('open_session', { cwd: project });
    // Nobody has asked yet: the listing starts on its own.
    await expect.poll(() => listed.length, { timeout: 20_000 }).toBe(1);
    expect(listed).toEqual([project]);

    const first = await host.request('list_files', { session_id, query: '' });
    expect(first).toEqual({ paths: ['README.md', 'hook.sh', 'src/parser.ts'], matched: 3, total: 3, truncated: false });
    expect((await host.request('list_files', { session_id, query: 'prs' })).paths).toEqual(['src/parser.ts']);
    expect(listed).toHaveLength(1);
    expect(existsSync(marker)).toBe(false);
  });

  it('lists nothing ahead for a session opened read-only, or in the home folder, until someone asks', async () => {
    const server = await startFakeModelServer({ script: [{ items: [message('saved')] }] });
    defer(() => server.close());
    const home = await tempDir('tandem-files-home-');
    const personHome = await tempDir('tandem-files-person-');
    await writeFile(path.join(personHome, 'notes.md'), '');
    const project = await tempDir('tandem-files-project-');
    await writeFile(path.join(project, 'README.md'), '');
    const listed: string[] = [];
    const listFiles = (cwd: string) => {
      listed.push(cwd);
      return listProjectFiles(cwd);
    };
    const env = { PATH: process.env.PATH, HOME: personHome, OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.baseUrl };
    const host = new Host({ home, secrets: new FileSecretStore(home), env, warn: () => undefined, fileListWarmUpAfterMs: 0, listFiles });
    defer(() => host.shutdown());
    const events = new EventCollector();
    host.onEvent(events.listener);

    // A saved session (its first message saves it), closed, then opened again to look at.
    const saved = (await host.request('open_session', { cwd: project })).session_id;
    await expect.poll(() => listed.length, { timeout: 20_000 }).toBe(1);
    await host.request('submit', { session_id: saved, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'keep me' }] } } });
    await events.waitFor('task_complete', saved);
    await host.request('close_session', { session_id: saved });
    const look = (await host.request('open_session', { cwd: project, resume_id: saved, read_only: true })).session_id;
    const inHome = (await host.request('open_session', { cwd: personHome, allow_broad_folder: true })).session_id;
    // Given the time a listing on open would have taken to start (it starts at once here), none did.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(listed).toEqual([project]);

    expect((await host.request('list_files', { session_id: inHome, query: 'notes' })).paths).toEqual(['notes.md']);
    expect((await host.request('list_files', { session_id: look, query: '' })).paths).toEqual(['README.md']);
    // The look shares the session id, and the list kept from when it ran, still fresh.
    expect(listed).toEqual([project, personHome]);
  });
});
