import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexFollower } from './index-follower.js';
import { listSessions } from './list-sessions.js';
import { indexPath } from './session-index-file.js';
import { compactSessionIndex } from './session-index-rewrite.js';
import { indexDamages, recordSession, recordSessions } from './test-support/index-damage.js';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-follower-'));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const ids = async (follower: IndexFollower) => (await follower.list()).map((s) => s.id);

describe('IndexFollower', () => {
  it('lists as listSessions does, following new lines and reading a rewritten index again', async () => {
    recordSessions(home, '/proj', 5);
    const follower = new IndexFollower(home);
    expect(await follower.list()).toEqual(await listSessions(home));
    const before = fs.statSync(indexPath(home)).ino;

    recordSession(home, 'later', '/other', 60 * 24 * 40);
    expect(fs.statSync(indexPath(home)).ino).toBe(before);
    expect(await follower.list()).toEqual(await listSessions(home));
    expect(await follower.list({ cwd: '/other' })).toEqual(await listSessions(home, { cwd: '/other' }));
    expect((await ids(follower))[0]).toBe('later');

    // Three entries for one session, compacted to one: another file, read whole.
    fs.appendFileSync(indexPath(home), fs.readFileSync(indexPath(home), 'utf8').split('\n').slice(1).join('\n'));
    expect(await compactSessionIndex(home)).toBe(true);
    expect(fs.statSync(indexPath(home)).ino).not.toBe(before);
    expect(await follower.list()).toEqual(await listSessions(home));
  });

  it.each(indexDamages)('sees at once what changed behind its back: the index $name', async (damage) => {
    const recorded = recordSessions(home, '/proj', 12);
    const follower = new IndexFollower(home);
    expect((await ids(follower)).sort()).toEqual(recorded);
    const expected = damage.apply(home, recorded).sort();
    expect((await ids(follower)).sort()).toEqual(expected);
    expect((await ids(follower)).sort()).toEqual(expected);
  });
});
