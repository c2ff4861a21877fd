import path from 'node:path';
import type { SandboxPolicy } from '../../shared/protocol/index.js';

export interface WritableRootsInput {
  policy: SandboxPolicy;
  /**
   * The session's project folder. Writable roots are built from it, never from the folder a command runs
   * in: a model's `workdir` must not be able to name a folder and so make it writable.
   */
  workspace: string;
  /** Roots the person added for the session (absolute). */
  writableRoots: string[];
  /** The command's $TMPDIR, writable like /tmp under workspace-write. */
  tmpdir?: string | undefined;
}

/**
 * The folders a workspace-write command may change: the project folder, the policy's and the person's
 * extra roots, /tmp and $TMPDIR. Absolute, normalized, without duplicates, project first. Empty for the
 * other modes, which grant either nothing or everything.
 */
export function writableRootsFor(input: WritableRootsInput): string[] {
  if (input.policy.mode !== 'workspace-write') return [];
  const workspace = path.resolve(input.workspace);
  const candidates = [workspace, ...(input.policy.writable_roots ?? []), ...input.writableRoots, '/tmp'];
  if (input.tmpdir) candidates.push(input.tmpdir);
  const roots: string[] = [];
  for (const candidate of candidates) {
    const root = path.resolve(workspace, candidate);
    if (!roots.includes(root)) roots.push(root);
  }
  return roots;
}

export function allowsNetwork(policy: SandboxPolicy): boolean {
  switch (policy.mode) {
    case 'read-only':
      return false;
    case 'workspace-write':
      return policy.network_access === true;
    case 'danger-full-access':
      return true;
  }
}

/** Whether `candidate` is `root` or lies below it (both absolute and normalized). */
export function isSameOrInside(candidate: string, root: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
