import { describe, expect, it } from 'vitest';
import { indexDamages, recordSessions } from '../store/test-support/index-damage.js';
import { useCleanups } from '../../test-support/cleanups.js';
import { Host } from './host.js';
import { FileSecretStore } from './settings/file-secret-store.js';

const { defer, tempDir } = useCleanups();

describe('the session list of the window', () => {
  it.each(indexDamages)('shows every session when the index is $name', async (damage) => {
    const home = await tempDir('tandem-host-list-home-');
    const host = new Host({ home, secrets: new FileSecretStore(home), env: { PATH: process.env.PATH, HOME: process.env.HOME }, warn: () => undefined });
    defer(() => host.shutdown());
    const listed = async () => (await host.request('list_sessions', {})).sessions.map((s) => s.id).sort();

    const ids = recordSessions(home, '/proj', 12);
    expect(await listed()).toEqual(ids);
    const expected = damage.apply(home, ids).sort();
    expect(await listed()).toEqual(expected);
    expect(await listed()).toEqual(expected);
  });
});
