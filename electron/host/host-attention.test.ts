import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { useCleanups } from '../../test-support/cleanups.js';
import type { DoorContext } from './door-context.js';
import { Host } from './host.js';
import type { AttentionRequest } from './handlers.js';
import { MemorySecretStore } from './settings/secret-store.js';

const { defer, tempDir } = useCleanups();
const client: DoorContext = { door: 'websocket', client: 'page-1' };

async function hostWith(options: Partial<ConstructorParameters<typeof Host>[0]> = {}): Promise<{ host: Host; home: string }> {
  const home = await tempDir('tandem-attention-home-');
  const host = new Host({ home, secrets: new MemorySecretStore(), env: { PATH: process.env.PATH }, ...options });
  defer(() => host.shutdown());
  return { host, home };
}

describe('attention', () => {
  it('answers shown: false where no one can show anything (the browser door, the CLI)', async () => {
    const { host } = await hostWith();
    expect(await host.handle('attention', { badge: 2, notify: { session_id: 's1', title: 'Tandem', body: 'waiting for you' } }, client)).toEqual({ ok: true, result: { shown: false } });
  });

  it('hands the request, checked, to the function the host was made with, with the door it came through', async () => {
    const seen: { request: AttentionRequest; origin: DoorContext }[] = [];
    const { host } = await hostWith({
      attention: async (request, origin) => {
        seen.push({ request, origin });
        return { shown: request.notify !== undefined };
      },
    });
    expect(await host.request('attention', { badge: 0 }, client)).toEqual({ shown: false });
    expect(await host.request('attention', { badge: 3, notify: { session_id: 's2', title: 'Project', body: 'approve `npm test`?' } }, client)).toEqual({ shown: true });
    expect(seen).toEqual([
      { request: { badge: 0 }, origin: client },
      { request: { badge: 3, notify: { session_id: 's2', title: 'Project', body: 'approve `npm test`?' } }, origin: client },
    ]);
    const bad = await host.handle('attention', { badge: -1 }, client);
    expect(bad.ok).toBe(false);
    expect(seen).toHaveLength(2);
  });
});

describe('theme and notifications through the host', () => {
  it('come back from get_settings and save_settings, and are kept in settings.json', async () => {
    const { host, home } = await hostWith();
    expect(await host.request('get_settings', {})).toMatchObject({ theme: 'system', notifications: true });
    expect(await host.request('save_settings', { theme: 'light', notifications: false }, client)).toMatchObject({ theme: 'light', notifications: false });
    expect(JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'light', notifications: false });
    const refused = await host.handle('save_settings', { theme: 'neon' }, client);
    expect(refused.ok).toBe(false);
    expect(await host.request('get_settings', {})).toMatchObject({ theme: 'light', notifications: false });
  });
});
