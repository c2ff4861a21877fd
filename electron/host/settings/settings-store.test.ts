import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SettingsPatch } from '../../../shared/host/contract.js';
import { MAX_ENV_PASSTHROUGH, MAX_HIDDEN_PATHS } from '../../../shared/host/sandbox-privacy.js';
import { useCleanups } from '../../../test-support/cleanups.js';
import { builtinHiddenPaths, effectiveSettings, publicSettings } from './effective-settings.js';
import { MemorySecretStore } from './secret-store.js';
import { SettingsStore, readSandboxPreferences } from './settings-store.js';

const { tempDir } = useCleanups();

async function freshStore(): Promise<{ store: SettingsStore; home: string }> {
  const home = await tempDir('tandem-settings-');
  return { store: new SettingsStore(home, new MemorySecretStore()), home };
}

describe('the privacy lists in settings.json', () => {
  it('are empty until set, then kept across stores, and replaced whole by the next list', async () => {
    const { store, home } = await freshStore();
    expect(await store.read()).toMatchObject({ hiddenPaths: [], envPassthrough: [] });

    await store.save({ hidden_paths: ['~/work/keys', '/srv/secrets'], env_passthrough: ['GITHUB_TOKEN'] });
    const again = new SettingsStore(home, new MemorySecretStore());
    expect(await again.read()).toMatchObject({ hiddenPaths: ['~/work/keys', '/srv/secrets'], envPassthrough: ['GITHUB_TOKEN'] });
    expect(JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'))).toMatchObject({
      hidden_paths: ['~/work/keys', '/srv/secrets'],
      env_passthrough: ['GITHUB_TOKEN'],
    });
    expect(await readSandboxPreferences(home)).toEqual({ hiddenPaths: ['~/work/keys', '/srv/secrets'], envPassthrough: ['GITHUB_TOKEN'] });

    await store.save({ hidden_paths: ['/srv/secrets'] });
    expect(await store.read()).toMatchObject({ hiddenPaths: ['/srv/secrets'], envPassthrough: ['GITHUB_TOKEN'] });
    await store.save({ env_passthrough: [] });
    expect(await store.read()).toMatchObject({ hiddenPaths: ['/srv/secrets'], envPassthrough: [] });
  });

  it('leave the other settings alone, and the other settings leave them alone', async () => {
    const { store } = await freshStore();
    await store.save({ model: 'm1', base_url: 'https://example.com/v1', hidden_paths: ['~/.private'] });
    await store.save({ model: 'm2', approval_preset: 'auto' });
    await store.save({ env_passthrough: ['NPM_TOKEN'] });
    expect(await store.read()).toEqual({
      apiKey: null,
      baseUrl: 'https://example.com/v1',
      model: 'm2',
      approvalPreset: 'auto',
      hiddenPaths: ['~/.private'],
      envPassthrough: ['NPM_TOKEN'],
      serverState: false,
      theme: 'system',
      notifications: true,
    });
  });

  it('keep each entry once', async () => {
    const { store } = await freshStore();
    await store.save({ hidden_paths: ['/a', '~/b', '/a'], env_passthrough: ['X_TOKEN', 'X_TOKEN'] });
    expect(await store.read()).toMatchObject({ hiddenPaths: ['/a', '~/b'], envPassthrough: ['X_TOKEN'] });
  });

  const refused: [string, SettingsPatch, RegExp][] = [
    ['a relative place', { hidden_paths: ['/ok', 'notes/secret'] }, /^Settings not saved: hidden_paths\.1: "notes\/secret" is not a full path: start it with \/ or ~\/\.$/],
    ['a bare ~', { hidden_paths: ['~'] }, /hidden_paths\.0: "~" is not a full path/],
    ['~user', { hidden_paths: ['~root/.ssh'] }, /hidden_paths\.0: "~root\/\.ssh" is not a full path/],
    ['an empty place', { hidden_paths: [''] }, /hidden_paths\.0: an empty entry names no place/],
    ['a place with a NUL', { hidden_paths: ['/a\0b'] }, /hidden_paths\.0: .* holds a NUL character/],
    ['a place too long', { hidden_paths: [`/${'x'.repeat(5000)}`] }, /hidden_paths\.0: "\/x+\.\.\." is longer than 4096 characters/],
    ['too many places', { hidden_paths: Array.from({ length: MAX_HIDDEN_PATHS + 1 }, (_, i) => `/p${i}`) }, /hidden_paths: at most 200 places/],
    ['a name with a dash', { env_passthrough: ['MY-TOKEN'] }, /^Settings not saved: env_passthrough\.0: "MY-TOKEN" is not a variable name: letters, digits and _ only, not starting with a digit\.$/],
    ['a name starting with a digit', { env_passthrough: ['1TOKEN'] }, /env_passthrough\.0: "1TOKEN" is not a variable name/],
    ['a name with an =', { env_passthrough: ['A=B'] }, /env_passthrough\.0: "A=B" is not a variable name/],
    ['an empty name', { env_passthrough: [''] }, /env_passthrough\.0: an empty entry names no variable/],
    ['a name too long', { env_passthrough: ['T'.repeat(300)] }, /is longer than 256 characters/],
    ['too many names', { env_passthrough: Array.from({ length: MAX_ENV_PASSTHROUGH + 1 }, (_, i) => `V${i}`) }, /env_passthrough: at most 200 variables/],
    ['a list that is not a list', { hidden_paths: '/one' } as unknown as SettingsPatch, /hidden_paths: /],
  ];

  for (const [what, patch, message] of refused) {
    it(`refuse ${what}, saying why, and lose nothing already saved`, async () => {
      const { store, home } = await freshStore();
      await store.save({ model: 'm1', hidden_paths: ['~/kept'], env_passthrough: ['KEPT_TOKEN'] });
      const before = await readFile(path.join(home, 'settings.json'), 'utf8');

      await expect(store.save({ ...patch, model: 'changed', api_key: 'sk-not-saved-either' })).rejects.toThrow(message);
      expect(await readFile(path.join(home, 'settings.json'), 'utf8')).toBe(before);
      expect(await store.read()).toMatchObject({ apiKey: null, model: 'm1', hiddenPaths: ['~/kept'], envPassthrough: ['KEPT_TOKEN'] });
      // The store still saves after a refusal.
      await store.save({ env_passthrough: ['NEXT_TOKEN'] });
      expect(await store.read()).toMatchObject({ model: 'm1', envPassthrough: ['NEXT_TOKEN'] });
    });
  }

  it('accept absolute places and places under ~/ as typed', async () => {
    const { store } = await freshStore();
    const places = ['/', '~/', '~/Documents/tax 2025', '/home/someone/.config/app/token.json'];
    await store.save({ hidden_paths: places, env_passthrough: ['_private', 'a1', 'GITHUB_TOKEN'] });
    expect(await store.read()).toMatchObject({ hiddenPaths: places, envPassthrough: ['_private', 'a1', 'GITHUB_TOKEN'] });
  });

  it('name the bad entry when the file was edited by hand', async () => {
    const { store, home } = await freshStore();
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ model: 'm1', hidden_paths: ['relative/place'] }));
    await expect(store.read()).rejects.toThrow(/settings\.json is damaged \(hidden_paths\.0: "relative\/place" is not a full path: start it with \/ or ~\/\)\. Fix or delete it/);
    await expect(readSandboxPreferences(home)).rejects.toThrow(/is damaged/);
    await writeFile(path.join(home, 'settings.json'), '{ not json');
    await expect(store.read()).rejects.toThrow(/is damaged \(it is not JSON\)/);
  });

  it('reads a settings file from before the lists existed', async () => {
    const { store, home } = await freshStore();
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ model: 'm1', approval_preset: 'ask' }));
    expect(await store.read()).toMatchObject({ model: 'm1', hiddenPaths: [], envPassthrough: [] });
    expect(await readSandboxPreferences(home)).toEqual({ hiddenPaths: [], envPassthrough: [] });
  });
});

