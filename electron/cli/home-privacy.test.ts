import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { message, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { requireBuiltCli, runTandem, useCleanups } from '../../test-support/cleanups.js';

requireBuiltCli();
const { defer, tempDir } = useCleanups();

// The usual umask, under which earlier versions left TANDEM_HOME readable by everyone; children inherit it.
let umaskBefore: number;
beforeAll(() => {
  umaskBefore = process.umask(0o022);
});
afterAll(() => {
  process.umask(umaskBefore);
});

const run = runTandem;

/** Folders and files under `root` whose mode is not 0700 or 0600, as `name mode`; links are skipped. */
function notPrivate(root: string): string[] {
  const open: string[] = [];
  const check = (full: string) => {
    const stat = fs.lstatSync(full);
    if (stat.isSymbolicLink()) return;
    const mode = stat.mode & 0o7777;
    if (mode !== (stat.isDirectory() ? 0o700 : 0o600)) open.push(`${path.relative(root, full) || '.'} ${mode.toString(8)}`);
  };
  check(root);
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) check(path.join(entry.parentPath, entry.name));
  return open;
}

describe('TANDEM_HOME under bin/tandem', () => {
  it('is tightened when a command starts: a home an earlier version left readable by others becomes private', async () => {
    const home = await tempDir('tandem-lax-home-');
    const rollout = path.join(home, 'sessions', '2024', '03', '04', 'rollout-2024-03-04T10-00-00-lax-1.jsonl');
    fs.mkdirSync(path.dirname(rollout), { recursive: true, mode: 0o755 });
    const metaLine = { type: 'session_meta', timestamp: '2024-03-04T10:00:00.000Z', session_id: 'lax-1', cwd: '/work/p', model: 'm', approval_policy: 'never', sandbox_policy: { mode: 'read-only' }, created_at: '2024-03-04T10:00:00.000Z', version: 1 };
    fs.writeFileSync(rollout, `${JSON.stringify(metaLine)}\n`, { mode: 0o644 });
    fs.writeFileSync(path.join(home, 'settings.json'), '{}\n', { mode: 0o644 });
    fs.writeFileSync(path.join(home, 'recent-projects.json'), '{"projects":[]}\n', { mode: 0o644 });
    fs.chmodSync(home, 0o755);
    expect(notPrivate(home)).toContain('. 755');

    const result = await run(['sessions', '--json'], { ...process.env, TANDEM_HOME: home }, home);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"id":"lax-1"');
    expect(notPrivate(home)).toEqual([]);
  });

  it('is made private by a run in a new home: the home, its folders, the session file and the index', async () => {
    const server = await startFakeModelServer({ script: [{ items: [message('Kept to yourself.')] }] });
    defer(() => server.close());
    const project = await tempDir('tandem-private-project-');
    const home = path.join(await tempDir('tandem-private-parent-'), 'home');
    const env = { ...process.env, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_HOME: home };

    const result = await run(['exec', '--json', 'a private request'], env, project);
    expect(result.code).toBe(0);
    const files = fs.readdirSync(home, { recursive: true }).map(String);
    expect(files).toContain(path.join('sessions', 'index.jsonl'));
    expect(files.filter((name) => name.endsWith('.jsonl') && name.includes('rollout-'))).toHaveLength(1);
    expect(notPrivate(home)).toEqual([]);
  });
});
