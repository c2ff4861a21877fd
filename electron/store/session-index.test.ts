import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionRecorder, findRolloutById, listSessions, rebuildSessionIndex, sessionTitle, compactSessionIndex } from './index.js';
import { rolloutFileNames } from './scan-rollouts.js';
import { appendIndexEntry, indexPath, readIndex } from './session-index-file.js';
import { rewriteIndex } from './session-index-rewrite.js';
import { indexDamages, recordSession as recordNamedSession, recordSessions } from './test-support/index-damage.js';

let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-index-'));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const policies = { model: 'gpt-5-codex', approval_policy: 'on-request', sandbox_policy: { mode: 'workspace-write' } } as const;

const requestFor = (i: number): string =>
  i % 2 === 0
    ? `Fix bug #${i}`
    : `Session ${i}: rename the helper in src/store so that every caller uses the new name and the tests still pass`;

/** A session as the agent makes one: created, its first request recorded, closed. */
function recordSession(i: number, cwd: string): SessionRecorder {
  const recorder = SessionRecorder.create(home, {
    ...policies,
    cwd,
    session_id: `s${String(i).padStart(5, '0')}`,
    // Minutes apart, so the sessions spread over several day folders.
    created_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
  });
  recorder.record({ type: 'event', msg: { type: 'user_message', message: requestFor(i) } });
  recorder.record({ type: 'event', msg: { type: 'task_complete', last_agent_message: 'done' } });
  recorder.close();
  return recorder;
}