describe('effective privacy lists', () => {
  const saved = { apiKey: null, baseUrl: null, model: null, approvalPreset: null, hiddenPaths: ['~/a', '/b'], envPassthrough: ['X_TOKEN'], serverState: false, theme: 'system' as const, notifications: true };

  it('add the command line to the saved lists, and show Settings only the saved ones', () => {
    const settings = effectiveSettings(saved, {}, { hiddenPaths: ['/b', '/c'], envPassthrough: ['Y_KEY'] });
    expect(settings.hiddenPaths).toEqual(['~/a', '/b', '/c']);
    expect(settings.envPassthrough).toEqual(['X_TOKEN', 'Y_KEY']);
    expect(settings.saved).toEqual({ hiddenPaths: ['~/a', '/b'], envPassthrough: ['X_TOKEN'], serverState: false, theme: 'system', notifications: true });
  });

  it('list the places always hidden as a person writes them, Tandem’s own folders included', () => {
    const builtin = builtinHiddenPaths('/home/pat/.config/Tandem', '/home/pat');
    expect(builtin).toContain('~/.ssh');
    expect(builtin).toContain('~/.aws');
    expect(builtin.slice(-2)).toEqual(['~/.config/Tandem', '~/.tandem']);
    expect(builtinHiddenPaths('/var/lib/tandem', '/home/pat').slice(-2)).toEqual(['/var/lib/tandem', '~/.tandem']);
    expect(new Set(builtinHiddenPaths('/home/pat/.tandem', '/home/pat')).size).toBe(builtinHiddenPaths('/home/pat/.tandem', '/home/pat').length);
  });
});

