import { z } from 'zod';
import { APPROVAL_POLICIES, SANDBOX_MODES } from './policy-names.js';

export { APPROVAL_POLICIES, SANDBOX_MODES, sandboxPolicyFromMode } from './policy-names.js';

/** When the agent stops to ask the person before running something (Codex: AskForApproval). */
export const ApprovalPolicy = z.enum(APPROVAL_POLICIES);
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

/** What commands may touch (Codex: SandboxPolicy, tagged by `mode`). */
export const SandboxPolicy = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('read-only') }),
  z.object({
    mode: z.literal('workspace-write'),
    writable_roots: z.array(z.string()).optional(),
    network_access: z.boolean().optional(),
  }),
  z.object({ mode: z.literal('danger-full-access') }),
]);
export type SandboxPolicy = z.infer<typeof SandboxPolicy>;
export type SandboxMode = SandboxPolicy['mode'];
export const SandboxMode = z.enum(SANDBOX_MODES);

export const ReasoningEffort = z.enum(['minimal', 'low', 'medium', 'high']);
export type ReasoningEffort = z.infer<typeof ReasoningEffort>;

/** The person's answer to an approval request (Codex: ReviewDecision). */
export const ReviewDecision = z.enum(['approved', 'approved_for_session', 'denied', 'abort']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;
