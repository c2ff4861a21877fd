import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { writeWindowState, windowStateFile } from '../doors/ipc/window-state.js';
import { writeFileAtomically } from '../host/atomic-file.js';
import { RecentProjects } from '../host/recent-projects.js';
import { FileSecretStore } from '../host/settings/file-secret-store.js';
import { SettingsStore } from '../host/settings/settings-store.js';
import { compactSessionIndex, rebuildSessionIndex, SessionRecorder } from '../store/index.js';
import { useCleanups } from '../../test-support/cleanups.js';
import { makeHomePrivate } from './private-home.js';

const { tempDir } = useCleanups();

// The usual umask, which left earlier homes readable by everyone; set for real in this test process.
let umaskBefore: number;
beforeAll(() => {
  umaskBefore = process.umask(0o022);
});
afterAll(() => {
  process.umask(umaskBefore);
});

function modeOf(target: string): number {
  return fs.lstatSync(target).mode & 0o7777;
}

/** Every folder and file under `root` (links excluded), by path relative to it, with its mode. */
function modesUnder(root: string): Map<string, number> {
  const modes = new Map<string, number>([['.', modeOf(root)]]);
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    const full = path.join(entry.parentPath, entry.name);
    modes.set(path.relative(root, full), modeOf(full));
  }
  return modes;
}

function writeWithMode(file: string, text: string, mode: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
}

const meta = {
  cwd: '/work/project',
  model: 'gpt-5-codex',
  approval_policy: 'on-request',
  sandbox_policy: { mode: 'workspace-write', network_access: false },
} as const;

describe('makeHomePrivate', () => {
  it('tightens a home an earlier version left open: folders 0700, files 0600, the owner keeping their own bits', async () => {
    const home = await tempDir('tandem-lax-home-');
    fs.chmodSync(home, 0o755);
    writeWithMode(path.join(home, 'sessions', '2024', '01', '02', 'rollout-2024-01-02T10-00-00-s1.jsonl'), '{"type":"session_meta"}\n', 0o644);
    writeWithMode(path.join(home, 'sessions', 'index.jsonl'), '{"tandem_session_index":1}\n', 0o644);
    writeWithMode(path.join(home, 'settings.json'), '{}\n', 0o664);
    writeWithMode(path.join(home, 'AGENTS.md'), 'Be brief.\n', 0o444);
    writeWithMode(path.join(home, 'hooks', 'a-script'), '#!/bin/sh\n', 0o755);
    fs.chmodSync(path.join(home, 'hooks'), 0o775);

    expect(makeHomePrivate(home)).toEqual([]);
    expect(Object.fromEntries(modesUnder(home))).toEqual({
      '.': 0o700,
      sessions: 0o700,
      'sessions/2024': 0o700,
      'sessions/2024/01': 0o700,
      'sessions/2024/01/02': 0o700,
      'sessions/2024/01/02/rollout-2024-01-02T10-00-00-s1.jsonl': 0o600,
      'sessions/index.jsonl': 0o600,
      'settings.json': 0o600,
      'AGENTS.md': 0o400,
      hooks: 0o700,
      'hooks/a-script': 0o700,
    });
    // Once private, a second start changes nothing and finds nothing to report.
    expect(makeHomePrivate(home)).toEqual([]);
    expect(modeOf(home)).toBe(0o700);
  });

  it('neither changes nor follows a link out of the home, and takes a home that is itself a link to its target', async () => {
    const outside = await tempDir('tandem-outside-');
    fs.chmodSync(outside, 0o755);
    writeWithMode(path.join(outside, 'shared.txt'), 'for everyone\n', 0o644);
    writeWithMode(path.join(outside, 'folder', 'inner.txt'), 'also for everyone\n', 0o644);
    fs.chmodSync(path.join(outside, 'folder'), 0o755);
    const before = modesUnder(outside);

    const real = await tempDir('tandem-real-home-');
    fs.chmodSync(real, 0o755);
    writeWithMode(path.join(real, 'settings.json'), '{}\n', 0o644);
    fs.symlinkSync(outside, path.join(real, 'link-to-folder'));
    fs.symlinkSync(path.join(outside, 'shared.txt'), path.join(real, 'link-to-file'));
    fs.mkdirSync(path.join(real, 'sessions'), { mode: 0o755 });
    fs.symlinkSync(path.join(outside, 'folder'), path.join(real, 'sessions', '2024'));
    const linkedHome = path.join(await tempDir('tandem-home-link-'), 'home');
    fs.symlinkSync(real, linkedHome);

    expect(makeHomePrivate(linkedHome)).toEqual([]);
    expect(modesUnder(outside)).toEqual(before);
    expect(modeOf(real)).toBe(0o700);
    expect(modeOf(path.join(real, 'settings.json'))).toBe(0o600);
    expect(modeOf(path.join(real, 'sessions'))).toBe(0o700);
    expect(fs.readlinkSync(path.join(real, 'link-to-file'))).toBe(path.join(outside, 'shared.txt'));
  });

  it('does nothing to a home that does not exist yet, and does not make it', async () => {
    const home = path.join(await tempDir('tandem-no-home-'), 'not-yet');
    expect(makeHomePrivate(home)).toEqual([]);
    expect(fs.existsSync(home)).toBe(false);
  });
});

describe('what Tandem writes in TANDEM_HOME', () => {
  it('is private from the start under the usual umask: every folder 0700, every file 0600', async () => {
    // A home that does not exist yet, below a parent that does: the first writer makes it.
    const home = path.join(await tempDir('tandem-new-home-'), 'home');
    const recorder = SessionRecorder.create(home, { ...meta, session_id: 'private-1' });
    recorder.record({ type: 'event', msg: { type: 'user_message', message: 'a transcript for me alone' } });
    recorder.close();
    const rebuilt = await rebuildSessionIndex(home);
    expect(rebuilt.written).toBe(true);
    SessionRecorder.create(home, { ...meta, session_id: 'private-2' }).close();
    expect(await compactSessionIndex(home)).toBe(true);

    const secrets = new FileSecretStore(home);
    const settings = new SettingsStore(home, secrets);
    await settings.save({ model: 'gpt-5-codex', api_key: 'sk-mine-0123' });
    await new RecentProjects(home).remember(await tempDir('tandem-project-'));
    await writeWindowState(windowStateFile(home), { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false });
    await writeFileAtomically(path.join(home, 'later', 'nested', 'file.json'), '{}\n');

    const modes = modesUnder(home);
    for (const name of ['settings.json', 'secrets', 'recent-projects.json', 'window-state.json', 'sessions/index.jsonl']) {
      expect(modes.has(name), name).toBe(true);
    }
    expect([...modes.keys()].filter((name) => name.endsWith('.jsonl') && name.includes('rollout-'))).toHaveLength(2);
    const open = [...modes].filter(([name, mode]) => mode !== (fs.statSync(path.join(home, name)).isDirectory() ? 0o700 : 0o600));
    expect(open.map(([name, mode]) => `${name} ${mode.toString(8)}`)).toEqual([]);
  });
});
