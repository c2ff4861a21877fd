import path from 'node:path';
import type { ApprovalPreset, FixedSetting, PublicSettings } from '../../../shared/host/contract.js';
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
  /** What this run's flags fix, whatever is saved: Settings show these read-only and never save them. */
  fixed: PublicSettings['fixed'];
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
  const savedPreset = saved.approvalPreset ?? DEFAULT_APPROVAL_PRESET;
  const policies = policiesForPreset(savedPreset);
  const approvalPolicy = overrides.approvalPolicy ?? policies.approvalPolicy;
  const sandboxPolicy = overrides.sandboxPolicy ?? policies.sandboxPolicy;
  const flagged = overrides.approvalPolicy !== undefined || overrides.sandboxPolicy !== undefined;
  // Under -a or -s the preset shown is the one the flags amount to, when they amount to one.
  const preset = flagged ? (presetOfPolicies(approvalPolicy, sandboxPolicy) ?? savedPreset) : savedPreset;
  return {
    apiKey: saved.apiKey ?? envKey,
    apiKeySource: saved.apiKey ? 'settings' : envKey ? 'environment' : 'none',
    baseUrl: overrides.baseUrl || saved.baseUrl || env.OPENAI_BASE_URL || null,
    model: overrides.model || saved.model || env.TANDEM_MODEL || DEFAULT_MODEL,
    approvalPreset: preset,
    approvalPolicy,
    sandboxPolicy,
    // The command line adds to the lists rather than replacing them: a flag never un-hides a saved place.
    hiddenPaths: uniqueEntries(saved.hiddenPaths, overrides.hiddenPaths),
    envPassthrough: uniqueEntries(saved.envPassthrough, overrides.envPassthrough),
    serverState: overrides.serverState === true || saved.serverState,
    fixed: fixedByFlags(overrides, approvalPolicy, sandboxPolicy),
    saved: { hiddenPaths: saved.hiddenPaths, envPassthrough: saved.envPassthrough, serverState: saved.serverState, theme: saved.theme, notifications: saved.notifications },
  };
}

const PRESETS: readonly ApprovalPreset[] = ['ask', 'auto', 'full-access'];

function presetOfPolicies(approvalPolicy: ApprovalPolicy, sandboxPolicy: SandboxPolicy): ApprovalPreset | null {
  return (
    PRESETS.find((preset) => {
      const pair = policiesForPreset(preset);
      return pair.approvalPolicy === approvalPolicy && pair.sandboxPolicy.mode === sandboxPolicy.mode;
    }) ?? null
  );
}

/** The settings this run's flags fix, each with why, as Settings say it next to the value. */
function fixedByFlags(overrides: SessionOverrides, approvalPolicy: ApprovalPolicy, sandboxPolicy: SandboxPolicy): PublicSettings['fixed'] {
  const restart = 'Start Tandem without it to use the value saved here.';
  const fixed: { base_url?: FixedSetting; model?: FixedSetting; approval_preset?: FixedSetting } = {};
  if (overrides.baseUrl) fixed.base_url = { by: 'flag', reason: `Set for this run by --base-url ${overrides.baseUrl}. ${restart}` };
  if (overrides.model) fixed.model = { by: 'flag', reason: `Set for this run by -m ${overrides.model}. ${restart}` };
  if (overrides.approvalPolicy !== undefined || overrides.sandboxPolicy !== undefined) {
    const flags = [
      ...(overrides.approvalPolicy !== undefined ? [`-a ${approvalPolicy}`] : []),
      ...(overrides.sandboxPolicy !== undefined ? [`-s ${sandboxPolicy.mode}`] : []),
    ].join(' ');
    const preset = presetOfPolicies(approvalPolicy, sandboxPolicy);
    const amounts = preset === null ? `, which is none of the three presets (-a ${approvalPolicy} -s ${sandboxPolicy.mode})` : '';
    fixed.approval_preset = { by: 'flag', reason: `Set for this run by ${flags}${amounts}. ${restart}` };
  }
  return fixed;
}

/**
 * A patch from Settings without the values this run's flags fix, when it only repeats them: a window that
 * shows the flag's value must not make it the saved one. A different value is the person's, and is saved for
 * later runs.
 */
export function withoutFlagValues<P extends { base_url?: string | null | undefined; model?: string | undefined; approval_preset?: ApprovalPreset | undefined }>(
  patch: P,
  settings: EffectiveSettings,
): P {
  const next = { ...patch };
  if (settings.fixed.base_url && next.base_url !== undefined && next.base_url === settings.baseUrl) delete next.base_url;
  if (settings.fixed.model && next.model !== undefined && next.model === settings.model) delete next.model;
  if (settings.fixed.approval_preset && next.approval_preset !== undefined && next.approval_preset === settings.approvalPreset) delete next.approval_preset;
  return next;
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
    fixed: settings.fixed,
  };
}
