import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledChildScript } from './test-support/child-script.js';
import {
  SESSION_TITLE_MAX_CHARS,
  SessionLockedError,
  SessionRecorder,
  listSessions,
  normalizeCustomTitle,
  readRollout,
  renameSavedSession,
  restoreSession,
  trashHome,
  trashSession,
} from './index.js';
import { indexPath } from './session-index-file.js';

/* Renaming and deleting saved sessions: the rollout says it, the index follows, and a rebuilt index agrees. */

const childSource = `
import { acquireSessionLock } from './session-lock.js';
const [home, id] = process.argv.slice(2);
acquireSessionLock(home, id, { kind: 'cli', command: 'proto' });
process.stdout.write('took\\n');
setInterval(() => {}, 60_000);
`;
const childProgram = bundledChildScript(childSource, 'rename-trash-child');
const children: ChildProcess[] = [];

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(childProgram.workDir(), 'home-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
});

/** A child process holding the session's lock, as a `tandem proto` with it open would. */
async function holdElsewhere(id: string): Promise<void> {
  const child = spawn(process.execPath, [childProgram.script(), home, id], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', () => reject(new Error('the child exited without taking the lock')));
  });
}

function savedSession(id: string, request: string, created_at = '2026-03-04T10:00:00.000Z'): string {
  const recorder = SessionRecorder.create(home, {
    session_id: id,
    created_at,
    cwd: '/work/project',
    model: 'gpt-5-codex',
    approval_policy: 'never',
    sandbox_policy: { mode: 'read-only' },
  });
  recorder.record({ type: 'event', msg: { type: 'user_message', message: request } });
  recorder.record({ type: 'event', msg: { type: 'agent_message', message: 'Done.' } });
  recorder.close();
  return recorder.path;
}

const titles = async () => Object.fromEntries((await listSessions(home)).map((s) => [s.id, s.title]));

describe('normalizeCustomTitle', () => {
  it('keeps one trimmed line, and cuts long names without splitting a character', () => {
    expect(normalizeCustomTitle('  Fix\n\n the   build\t', SESSION_TITLE_MAX_CHARS)).toBe('Fix the build');
    expect(normalizeCustomTitle(' \n ', SESSION_TITLE_MAX_CHARS)).toBe('');
    expect(normalizeCustomTitle('x'.repeat(250), SESSION_TITLE_MAX_CHARS)).toHaveLength(200);
    const emoji = `${'a'.repeat(199)}😀`;
    expect(normalizeCustomTitle(emoji, SESSION_TITLE_MAX_CHARS)).toBe('a'.repeat(199));
  });
});

describe('renameSavedSession', () => {
  it('records the name in the rollout and the index; a rebuilt index keeps it; an empty name goes back to the first request', async () => {
    const file = savedSession('s1', 'Add a --verbose flag');
    savedSession('s2', 'Other work', '2026-03-05T10:00:00.000Z');
    expect(await renameSavedSession(home, 's1', 'Verbose flag')).toBe('Verbose flag');
    expect(await titles()).toEqual({ s1: 'Verbose flag', s2: 'Other work' });
    const { lines } = await readRollout(file);
    expect(lines.at(-1)).toMatchObject({ type: 'session_title', title: 'Verbose flag' });

    fs.rmSync(indexPath(home));
    expect(await titles()).toEqual({ s1: 'Verbose flag', s2: 'Other work' });

    expect(await renameSavedSession(home, 's1', '')).toBe('Add a --verbose flag');
    expect(await titles()).toEqual({ s1: 'Add a --verbose flag', s2: 'Other work' });
    fs.rmSync(indexPath(home));
    expect(await titles()).toEqual({ s1: 'Add a --verbose flag', s2: 'Other work' });
  });

  it('is kept when the session is resumed and written to again', async () => {
    const file = savedSession('s1', 'First request');
    await renameSavedSession(home, 's1', 'My name');
    const again = SessionRecorder.openForAppend(file);
    again.record({ type: 'event', msg: { type: 'user_message', message: 'second request' } });
    again.close();
    expect(await titles()).toEqual({ s1: 'My name' });
  });

  it('is refused while another process has the session open, and writes nothing', async () => {
    const file = savedSession('s1', 'First request');
    const before = fs.readFileSync(file, 'utf8');
    await holdElsewhere('s1');
    await expect(renameSavedSession(home, 's1', 'Name')).rejects.toBeInstanceOf(SessionLockedError);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(await titles()).toEqual({ s1: 'First request' });
  });

  it('refuses ids that are not ids, and ids of no session, touching nothing', async () => {
    savedSession('s1', 'First request');
    for (const id of ['../s1', 's1/../../x', 'a\u0000b', '', '.']) await expect(renameSavedSession(home, id, 'x')).rejects.toThrow(/is not a session id/);
    await expect(renameSavedSession(home, 'nope', 'x')).rejects.toThrow('There is no saved session nope.');
    expect(fs.readdirSync(home).sort()).toEqual(['sessions']);
  });
});

