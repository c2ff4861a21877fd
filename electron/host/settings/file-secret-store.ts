import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../atomic-file.js';
import type { SecretStore } from './secret-store.js';

const SecretsFile = z.object({ openai_api_key: z.string().optional() });

/** Read and write for the user alone: the file holds the API key in the clear. */
export const SECRETS_FILE_MODE = 0o600;

/**
 * The API key in TANDEM_HOME/secrets, a JSON file with mode 0600: for `tandem serve`, which runs without
 * Electron and so without the OS keychain.
 */
export class FileSecretStore implements SecretStore {
  readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, 'secrets');
  }

  get description(): string {
    return `${this.file} (readable only by you)`;
  }

  async readApiKey(): Promise<string | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`Tandem cannot read its secrets file ${this.file}: ${(err as Error).message}`);
    }
    let parsed;
    try {
      parsed = SecretsFile.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) throw new Error(`The secrets file ${this.file} is damaged. Delete it and enter the API key again.`);
    return parsed.data.openai_api_key || null;
  }

  async writeApiKey(key: string | null): Promise<void> {
    if (key === null) {
      await rm(this.file, { force: true });
      return;
    }
    await writeFileAtomically(this.file, `${JSON.stringify({ openai_api_key: key })}\n`, SECRETS_FILE_MODE);
  }
}
