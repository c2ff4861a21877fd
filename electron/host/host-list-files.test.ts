import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { useCleanups } from '../../test-support/cleanups.js';
import { Host } from './host.js';
import { FileSecretStore } from './settings/file-secret-store.js';

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
});