describe('the session index', () => {
  it('lists 5,000 sessions newest first with their titles, without opening the rollouts', async () => {
    const count = 5_000;
    for (let i = 0; i < count; i += 1) recordSession(i, i % 2 === 0 ? '/proj/even' : '/proj/odd');
    // Listing must come from the index alone (the files are only counted by name): empty every rollout to
    // prove it, since a rebuild from them would then find no sessions.
    for (const file of await rolloutFileNames(home)) fs.truncateSync(path.join(home, 'sessions', file), 0);

    const started = performance.now();
    const sessions = await listSessions(home);
    const elapsed = performance.now() - started;
    const again = performance.now();
    await listSessions(home);
    console.log(
      `listSessions: ${sessions.length} sessions in ${elapsed.toFixed(1)} ms (first call), ${(performance.now() - again).toFixed(1)} ms (second)`,
    );

    expect(sessions).toHaveLength(count);
    // Recorded one after another, so the last recorded is the most recently updated.
    expect(sessions.map((s) => s.id)).toEqual(Array.from({ length: count }, (_, k) => `s${String(count - 1 - k).padStart(5, '0')}`));
    for (const s of sessions) {
      const i = Number(s.id.slice(1));
      expect(s.title).toBe(sessionTitle(requestFor(i)));
      expect(s.cwd).toBe(i % 2 === 0 ? '/proj/even' : '/proj/odd');
      expect(s.created_at).toBe(new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString());
      expect(s.updated_at >= s.created_at).toBe(true);
    }
    expect(sessions[0]?.path).toBe(path.join(home, 'sessions/2025/01/04/rollout-2025-01-04T11-19-00-s04999.jsonl'));
    expect(sessions.find((s) => s.id === 's00001')?.title).toBe('Session 1: rename the helper in src/store so that every caller uses the new…');

    const odd = await listSessions(home, { cwd: '/proj/odd/', limit: 3 });
    expect(odd.map((s) => s.id)).toEqual(['s04999', 's04997', 's04995']);
  });

  it('finds a rollout by id through the index, and by its file name when the index lacks it', async () => {
    const recorders = [0, 1, 2].map((i) => recordSession(i, '/proj'));
    expect(await findRolloutById(home, 's00001')).toBe(recorders[1]?.path);
    expect(await findRolloutById(home, 'nope')).toBeNull();
    expect(await findRolloutById(home, '../../etc/passwd')).toBeNull();

    fs.rmSync(indexPath(home));
    expect(await findRolloutById(home, 's00002')).toBe(recorders[2]?.path);
    expect(await findRolloutById(home, 'nope')).toBeNull();
  });

  it('rebuilds a deleted index from the rollout files', async () => {
    for (let i = 0; i < 30; i += 1) recordSession(i, '/proj');
    const before = await listSessions(home);
    fs.rmSync(indexPath(home));

    const after = await listSessions(home);
    expect(after.map(({ id, title, cwd, created_at, path }) => ({ id, title, cwd, created_at, path }))).toEqual(
      before.map(({ id, title, cwd, created_at, path }) => ({ id, title, cwd, created_at, path })),
    );
    const index = await readIndex(home);
    expect(index?.hasHeader).toBe(true);
    expect(index?.entries.size).toBe(30);
  });

  it('rebuilds an index that was re-created by a new session after being deleted', async () => {
    for (let i = 0; i < 5; i += 1) recordSession(i, '/proj');
    fs.rmSync(indexPath(home));
    recordSession(5, '/proj');
    // The index now exists again but knows only the newest session; its missing header gives it away.
    expect((await readIndex(home))?.entries.size).toBe(1);

    const sessions = await listSessions(home);
    expect(sessions.map((s) => s.id)).toEqual(['s00005', 's00004', 's00003', 's00002', 's00001', 's00000']);
  });

  it('rebuilds an index with a damaged line, and reports files that are not rollouts', async () => {
    for (let i = 0; i < 4; i += 1) recordSession(i, '/proj');
    fs.appendFileSync(indexPath(home), 'garbage\n');
    const dayDir = path.dirname((await listSessions(home))[0]?.path ?? '');
    fs.writeFileSync(path.join(dayDir, 'rollout-2025-01-01T00-00-00-bogus.jsonl'), 'not a rollout\n');
    fs.appendFileSync(indexPath(home), 'more garbage\n');

    const rebuilt = await rebuildSessionIndex(home);
    expect(rebuilt.written).toBe(true);
    expect([...rebuilt.entries.keys()].sort()).toEqual(['s00000', 's00001', 's00002', 's00003']);
    expect(rebuilt.warnings).toHaveLength(1);
    expect(rebuilt.warnings[0]).toMatch(/bogus\.jsonl: not indexed/);
    expect((await readIndex(home))?.corruptLines).toBe(0);
    expect((await listSessions(home)).map((s) => s.title)).toEqual([3, 2, 1, 0].map((i) => sessionTitle(requestFor(i))));
  });

  it('answers from the files, without saving, while another process holds the index lock', async () => {
    for (let i = 0; i < 3; i += 1) recordSession(i, '/proj');
    fs.rmSync(indexPath(home));
    fs.writeFileSync(`${indexPath(home)}.lock`, '12345\n');

    const rebuilt = await rebuildSessionIndex(home);
    expect(rebuilt.written).toBe(false);
    expect((await listSessions(home)).map((s) => s.id)).toEqual(['s00002', 's00001', 's00000']);
    expect(fs.existsSync(indexPath(home))).toBe(false);

    // A lock left by a process that died long ago does not block rebuilding for ever.
    const longAgo = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(`${indexPath(home)}.lock`, longAgo, longAgo);
    expect((await rebuildSessionIndex(home)).written).toBe(true);
    expect(fs.existsSync(`${indexPath(home)}.lock`)).toBe(false);
  });

  it('keeps the title and moves updated_at forward when a session is resumed', async () => {
    const first = recordSession(7, '/proj');
    const [before] = await listSessions(home);
    await new Promise((resolve) => setTimeout(resolve, 5));

    const resumed = SessionRecorder.openForAppend(first.path);
    resumed.record({ type: 'event', msg: { type: 'user_message', message: 'and one more thing' } });
    resumed.close();

    const [after] = await listSessions(home);
    expect(after?.title).toBe(before?.title);
    expect(after && before && after.updated_at > before.updated_at).toBe(true);
  });

  it('compacts an index that grew with superseded entries, losing nothing', async () => {
    for (let i = 0; i < 10; i += 1) recordSession(i, '/proj');
    const expected = await listSessions(home);
    const last = expected[0];
    if (!last) throw new Error('no sessions');
    // A long-running session refreshes its entry every few seconds; these stand for hours of that.
    const { path: absolute, ...entry } = last;
    const relative = path.relative(path.join(home, 'sessions'), absolute);
    for (let k = 0; k < 300; k += 1) appendIndexEntry(home, { ...entry, path: relative, updated_at: `${entry.updated_at.slice(0, -1)}${k}Z` });
    const grown = fs.statSync(indexPath(home)).size;

    // The listing notices the index is mostly dead lines and compacts it.
    const listed = await listSessions(home);
    expect(listed.map((s) => s.id)).toEqual(expected.map((s) => s.id));
    expect(fs.statSync(indexPath(home)).size).toBeLessThan(grown / 10);
    expect((await readIndex(home))?.entryLines).toBe(10);
    expect(await compactSessionIndex(home)).toBe(true);
  });

  it('keeps a line appended to the old index while a rewrite is under way', async () => {
    for (let i = 0; i < 3; i += 1) recordSession(i, '/proj');
    const written = await rewriteIndex(home, async (old) => {
      // Another process records a new session between our read of the index and our rename.
      recordSession(3, '/proj');
      return old;
    });
    expect(written?.entries.size).toBe(3);
    const index = await readIndex(home);
    expect(index?.hasHeader).toBe(true);
    expect([...(index?.entries.keys() ?? [])].sort()).toEqual(['s00000', 's00001', 's00002', 's00003']);
  });

  it('lists nothing for a home that has no sessions yet', async () => {
    expect(await listSessions(path.join(home, 'fresh'))).toEqual([]);
    expect(await findRolloutById(path.join(home, 'fresh'), 's00000')).toBeNull();
  });
});

