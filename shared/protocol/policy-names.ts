import type { SandboxMode, SandboxPolicy } from './policy.js';

// The policies' names without zod, for the command line's flags: it checks them before it loads the protocol's
// schemas (policy.ts builds its enums from these).

export const APPROVAL_POLICIES = ['untrusted', 'on-failure', 'on-request', 'never'] as const;
export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;

export function sandboxPolicyFromMode(mode: SandboxMode): SandboxPolicy {
  return { mode } as SandboxPolicy;
}
