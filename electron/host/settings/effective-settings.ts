import type { ApprovalPreset, PublicSettings } from '../../../shared/host/contract.js';
import type { ApprovalPolicy, SandboxPolicy } from '../../../shared/protocol/index.js';
import { DEFAULT_MODEL } from '../../agent/config.js';
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
  };
}

export function publicSettings(settings: EffectiveSettings): PublicSettings {
  return {
    has_api_key: settings.apiKey !== null,
    api_key_source: settings.apiKeySource,
    base_url: settings.baseUrl,
    model: settings.model,
    approval_preset: settings.approvalPreset,
  };
}
