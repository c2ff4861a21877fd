import path from 'node:path';
import type { WritableRootsInput } from './roots.js';
import { allowsNetwork, writableRootsFor } from './roots.js';

export interface BwrapWrapOptions extends WritableRootsInput {
  /** Absolute path of the bwrap binary found by detectSandbox. */
  executable: string;
}

/**
 * bwrap's argv for running `argv` under a read-only view of the whole filesystem, with the writable
 * roots bound writable on top and each root's .git bound read-only again on top of that (mount order
 * is the override order).
 *
 * --unshare-pid with --die-with-parent is what lets the caller's process-group kill reach everything:
 * killing bwrap (the group leader the caller spawned) kills the namespace's init, and the kernel then
 * kills every process in the namespace, even ones that left the group with setsid. --new-session keeps
 * a sandboxed command from reaching the terminal Tandem may have been started from (TIOCSTI).
 */
export function bwrapArgv(argv: readonly string[], options: BwrapWrapOptions): string[] {
  const args = [options.executable, '--new-session', '--die-with-parent', '--unshare-pid'];
  if (!allowsNetwork(options.policy)) args.push('--unshare-net');
  args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc');

  const cwd = path.resolve(options.cwd);
  const roots = writableRootsFor(options);
  for (const root of roots) {
    // A missing extra root (a stale $TMPDIR, say) has nothing to protect or expose: skip it rather than fail.
    args.push(root === cwd ? '--bind' : '--bind-try', root, root);
  }
  for (const root of roots) {
    const git = path.join(root, '.git');
    args.push('--ro-bind-try', git, git);
  }

  args.push('--chdir', cwd, '--', ...argv);
  return args;
}
