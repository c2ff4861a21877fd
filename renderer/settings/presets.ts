import type { ApprovalPreset } from '../../shared/host/contract.js';
import type { ApprovalPolicy, SandboxPolicy } from '../../shared/protocol/index.js';

export interface PresetChoice {
  preset: ApprovalPreset;
  label: string;
  description: string;
  approvalPolicy: ApprovalPolicy;
  sandboxPolicy: SandboxPolicy;
}

/** The three ways of working offered in Settings, each a pair of Codex policies. */
export const presetChoices: readonly PresetChoice[] = [
  {
    preset: 'ask',
    label: 'Ask',
    description: 'Asks before running anything that is not known to be safe. Commands may write only in the project folder.',
    approvalPolicy: 'untrusted',
    sandboxPolicy: { mode: 'workspace-write' },
  },
  {
    preset: 'auto',
    label: 'Auto',
    description: 'Runs commands in the project folder without asking; asks when the agent wants to go beyond it.',
    approvalPolicy: 'on-request',
    sandboxPolicy: { mode: 'workspace-write' },
  },
  {
    preset: 'full-access',
    label: 'Full access',
    description: 'Never asks, and commands may change anything on this computer and use the network. Use with care.',
    approvalPolicy: 'never',
    sandboxPolicy: { mode: 'danger-full-access' },
  },
];

export const DEFAULT_PRESET: ApprovalPreset = 'ask';

export function presetChoice(preset: ApprovalPreset): PresetChoice {
  return presetChoices.find((choice) => choice.preset === preset) ?? (presetChoices[0] as PresetChoice);
}
