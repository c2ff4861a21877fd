import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireSessionLock, listSessions, readRollout, rebuildSessionIndex, sessionLockPath, SessionRecorder, type SessionLock } from './index.js';
import { indexPath } from './session-index-file.js';

/* A new session is neither saved nor listed until its first message (SessionRecorder.deferred). */

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-deferred-'));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const meta = {
  session_id: 'deferred-1',
  cwd: '/work/project',
  model: 'gpt-5-codex',
  approval_policy: 'on-request',
  sandbox_policy: { mode: 'workspace-write', network_access: false },
} as const;

function everythingUnder(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]) : [];
}

describe('a deferred recorder', () => {
  it('writes nothing (no file, no index entry, no lock) until the first user message, then all it held, in order', async () => {
    const locks: SessionLock[] = [];
    const recorder = SessionRecorder.deferred(home, meta, () => {
      const lock = acquireSessionLock(home, meta.session_id);
      locks.push(lock);
      return lock;
    });
    expect(recorder.path).toMatch(/sessions\/\d{4}\/\d{2}\/\d{2}\/rollout-.*-deferred-1\.jsonl$/);
    recorder.record({ type: 'response_item', item: { type: 'message', role: 'developer', content: [] } });
    recorder.record({ type: 'event', msg: { type: 'task_started' } });
    expect(recorder.saved).toBe(false);
    expect(everythingUnder(home)).toEqual([]);
    expect(locks).toHaveLength(0);
    expect(await listSessions(home)).toEqual([]);

    recorder.record({ type: 'event', msg: { type: 'user_message', message: 'Fix the build' } });
    expect(recorder.saved).toBe(true);
    expect(locks).toHaveLength(1);
    expect(fs.existsSync(sessionLockPath(home, meta.session_id))).toBe(true);
    recorder.record({ type: 'event', msg: { type: 'agent_message', message: 'Done.' } });
    const { lines } = await readRollout(recorder.path);
    expect(lines.map((line) => (line.type === 'event' ? line.msg.type : line.type))).toEqual(['session_meta', 'response_item', 'task_started', 'user_message', 'agent_message']);
    expect((await listSessions(home)).map(({ id, title }) => ({ id, title }))).toEqual([{ id: 'deferred-1', title: 'Fix the build' }]);

    recorder.close();
    expect(fs.existsSync(sessionLockPath(home, meta.session_id))).toBe(false);
    expect((await listSessions(home)).map((s) => s.id)).toEqual(['deferred-1']);
  });

  it('closed before any message leaves nothing behind, and a listing or a rebuild finds no session', async () => {
    let asked = 0;
    const recorder = SessionRecorder.deferred(home, meta, () => {
      asked += 1;
      return null;
    });
    recorder.record({ type: 'event', msg: { type: 'task_started' } });
    recorder.record({ type: 'event', msg: { type: 'warning', message: 'no key' } });
    recorder.close();
    expect(asked).toBe(0);
    expect(everythingUnder(home)).toEqual([]);
    expect(await listSessions(home)).toEqual([]);
    expect((await rebuildSessionIndex(home)).entries.size).toBe(0);
    expect(() => recorder.record({ type: 'event', msg: { type: 'user_message', message: 'too late' } })).toThrow(/closed/);
    expect(everythingUnder(home).filter((name) => name.endsWith('.jsonl') && !name.endsWith('index.jsonl'))).toEqual([]);
  });

  it('starts a new home complete: the index it begins has its header, so a listing need not rebuild', async () => {
    const recorder = SessionRecorder.deferred(home, meta);
    recorder.record({ type: 'event', msg: { type: 'user_message', message: 'hello' } });
    recorder.close();
    expect(fs.readFileSync(indexPath(home), 'utf8').split('\n')[0]).toBe('{"tandem_session_index":1}');
  });

  it('passes on a refused lock from the first message, and writes nothing', () => {
    const other = acquireSessionLock(home, meta.session_id);
    try {
      const recorder = SessionRecorder.deferred(home, meta, () => acquireSessionLock(home, meta.session_id));
      expect(() => recorder.record({ type: 'event', msg: { type: 'user_message', message: 'hello' } })).toThrow(/open in another Tandem/);
      expect(fs.existsSync(recorder.path)).toBe(false);
    } finally {
      other.release();
    }
  });
});