describe('trashSession and restoreSession', () => {
  it('moves the rollout to trash/ under the same relative path, unlists it, and puts it back listed as it was', async () => {
    const file = savedSession('s1', 'Keep me');
    savedSession('s2', 'Other work', '2026-03-05T10:00:00.000Z');
    await renameSavedSession(home, 's1', 'Named');
    const bytes = fs.readFileSync(file, 'utf8');
    const relative = path.relative(path.join(home, 'sessions'), file);

    expect(await trashSession(home, 's1')).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readFileSync(path.join(trashHome(home), 'sessions', relative), 'utf8')).toBe(bytes);
    expect(await titles()).toEqual({ s2: 'Other work' });
    // The index was rewritten without it: no rebuild needed, and none brings it back.
    expect(fs.readFileSync(indexPath(home), 'utf8')).not.toContain('"s1"');
    fs.rmSync(indexPath(home));
    expect(await titles()).toEqual({ s2: 'Other work' });

    expect(await restoreSession(home, 's1')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(bytes);
    expect(fs.existsSync(path.join(trashHome(home), 'sessions', relative))).toBe(false);
    expect(await titles()).toEqual({ s1: 'Named', s2: 'Other work' });
    expect(await restoreSession(home, 's1')).toBe(false);
  });

  it('is refused while another process has the session open, and moves nothing', async () => {
    const file = savedSession('s1', 'Busy');
    await holdElsewhere('s1');
    await expect(trashSession(home, 's1')).rejects.toBeInstanceOf(SessionLockedError);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(trashHome(home))).toBe(false);
  });

  it('answers false for ids of no session, refuses what is not an id, and touches nothing outside the home', async () => {
    savedSession('s1', 'Here');
    const outside = path.join(path.dirname(home), `outside-${path.basename(home)}.jsonl`);
    fs.writeFileSync(outside, 'not ours\n');
    try {
      expect(await trashSession(home, 'nope')).toBe(false);
      expect(await restoreSession(home, 'nope')).toBe(false);
      for (const id of ['../outside', '/etc/passwd', 'x\u0000', `../../${path.basename(outside)}`]) {
        await expect(trashSession(home, id)).rejects.toThrow(/is not a session id/);
        await expect(restoreSession(home, id)).rejects.toThrow(/is not a session id/);
      }
      expect(fs.readFileSync(outside, 'utf8')).toBe('not ours\n');
      expect(await titles()).toEqual({ s1: 'Here' });
    } finally {
      fs.rmSync(outside, { force: true });
    }
  });

  it('will not restore over a session saved again meanwhile', async () => {
    const file = savedSession('s1', 'Twice');
    await trashSession(home, 's1');
    fs.copyFileSync(path.join(trashHome(home), 'sessions', path.relative(path.join(home, 'sessions'), file)), file);
    await expect(restoreSession(home, 's1')).rejects.toThrow(/saved already/);
  });

});
