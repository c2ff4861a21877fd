import { describe, expect, it } from 'vitest';
import type { ApprovalPolicy } from '../../../shared/protocol/index.js';
import { assessExec, type ExecFacts } from './exec-policy.js';
import { assessPatch } from './apply-patch.js';

const facts = (overrides: Partial<ExecFacts>): ExecFacts => ({
  approvalPolicy: 'on-request',
  sandboxPolicy: { mode: 'workspace-write' },
  sandboxAvailable: true,
  knownSafe: false,
  dangerous: false,
  approvedForSession: false,
  escalationRequested: false,
  ...overrides,
});

describe('assessExec', () => {
  const policies: ApprovalPolicy[] = ['untrusted', 'on-failure', 'on-request', 'never'];

  it('runs known-safe commands in the sandbox under every policy', () => {
    for (const approvalPolicy of policies) expect(assessExec(facts({ approvalPolicy, knownSafe: true }))).toEqual({ kind: 'run', sandboxed: true });
  });

  it('decides unsafe commands by policy', () => {
    expect(assessExec(facts({ approvalPolicy: 'untrusted' })).kind).toBe('ask');
    expect(assessExec(facts({ approvalPolicy: 'on-failure' }))).toEqual({ kind: 'run', sandboxed: true });
    expect(assessExec(facts({ approvalPolicy: 'on-request' }))).toEqual({ kind: 'run', sandboxed: true });
    expect(assessExec(facts({ approvalPolicy: 'never' }))).toEqual({ kind: 'run', sandboxed: true });
  });

  it('treats commands as unsandboxed where no sandbox works: on-request and on-failure ask', () => {
    expect(assessExec(facts({ approvalPolicy: 'on-request', sandboxAvailable: false })).kind).toBe('ask');
    expect(assessExec(facts({ approvalPolicy: 'on-failure', sandboxAvailable: false })).kind).toBe('ask');
    expect(assessExec(facts({ approvalPolicy: 'never', sandboxAvailable: false }))).toEqual({ kind: 'run', sandboxed: false });
  });

  it('does not ask under full access except for escalation and force-deletes', () => {
    const full = { sandboxPolicy: { mode: 'danger-full-access' as const }, sandboxAvailable: false };
    expect(assessExec(facts({ ...full }))).toEqual({ kind: 'run', sandboxed: false });
    expect(assessExec(facts({ ...full, dangerous: true })).kind).toBe('ask');
    expect(assessExec(facts({ ...full, approvalPolicy: 'never', dangerous: true })).kind).toBe('run');
  });

  it('runs what the person approved for the session outside the sandbox', () => {
    expect(assessExec(facts({ approvalPolicy: 'untrusted', approvedForSession: true }))).toEqual({ kind: 'run', sandboxed: false });
  });

  it('asks on escalation with the model\'s justification', () => {
    expect(assessExec(facts({ escalationRequested: true, justification: 'needs npm registry' }))).toEqual({ kind: 'ask', reason: 'needs npm registry' });
  });
});

describe('assessPatch', () => {
  const base = { sandboxPolicy: { mode: 'workspace-write' as const }, insideRoots: true, allApprovedForSession: false };
  it('follows the policy table', () => {
    expect(assessPatch({ ...base, approvalPolicy: 'untrusted' }).kind).toBe('ask');
    expect(assessPatch({ ...base, approvalPolicy: 'on-request' }).kind).toBe('apply');
    expect(assessPatch({ ...base, approvalPolicy: 'on-failure' }).kind).toBe('apply');
    expect(assessPatch({ ...base, approvalPolicy: 'never' }).kind).toBe('apply');
    expect(assessPatch({ ...base, insideRoots: false, approvalPolicy: 'on-request' }).kind).toBe('ask');
    expect(assessPatch({ ...base, insideRoots: false, approvalPolicy: 'never' }).kind).toBe('reject');
    expect(assessPatch({ ...base, sandboxPolicy: { mode: 'read-only' }, approvalPolicy: 'on-request' }).kind).toBe('ask');
    expect(assessPatch({ ...base, insideRoots: false, allApprovedForSession: true, approvalPolicy: 'untrusted' }).kind).toBe('apply');
  });
});
