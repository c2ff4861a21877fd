import type { ApprovalPolicy, SandboxPolicy } from '../../../shared/protocol/index.js';

/** What to do with a command before it runs. */
export type ExecAssessment =
  | { kind: 'run'; sandboxed: boolean }
  | { kind: 'ask'; reason: string | null }
  | { kind: 'reject'; reason: string };

export interface ExecFacts {
  /** The command's folder (its `workdir`) lies outside the project and the roots the person added. */
  outsideWorkspace?: boolean | undefined;
  /** The command's folder, for the words of an ask or a refusal. */
  cwd?: string | undefined;
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
  // A workdir elsewhere is the person's call under every sandboxed preset, however harmless the command.
  if (facts.outsideWorkspace && !fullAccess) {
    const folder = facts.cwd ?? 'the requested folder';
    if (facts.approvalPolicy === 'never') {
      return { kind: 'reject', reason: `the working directory ${folder} is outside the project folder; under this approval policy commands run only inside it. Run the command from the project folder instead.` };
    }
    return { kind: 'ask', reason: `This command runs in ${folder}, outside the project folder.` };
  }
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
