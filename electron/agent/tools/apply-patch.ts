import path from 'node:path';
import { APPLY_PATCH_GRAMMAR, APPLY_PATCH_TOOL_DESCRIPTION, applyPlan, changesForEvent, isPathWithinRoots, parsePatch, patchPaths, planPatch } from '../../patch/index.js';
import type { ApprovalPolicy, SandboxPolicy } from '../../../shared/protocol/index.js';
import type { ToolContext } from './context.js';
import type { CustomToolSpec } from './spec.js';

export const PATCH_REJECTED_BY_USER = 'patch rejected by user';

export const applyPatchSpec: CustomToolSpec = {
  type: 'custom',
  name: 'apply_patch',
  description: APPLY_PATCH_TOOL_DESCRIPTION,
  format: { type: 'grammar', syntax: 'lark', definition: APPLY_PATCH_GRAMMAR },
};

/** What to do with a verified patch before it is written. */
export type PatchAssessment = { kind: 'apply' } | { kind: 'ask'; reason: string | null } | { kind: 'reject'; reason: string };

/**
 * Section 5 of the agent reference for patches: inside the writable roots they apply without asking under
 * on-request and on-failure, `untrusted` always asks, anything outside the roots asks, and `never` rejects
 * what it cannot allow. Files approved for the session never ask again.
 */
export function assessPatch(facts: {
  approvalPolicy: ApprovalPolicy;
  sandboxPolicy: SandboxPolicy;
  insideRoots: boolean;
  /** Some file is in a `.git` folder, where config and hooks name programs git runs. */
  intoGitFolder?: boolean;
  allApprovedForSession: boolean;
}): PatchAssessment {
  if (facts.allApprovedForSession) return { kind: 'apply' };
  const writable = facts.sandboxPolicy.mode === 'danger-full-access' || (facts.sandboxPolicy.mode === 'workspace-write' && facts.insideRoots);
  const outside = facts.intoGitFolder
    ? "The patch writes into a .git folder (git's config and hooks), which is outside the project folder's writable files."
    : 'The patch writes outside the project folder.';
  const reason = facts.sandboxPolicy.mode === 'read-only' ? 'The sandbox is read-only.' : facts.insideRoots ? null : outside;
  switch (facts.approvalPolicy) {
    case 'untrusted':
      return { kind: 'ask', reason };
    case 'on-failure':
    case 'on-request':
      return writable ? { kind: 'apply' } : { kind: 'ask', reason };
    case 'never':
      return writable ? { kind: 'apply' } : { kind: 'reject', reason: reason ?? 'The patch is not allowed under this sandbox.' };
  }
}

/** Verifies, approves and applies one patch; returns what the model reads. Nothing is written unless all of it applies. */
export async function runApplyPatch(ctx: ToolContext, callId: string, patchText: string, workdir?: string): Promise<string> {
  const cwd = workdir ? path.resolve(ctx.settings.cwd, workdir) : ctx.settings.cwd;
  const parsed = parsePatch(patchText);
  if (!parsed.ok) return `apply_patch verification failed: ${parsed.error}`;
  const planned = await planPatch(parsed.hunks, cwd);
  if (!planned.ok) return `apply_patch verification failed: ${planned.error}`;
  const { plan } = planned;
  const changes = changesForEvent(plan, cwd);
  const files = patchPaths(plan);
  const roots = [ctx.settings.cwd, ...ctx.writableRoots];
  const inside = await Promise.all(files.map((file) => isPathWithinRoots(file, roots)));

  const assessment = assessPatch({
    approvalPolicy: ctx.settings.approvalPolicy,
    sandboxPolicy: ctx.settings.sandboxPolicy,
    insideRoots: inside.every(Boolean),
    intoGitFolder: files.some((file) => file.split(path.sep).includes('.git')),
    allApprovedForSession: files.every((file) => ctx.approvedPatchFiles.has(file)),
  });
  let autoApproved = true;
  switch (assessment.kind) {
    case 'reject':
      return `patch rejected: ${assessment.reason}`;
    case 'apply':
      break;
    case 'ask': {
      autoApproved = false;
      const answer = ctx.approvals.wait('patch', callId, ctx.signal);
      ctx.emit({ type: 'apply_patch_approval_request', call_id: callId, changes, cwd, reason: assessment.reason, grant_root: null });
      switch (await answer) {
        case 'approved':
          break;
        case 'approved_for_session':
          for (const file of files) ctx.approvedPatchFiles.add(file);
          break;
        case 'denied':
          return PATCH_REJECTED_BY_USER;
        case 'abort':
          ctx.abortTurn();
          return PATCH_REJECTED_BY_USER;
      }
    }
  }

  await ctx.beforeChange();
  ctx.emit({ type: 'patch_apply_begin', call_id: callId, auto_approved: autoApproved, changes });
  // What every touched path held before the patch (move targets included), for the turn's diff.
  for (const snapshot of plan.snapshots) {
    ctx.notePatchedFile(snapshot.path, snapshot.bytes ? Buffer.from(snapshot.bytes).toString('utf8') : null);
  }
  const applied = await applyPlan(plan);
  const output = applied.ok ? applied.summary : `apply_patch verification failed: ${applied.error}`;
  ctx.emit({
    type: 'patch_apply_end',
    call_id: callId,
    stdout: applied.ok ? applied.summary : '',
    stderr: applied.ok ? '' : applied.error,
    success: applied.ok,
  });
  return output;
}
