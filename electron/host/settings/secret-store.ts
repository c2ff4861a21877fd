/**
 * Where the API key is kept. The key never leaves the host: the settings a client sees say only whether
 * one is set. Electron keeps it encrypted with the OS keychain (safeStorage); `tandem serve`, which has no
 * keychain, in a file only the user may read.
 */
export interface SecretStore {
  /** Where the key lives, in words, for messages. */
  readonly description: string;
  readApiKey(): Promise<string | null>;
  /** Stores the key, or removes it when null. */
  writeApiKey(key: string | null): Promise<void>;
}

/** A store that forgets everything when the process ends; for tests and a host that must not write secrets. */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory';
  constructor(private key: string | null = null) {}

  async readApiKey(): Promise<string | null> {
    return this.key;
  }

  async writeApiKey(key: string | null): Promise<void> {
    this.key = key;
  }
}