describe('"Keep the conversation on the server" in settings.json', () => {
  it('is off until turned on, then kept across stores as server_state, and turned off again', async () => {
    const { store, home } = await freshStore();
    expect((await store.read()).serverState).toBe(false);

    await store.save({ server_state: true });
    expect((await new SettingsStore(home, new MemorySecretStore()).read()).serverState).toBe(true);
    expect(JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'))).toEqual({ server_state: true });

    // Other settings leave it alone.
    await store.save({ model: 'm1', hidden_paths: ['~/kept'] });
    expect(await store.read()).toMatchObject({ model: 'm1', hiddenPaths: ['~/kept'], serverState: true });

    await store.save({ server_state: false });
    expect(await store.read()).toMatchObject({ model: 'm1', hiddenPaths: ['~/kept'], serverState: false });
    expect(JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'))).toMatchObject({ server_state: false });
  });

  it('refuses a value that is not true or false, and loses nothing already saved', async () => {
    const { store, home } = await freshStore();
    await store.save({ server_state: true, model: 'm1' });
    const before = await readFile(path.join(home, 'settings.json'), 'utf8');
    await expect(store.save({ server_state: 'yes', model: 'm2' } as unknown as SettingsPatch)).rejects.toThrow(/^Settings not saved: server_state: /);
    expect(await readFile(path.join(home, 'settings.json'), 'utf8')).toBe(before);
    expect(await store.read()).toMatchObject({ model: 'm1', serverState: true });
  });

  it('names it when the file was edited by hand to something else', async () => {
    const { store, home } = await freshStore();
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ server_state: 'on' }));
    await expect(store.read()).rejects.toThrow(/settings\.json is damaged \(server_state: .*\)\. Fix or delete it/);
  });

  it('reads a settings file from before it existed as off', async () => {
    const { store, home } = await freshStore();
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ model: 'm1', approval_preset: 'ask' }));
    expect(await store.read()).toMatchObject({ model: 'm1', serverState: false });
  });

  it('is turned on for a run by the command line, which never turns it off, and Settings shows only the saved value', () => {
    const saved = { apiKey: null, baseUrl: null, model: null, approvalPreset: null, hiddenPaths: [], envPassthrough: [], serverState: false, theme: 'system' as const, notifications: true };
    expect(effectiveSettings(saved, {}).serverState).toBe(false);
    const flagged = effectiveSettings(saved, {}, { serverState: true });
    expect(flagged.serverState).toBe(true);
    expect(flagged.saved.serverState).toBe(false);
    expect(publicSettings(flagged, []).server_state).toBe(false);
    const on = effectiveSettings({ ...saved, serverState: true }, {}, { serverState: undefined });
    expect(on.serverState).toBe(true);
    expect(publicSettings(on, []).server_state).toBe(true);
  });
});

describe('the theme and notifications', () => {
  it('default to following the system and telling the person, and are kept in settings.json once changed', async () => {
    const { store, home } = await freshStore();
    expect(await store.read()).toMatchObject({ theme: 'system', notifications: true });
    expect(publicSettings(effectiveSettings(await store.read(), {}), [])).toMatchObject({ theme: 'system', notifications: true });

    await store.save({ theme: 'dark', notifications: false });
    const again = new SettingsStore(home, new MemorySecretStore());
    expect(await again.read()).toMatchObject({ theme: 'dark', notifications: false });
    expect(JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'))).toEqual({ theme: 'dark', notifications: false });
    expect(publicSettings(effectiveSettings(await again.read(), {}), [])).toMatchObject({ theme: 'dark', notifications: false });

    // Each is changed alone, and leaves the other (and every other setting) as it was.
    await again.save({ model: 'm1' });
    await again.save({ theme: 'light' });
    expect(await again.read()).toMatchObject({ model: 'm1', theme: 'light', notifications: false });
    await again.save({ notifications: true });
    expect(await again.read()).toMatchObject({ model: 'm1', theme: 'light', notifications: true });
  });

  it('refuses a theme it does not know, and says so in the file it names when one was written by hand', async () => {
    const { store, home } = await freshStore();
    await expect(store.save({ theme: 'sepia' } as unknown as SettingsPatch)).rejects.toThrow(/Settings not saved: .*theme/);
    expect(await store.read()).toMatchObject({ theme: 'system' });
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ theme: 'sepia' }));
    await expect(store.read()).rejects.toThrow(/settings\.json is damaged \(.*theme/);
  });
});
