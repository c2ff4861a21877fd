import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { indexDamages, recordSessions } from '../store/test-support/index-damage.js';
import { requireBuiltCli, tandemBin, useCleanups } from '../../test-support/cleanups.js';

requireBuiltCli();
const { tempDir } = useCleanups();

/** The ids `tandem sessions --json` prints, sorted. */
function listed(home: string): string[] {
  const result = spawnSync(tandemBin, ['sessions', '--json'], { env: { ...process.env, TANDEM_HOME: home }, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id)
    .sort();
}

describe('tandem sessions', () => {
  it.each(indexDamages)('lists every session when the index is $name', async (damage) => {
    const home = await tempDir('tandem-sessions-home-');
    const ids = recordSessions(home, '/proj', 12);
    expect(listed(home)).toEqual(ids);
    const expected = damage.apply(home, ids).sort();
    expect(listed(home)).toEqual(expected);
  });
});
