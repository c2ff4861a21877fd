import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore } from '../../host/index.js';
import { keychainCipher, weakKeychainRefusal, type SafeStorageLike } from './keychain.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'tandem-keychain-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** safeStorage's behaviour, with a reversible stand-in for the encryption. */
function storage(backend: string | undefined): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plain) => Buffer.from(plain, 'utf8').reverse(),
    decryptString: (encrypted) => Buffer.from(encrypted).reverse().toString('utf8'),
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
  };
}

describe('the keychain on Linux', () => {
  it("refuses to store the key when safeStorage's backend is basic_text, saying how to use OPENAI_API_KEY", async () => {
    const store = new EncryptedFileSecretStore(home, keychainCipher(storage('basic_text'), 'linux'), () => undefined);
    await expect(store.writeApiKey('sk-secret')).rejects.toThrow(/OPENAI_API_KEY/);
    await expect(store.readApiKey()).resolves.toBeNull();
  });

  it('stores the key with a real keychain (libsecret, kwallet), and on other systems', async () => {
    for (const [platform, backend] of [['linux', 'gnome_libsecret'], ['linux', 'kwallet6'], ['darwin', undefined], ['win32', undefined]] as const) {
      const store = new EncryptedFileSecretStore(home, keychainCipher(storage(backend), platform), () => undefined);
      await store.writeApiKey('sk-secret');
      expect(readFileSync(store.file).toString('utf8'), `${platform} ${backend}`).not.toContain('sk-secret');
      await expect(store.readApiKey(), `${platform} ${backend}`).resolves.toBe('sk-secret');
      await store.writeApiKey(null);
    }
  });

  it('names the reason only for basic_text on Linux', () => {
    expect(weakKeychainRefusal('linux', storage('basic_text'))).toMatch(/fixed password/);
    expect(weakKeychainRefusal('linux', storage('gnome_libsecret'))).toBeNull();
    expect(weakKeychainRefusal('darwin', storage('basic_text'))).toBeNull();
  });
});
