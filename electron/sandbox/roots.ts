import path from 'node:path';
import type { SandboxPolicy } from '../../shared/protocol/index.js';

export interface WritableRootsInput {
  policy: SandboxPolicy;
  cwd: string;
  writableRoots: string[];
  /** The command's $TMPDIR, writable like /tmp under workspace-write. */
  tmpdir?: string | undefined;
}

/**
 * The folders a workspace-write command may change: the project folder, the policy's and the caller's
 * extra roots, /tmp and $TMPDIR. Absolute, normalized, without duplicates, cwd first. Empty for the
 * other modes, which grant either nothing or everything.
 */
export function writableRootsFor(input: WritableRootsInput): string[] {
  if (input.policy.mode !== 'workspace-write') return [];
  const cwd = path.resolve(input.cwd);
  const candidates = [cwd, ...(input.policy.writable_roots ?? []), ...input.writableRoots, '/tmp'];
  if (input.tmpdir) candidates.push(input.tmpdir);
  const roots: string[] = [];
  for (const candidate of candidates) {
    const root = path.resolve(cwd, candidate);
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
