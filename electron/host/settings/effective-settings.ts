import path from 'node:path';
import type { ApprovalPreset, PublicSettings } from '../../../shared/host/contract.js';
import { uniqueEntries } from '../../../shared/host/sandbox-privacy.js';
import type { ApprovalPolicy, SandboxPolicy } from '../../../shared/protocol/index.js';
import { DEFAULT_MODEL } from '../../agent/config.js';
import { DEFAULT_SECRET_LOCATIONS, isSameOrInside } from '../../sandbox/index.js';
import { DEFAULT_APPROVAL_PRESET, policiesForPreset } from './presets.js';
import type { SavedSettings } from './settings-store.js';

/**
 * What a command line says for this run (`tandem serve -m ... -a ... -s ... --base-url ...`). These win
 * over saved settings, as Codex's `-c` flags win over config.toml: the person typed them just now.
 */
export interface SessionOverrides {
  model?: string | undefined;
  baseUrl?: string | undefined;
  approvalPolicy?: ApprovalPolicy | undefined;
  sandboxPolicy?: SandboxPolicy | undefined;
  /** `--hide`: hidden for this run besides the saved places. */
  hiddenPaths?: string[] | undefined;
  /** `--pass-env`: passed through for this run besides the saved names. */
  envPassthrough?: string[] | undefined;
  /** `--server-state`: on for this run whatever is saved (the flag cannot turn it off, nor is it saved). */
  serverState?: boolean | undefined;
}

/** The settings a new session actually gets, and where the key came from. */
export interface EffectiveSettings {
  apiKey: string | null;
  apiKeySource: PublicSettings['api_key_source'];
  baseUrl: string | null;
  model: string;
  approvalPreset: ApprovalPreset;
  approvalPolicy: ApprovalPolicy;
  sandboxPolicy: SandboxPolicy;
  /** What sessions hide and pass through: the saved lists, with the command line's added. */
  hiddenPaths: string[];
  envPassthrough: string[];
  /** Whether sessions keep the conversation on the server: saved, or turned on for this run. */
  serverState: boolean;
  /** The saved values alone: what Settings shows and edits (a flag of this run is not the person's setting). */
  saved: { hiddenPaths: string[]; envPassthrough: string[]; serverState: boolean; theme: SavedSettings['theme']; notifications: boolean };
}

/**
 * Saved settings over the environment over defaults, with the command line over all. The key is the
 * exception the command line cannot touch: a key saved in the app wins over OPENAI_API_KEY, because the
 * person entered it in the app on purpose.
 */
export function effectiveSettings(saved: SavedSettings, env: NodeJS.ProcessEnv, overrides: SessionOverrides = {}): EffectiveSettings {
  const envKey = env.OPENAI_API_KEY?.trim() || null;
  const preset = saved.approvalPreset ?? DEFAULT_APPROVAL_PRESET;
  const policies = policiesForPreset(preset);
  return {
    apiKey: saved.apiKey ?? envKey,
    apiKeySource: saved.apiKey ? 'settings' : envKey ? 'environment' : 'none',
    baseUrl: overrides.baseUrl || saved.baseUrl || env.OPENAI_BASE_URL || null,
    model: overrides.model || saved.model || env.TANDEM_MODEL || DEFAULT_MODEL,
    approvalPreset: preset,
    approvalPolicy: overrides.approvalPolicy ?? policies.approvalPolicy,
    sandboxPolicy: overrides.sandboxPolicy ?? policies.sandboxPolicy,
    // The command line adds to the lists rather than replacing them: a flag never un-hides a saved place.
    hiddenPaths: uniqueEntries(saved.hiddenPaths, overrides.hiddenPaths),
    envPassthrough: uniqueEntries(saved.envPassthrough, overrides.envPassthrough),
    serverState: overrides.serverState === true || saved.serverState,
    saved: { hiddenPaths: saved.hiddenPaths, envPassthrough: saved.envPassthrough, serverState: saved.serverState, theme: saved.theme, notifications: saved.notifications },
  };
}

/**
 * The places every session hides whatever Settings say, written as a person would (`~/.ssh`): the built-in
 * secret places, and Tandem's own folders (this host's home, and the default one sessions also hide).
 */
export function builtinHiddenPaths(tandemHome: string, homeDir: string): string[] {
  const shown = (location: string) => {
    const absolute = path.resolve(location);
    return isSameOrInside(absolute, homeDir) && absolute !== path.resolve(homeDir) ? `~/${path.relative(homeDir, absolute)}` : absolute;
  };
  return uniqueEntries(
    DEFAULT_SECRET_LOCATIONS.map((location) => `~/${location}`),
    [shown(tandemHome), shown(path.join(homeDir, '.tandem'))],
  );
}

export function publicSettings(settings: EffectiveSettings, builtinHidden: readonly string[]): PublicSettings {
  return {
    has_api_key: settings.apiKey !== null,
    api_key_source: settings.apiKeySource,
    base_url: settings.baseUrl,
    model: settings.model,
    approval_preset: settings.approvalPreset,
    hidden_paths: settings.saved.hiddenPaths,
    env_passthrough: settings.saved.envPassthrough,
    builtin_hidden_paths: [...builtinHidden],
    server_state: settings.saved.serverState,
    theme: settings.saved.theme,
    notifications: settings.saved.notifications,
  };
}
