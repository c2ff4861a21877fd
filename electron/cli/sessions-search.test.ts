import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { recordSession } from '../store/test-support/index-damage.js';
import { requireBuiltCli, tandemBin, useCleanups } from '../../test-support/cleanups.js';

requireBuiltCli();
const { tempDir } = useCleanups();

function sessions(home: string, args: string[]) {
  return spawnSync(tandemBin, ['sessions', ...args], { env: { ...process.env, TANDEM_HOME: home }, encoding: 'utf8' });
}

describe('tandem sessions --search', () => {
  it('prints where the words are, newest session first, as lines of JSON or for a person', async () => {
    const home = await tempDir('tandem-sessions-search-');
    recordSession(home, 'older', '/proj/a', 0);
    recordSession(home, 'newer', '/proj/b', 60);

    const json = sessions(home, ['--search', 'REQUEST OF', '--json']);
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const hits = json.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { session_id: string; kind: string; snippet: string; match: [number, number] });
    expect(hits.map((hit) => [hit.session_id, hit.kind])).toEqual([['newer', 'title'], ['newer', 'user'], ['older', 'title'], ['older', 'user']]);
    expect(hits[1]?.snippet.slice(...hits[1]!.match)).toBe('request of');

    const human = sessions(home, ['--search', 'of newer', '-C', '/proj/b']);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('newer');
    expect(human.stdout).toContain('user: request of newer');
    expect(sessions(home, ['--search', 'of newer', '-C', '/proj/a']).stdout).toBe(`No saved session in ${home} holds "of newer".\n`);
  });
});
