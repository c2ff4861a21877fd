import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ApprovalPreset, type SettingsPatch } from '../../../shared/host/contract.js';
import { writeFileAtomically } from '../atomic-file.js';
import type { SecretStore } from './secret-store.js';

/** What TANDEM_HOME/settings.json holds. The API key is never in it: the SecretStore keeps that. */
const SettingsFile = z.object({
  base_url: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  approval_preset: ApprovalPreset.optional(),
});
type SettingsFile = z.infer<typeof SettingsFile>;

/** The settings as saved; null where the person has set nothing (the environment or a default applies). */
export interface SavedSettings {
  apiKey: string | null;
  baseUrl: string | null;
  model: string | null;
  approvalPreset: ApprovalPreset | null;
}

/** The saved settings: plain ones in TANDEM_HOME/settings.json, the API key in a SecretStore. */
export class SettingsStore {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly home: string,
    readonly secrets: SecretStore,
  ) {}

  get file(): string {
    return path.join(this.home, 'settings.json');
  }

  async read(): Promise<SavedSettings> {
    await this.writes;
    const [plain, apiKey] = await Promise.all([this.readFile(), this.secrets.readApiKey()]);
    return {
      apiKey,
      baseUrl: plain.base_url ?? null,
      model: plain.model ?? null,
      approvalPreset: plain.approval_preset ?? null,
    };
  }

  /** Applies a patch: absent fields stay, null (or an empty key) clears. Saves are applied one at a time. */
  save(patch: SettingsPatch): Promise<void> {
    const next = this.writes.then(() => this.apply(patch));
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async apply(patch: SettingsPatch): Promise<void> {
    if (patch.api_key !== undefined) {
      const key = patch.api_key?.trim() || null;
      await this.secrets.writeApiKey(key);
    }
    if (patch.base_url === undefined && patch.model === undefined && patch.approval_preset === undefined) return;
    const current = await this.readFile();
    const next: SettingsFile = { ...current };
    if (patch.base_url !== undefined) next.base_url = patch.base_url;
    if (patch.model !== undefined) next.model = patch.model;
    if (patch.approval_preset !== undefined) next.approval_preset = patch.approval_preset;
    await writeFileAtomically(this.file, `${JSON.stringify(next, null, 2)}\n`);
  }

  private async readFile(): Promise<SettingsFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`Tandem cannot read its settings file ${this.file}: ${(err as Error).message}`);
    }
    try {
      const parsed = SettingsFile.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // Falls through: a damaged file is reported the same way, parse error or schema error.
    }
    throw new Error(`The settings file ${this.file} is damaged. Fix or delete it; Tandem then starts from the defaults.`);
  }
}
