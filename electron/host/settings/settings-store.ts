import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { apiKeyProblem } from '../../../shared/host/api-key.js';
import { ApprovalPreset, SettingsPatch, Theme } from '../../../shared/host/contract.js';
import { EnvPassthrough, HiddenPaths } from '../../../shared/host/sandbox-privacy-schemas.js';
import { uniqueEntries } from '../../../shared/host/sandbox-privacy.js';
import { describeIssues } from '../../../shared/protocol/index.js';
import { writeFileAtomically } from '../atomic-file.js';
import type { SecretStore } from './secret-store.js';

/** What TANDEM_HOME/settings.json holds. The API key is never in it: the SecretStore keeps that. */
const SettingsFile = z.object({
  base_url: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  approval_preset: ApprovalPreset.optional(),
  hidden_paths: HiddenPaths.optional(),
  env_passthrough: EnvPassthrough.optional(),
  server_state: z.boolean().optional(),
  theme: Theme.optional(),
  notifications: z.boolean().optional(),
});
type SettingsFile = z.infer<typeof SettingsFile>;

/** The settings as saved; null where the person has set nothing (the environment or a default applies). */
export interface SavedSettings {
  apiKey: string | null;
  baseUrl: string | null;
  model: string | null;
  approvalPreset: ApprovalPreset | null;
  /** More places sandboxed commands must not see (absolute or `~/…`); empty when none were added. */
  hiddenPaths: string[];
  /** Variables passed to commands although their names look secret; empty when none. */
  envPassthrough: string[];
  /** "Keep the conversation on the server": false unless the person turned it on. */
  serverState: boolean;
  /** The window's colours: 'system' unless the person chose one. */
  theme: Theme;
  /** Whether the window tells the person when a session in the background needs them: on unless turned off. */
  notifications: boolean;
}

/** The two privacy lists of Settings, which sessions apply to their sandboxed commands. */
export type SandboxPreferences = Pick<SavedSettings, 'hiddenPaths' | 'envPassthrough'>;

/** The fields of settings.json, as the rest of the host reads them. */
function sandboxPreferencesOf(plain: SettingsFile): SandboxPreferences {
  return { hiddenPaths: plain.hidden_paths ?? [], envPassthrough: plain.env_passthrough ?? [] };
}

/**
 * The privacy lists saved in TANDEM_HOME/settings.json, for the CLI's `exec` and `proto`, which read nothing
 * else of Settings. Throws, as the store does, when the file is damaged.
 */
export async function readSandboxPreferences(home: string): Promise<SandboxPreferences> {
  return sandboxPreferencesOf(await readSettingsFile(path.join(home, 'settings.json')));
}

/** What `exec` and `proto` take from Settings: the privacy lists, and "Keep the conversation on the server". */
export type HeadlessSettings = SandboxPreferences & Pick<SavedSettings, 'serverState'>;

/** The saved settings that apply to `exec` and `proto`. Throws, as the store does, when the file is damaged. */
export async function readHeadlessSettings(home: string): Promise<HeadlessSettings> {
  const plain = await readSettingsFile(path.join(home, 'settings.json'));
  return { ...sandboxPreferencesOf(plain), serverState: plain.server_state ?? false };
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
    const [plain, apiKey] = await Promise.all([readSettingsFile(this.file), this.secrets.readApiKey()]);
    return {
      apiKey,
      baseUrl: plain.base_url ?? null,
      model: plain.model ?? null,
      approvalPreset: plain.approval_preset ?? null,
      ...sandboxPreferencesOf(plain),
      serverState: plain.server_state ?? false,
      theme: plain.theme ?? 'system',
      notifications: plain.notifications ?? true,
    };
  }

  /**
   * Applies a patch: absent fields stay, null (or an empty key) clears, a list replaces the saved one. Saves
   * are applied one at a time. A patch that does not fit is refused whole, before anything is written, so a
   * bad entry never costs what was saved.
   */
  save(patch: SettingsPatch): Promise<void> {
    const checked = SettingsPatch.safeParse(patch);
    if (!checked.success) return Promise.reject(new Error(`Settings not saved: ${describeIssues(checked.error)}.`));
    // Words meant for the agent that landed in the key field must not become the key (and override OPENAI_API_KEY).
    const keyProblem = checked.data.api_key?.trim() ? apiKeyProblem(checked.data.api_key) : null;
    if (keyProblem) return Promise.reject(new Error(`Settings not saved: ${keyProblem}`));
    const next = this.writes.then(() => this.apply(checked.data));
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async apply(patch: SettingsPatch): Promise<void> {
    if (patch.api_key !== undefined) {
      const key = patch.api_key?.trim() || null;
      await this.secrets.writeApiKey(key);
    }
    const { api_key: _key, ...plainPatch } = patch;
    if (Object.values(plainPatch).every((value) => value === undefined)) return;
    const current = await readSettingsFile(this.file);
    const next: SettingsFile = { ...current };
    if (patch.base_url !== undefined) next.base_url = patch.base_url;
    if (patch.model !== undefined) next.model = patch.model;
    if (patch.approval_preset !== undefined) next.approval_preset = patch.approval_preset;
    if (patch.hidden_paths !== undefined) next.hidden_paths = uniqueEntries(patch.hidden_paths);
    if (patch.env_passthrough !== undefined) next.env_passthrough = uniqueEntries(patch.env_passthrough);
    if (patch.server_state !== undefined) next.server_state = patch.server_state;
    if (patch.theme !== undefined) next.theme = patch.theme;
    if (patch.notifications !== undefined) next.notifications = patch.notifications;
    await writeFileAtomically(this.file, `${JSON.stringify(next, null, 2)}\n`);
  }
}

async function readSettingsFile(file: string): Promise<SettingsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`Tandem cannot read its settings file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`The settings file ${file} is damaged (it is not JSON). Fix or delete it; Tandem then starts from the defaults.`);
  }
  const parsed = SettingsFile.safeParse(json);
  if (parsed.success) return parsed.data;
  // Named, so a person who edited the file by hand finds the line to fix.
  throw new Error(`The settings file ${file} is damaged (${describeIssues(parsed.error)}). Fix or delete it; Tandem then starts from the defaults.`);
}
