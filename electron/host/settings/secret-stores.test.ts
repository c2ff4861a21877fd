import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EncryptedFileSecretStore, type SecretCipher } from './encrypted-file-secret-store.js';
import { FileSecretStore } from './file-secret-store.js';

let home = '';
afterEach(async () => {
  if (home) await rm(home, { recursive: true, force: true });
  home = '';
});

/** Stands in for safeStorage: a reversible scrambling, so the test can see the plain key is not on disk. */
function fakeCipher(available = true): SecretCipher {
  const flip = (data: Buffer) => Buffer.from(data.map((byte) => byte ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => flip(Buffer.from(`enc:${plain}`, 'utf8')),
    decryptString: (encrypted) => {
      const text = flip(encrypted).toString('utf8');
      if (!text.startsWith('enc:')) throw new Error('bad ciphertext');
      return text.slice(4);
    },
  };
}

describe('FileSecretStore', () => {
  it('keeps the key in a file only the user may read, and removes it on null', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'tandem-secrets-'));
    const store = new FileSecretStore(path.join(home, 'nested'));
    expect(await store.readApiKey()).toBeNull();
    await store.writeApiKey('sk-one');
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect(await store.readApiKey()).toBe('sk-one');
    await store.writeApiKey('sk-two');
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect(await new FileSecretStore(path.join(home, 'nested')).readApiKey()).toBe('sk-two');
    await store.writeApiKey(null);
    expect(await store.readApiKey()).toBeNull();
  });

  it('says which file is damaged', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'tandem-secrets-'));
    const store = new FileSecretStore(home);
    await writeFile(store.file, 'garbage');
    await expect(store.readApiKey()).rejects.toThrow(`The secrets file ${store.file} is damaged`);
  });
});

describe('EncryptedFileSecretStore', () => {
  it('writes only ciphertext, with mode 0600, and reads the key back', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'tandem-secrets-'));
    const store = new EncryptedFileSecretStore(home, fakeCipher());
    await store.writeApiKey('sk-secret-value');
    const raw = await readFile(store.file);
    expect(raw.toString('latin1')).not.toContain('sk-secret-value');
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect(await store.readApiKey()).toBe('sk-secret-value');
  });

  it('reads a key it cannot decrypt as no key, with a warning', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'tandem-secrets-'));
    const warnings: string[] = [];
    const store = new EncryptedFileSecretStore(home, fakeCipher(), (message) => warnings.push(message));
    await writeFile(store.file, 'not encrypted by us');
    expect(await store.readApiKey()).toBeNull();
    expect(warnings[0]).toMatch(/could not be decrypted/);
  });

  it('refuses to store a key when the keychain is not available', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'tandem-secrets-'));
    const store = new EncryptedFileSecretStore(home, fakeCipher(false));
    await expect(store.writeApiKey('sk')).rejects.toThrow(/system keychain is not available/);
  });
});
