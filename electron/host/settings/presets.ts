import type { ApprovalPreset } from '../../../shared/host/contract.js';
import type { ApprovalPolicy, SandboxPolicy } from '../../../shared/protocol/index.js';

/** The way of working a new home starts with: ask before anything not known to be safe. */
export const DEFAULT_APPROVAL_PRESET: ApprovalPreset = 'ask';

/** Each preset of the settings screen is a pair of Codex policies. */
export function policiesForPreset(preset: ApprovalPreset): { approvalPolicy: ApprovalPolicy; sandboxPolicy: SandboxPolicy } {
  switch (preset) {
    case 'ask':
      return { approvalPolicy: 'untrusted', sandboxPolicy: { mode: 'workspace-write' } };
    case 'auto':
      return { approvalPolicy: 'on-request', sandboxPolicy: { mode: 'workspace-write' } };
    case 'full-access':
      return { approvalPolicy: 'never', sandboxPolicy: { mode: 'danger-full-access' } };
  }
}