describe('the index against the files it covers', () => {
  const inode = () => fs.statSync(indexPath(home)).ino;

  it.each(indexDamages)('lists every session when the index is $name, and saves it whole again', async (damage) => {
    const ids = recordSessions(home, '/proj', 12);
    expect((await listSessions(home)).map((s) => s.id).sort()).toEqual(ids);
    const expected = damage.apply(home, ids).sort();

    expect((await listSessions(home)).map((s) => s.id).sort()).toEqual(expected);
    const index = await readIndex(home);
    expect(index?.hasHeader).toBe(true);
    expect(index?.corruptLines).toBe(0);
    expect([...(index?.entries.keys() ?? [])].sort()).toEqual(expected);
    // Whole again: the next listing takes it as it is, without rewriting it.
    const rebuilt = inode();
    expect((await listSessions(home)).map((s) => s.id).sort()).toEqual(expected);
    expect(inode()).toBe(rebuilt);
  });

  it('does not rebuild for ever over a file that is no rollout, or a second file of one session', async () => {
    const ids = recordSessions(home, '/proj', 3);
    const first = (await listSessions(home)).find((s) => s.id === 's001')!.path;
    fs.writeFileSync(path.join(path.dirname(first), 'rollout-2025-01-01T00-00-00-bogus.jsonl'), 'not a rollout\n');
    fs.copyFileSync(first, path.join(path.dirname(first), 'rollout-2025-01-01T00-00-01-copy.jsonl'));

    expect((await listSessions(home)).map((s) => s.id).sort()).toEqual(ids);
    expect((await readIndex(home))?.skipped.size).toBe(2);
    const rebuilt = inode();
    expect((await listSessions(home)).map((s) => s.id).sort()).toEqual(ids);
    expect(inode()).toBe(rebuilt);

    // Skipped files are kept through a compaction, and one that goes away is noticed.
    expect(await compactSessionIndex(home)).toBe(true);
    expect((await readIndex(home))?.skipped.size).toBe(2);
    const compacted = inode();
    await listSessions(home);
    expect(inode()).toBe(compacted);
    fs.rmSync(path.join(path.dirname(first), 'rollout-2025-01-01T00-00-00-bogus.jsonl'));
    expect((await listSessions(home)).map((s) => s.id).sort()).toEqual(ids);
    expect((await readIndex(home))?.skipped.size).toBe(1);
  });

  it('lists a session whose entry never reached the index (a crash between its file and its entry)', async () => {
    const ids = recordSessions(home, '/proj', 4);
    const index = fs.readFileSync(indexPath(home));
    recordNamedSession(home, 'late', '/proj', 5);
    // As if the process died right after creating the file: the index is as it was before.
    fs.writeFileSync(indexPath(home), index);
    expect((await listSessions(home)).map((s) => s.id).sort()).toEqual([...ids, 'late'].sort());
  });
});
