import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../atomic-file.js';
import { SECRETS_FILE_MODE } from './file-secret-store.js';
import type { SecretStore } from './secret-store.js';

/** What the store needs of Electron's safeStorage; kept to this so the store runs (and is tested) under Node. */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * The API key encrypted by the OS keychain (Electron's safeStorage), in TANDEM_HOME/api-key.enc. A key that
 * can no longer be decrypted (the keychain was reset, the folder copied to another machine) reads as no key,
 * so the person is asked for it again instead of being stuck.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly file: string;

  constructor(
    home: string,
    private readonly cipher: SecretCipher,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {
    this.file = path.join(home, 'api-key.enc');
  }

  get description(): string {
    return `${this.file} (encrypted by the system keychain)`;
  }

  async readApiKey(): Promise<string | null> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (!this.cipher.isEncryptionAvailable()) {
      this.warn('Tandem: the system keychain is not available, so the saved API key cannot be read.');
      return null;
    }
    try {
      return this.cipher.decryptString(encrypted) || null;
    } catch (err) {
      this.warn(`Tandem: the saved API key could not be decrypted (${(err as Error).message}); enter it again in Settings.`);
      return null;
    }
  }

  async writeApiKey(key: string | null): Promise<void> {
    if (key === null) {
      await rm(this.file, { force: true });
      return;
    }
    if (!this.cipher.isEncryptionAvailable()) {
      throw new Error('The system keychain is not available, so Tandem cannot store the API key safely. Set OPENAI_API_KEY in the environment instead.');
    }
    const encrypted = this.cipher.encryptString(key);
    await writeFileAtomically(this.file, encrypted, SECRETS_FILE_MODE);
  }
}
