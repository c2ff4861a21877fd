import type { ApprovalPolicy, SandboxPolicy } from '../../../shared/protocol/index.js';

/** What to do with a command before it runs. */
export type ExecAssessment =
  | { kind: 'run'; sandboxed: boolean }
  | { kind: 'ask'; reason: string | null }
  | { kind: 'reject'; reason: string };

export interface ExecFacts {
  approvalPolicy: ApprovalPolicy;
  sandboxPolicy: SandboxPolicy;
  /** A working sandbox exists on this machine. */
  sandboxAvailable: boolean;
  knownSafe: boolean;
  dangerous: boolean;
  /** The person already said yes to this command in this folder for the session. */
  approvedForSession: boolean;
  /** The model asked to run outside the sandbox (on-request). */
  escalationRequested: boolean;
  justification?: string | null | undefined;
}

/**
 * Section 5 of the agent reference as one decision. A command the person approved runs outside the
 * sandbox, as they saw and allowed it; everything else runs contained whenever a sandbox applies.
 */
export function assessExec(facts: ExecFacts): ExecAssessment {
  const fullAccess = facts.sandboxPolicy.mode === 'danger-full-access';
  const contained = !fullAccess && facts.sandboxAvailable;
  if (facts.approvedForSession) return { kind: 'run', sandboxed: false };
  if (facts.dangerous && facts.approvalPolicy !== 'never') {
    return { kind: 'ask', reason: 'This command force-deletes files.' };
  }
  if (facts.knownSafe && !facts.escalationRequested) return { kind: 'run', sandboxed: contained };
  switch (facts.approvalPolicy) {
    case 'untrusted':
      return { kind: 'ask', reason: null };
    case 'on-failure':
      // Without a sandbox nothing would contain the command, so the person decides first.
      return contained || fullAccess ? { kind: 'run', sandboxed: contained } : { kind: 'ask', reason: 'No sandbox is available to contain this command.' };
    case 'on-request':
      if (facts.escalationRequested) return { kind: 'ask', reason: facts.justification ?? 'The agent asks to run this command outside the sandbox.' };
      return contained || fullAccess ? { kind: 'run', sandboxed: contained } : { kind: 'ask', reason: 'No sandbox is available to contain this command.' };
    case 'never':
      return { kind: 'run', sandboxed: contained };
  }
}

/** After a sandboxed command failed in a way that looks like the sandbox's doing: may we ask to re-run it outside? */
export function mayRetryWithoutSandbox(policy: ApprovalPolicy): boolean {
  return policy === 'on-failure' || policy === 'untrusted';
}

export function sessionApprovalKey(argv: string[], cwd: string): string {
  return JSON.stringify([cwd, ...argv]);
}
