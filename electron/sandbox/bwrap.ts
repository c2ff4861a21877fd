import path from 'node:path';
import type { SandboxHiding } from './hidden.js';
import { hiddenLocations, listeningSocketPaths } from './hidden.js';
import type { WritableRootsInput } from './roots.js';
import { allowsNetwork, isSameOrInside, writableRootsFor } from './roots.js';
import { printfEscaped, unixSocketFilter } from './seccomp.js';

export interface BwrapWrapOptions extends WritableRootsInput {
  /** Absolute path of the bwrap binary found by detectSandbox. */
  executable: string;
  /** The folder the command starts in; anywhere readable (it is never made writable by being named here). */
  cwd: string;
  hiding?: SandboxHiding | undefined;
}

/**
 * bwrap's argv for running `argv` under a read-only view of the whole filesystem, with the session's
 * writable roots bound writable on top, each root's .git read-only again on top of that, and then the
 * secret locations and unix sockets covered (mount order is the override order, so nothing a root
 * bind brings back, such as a socket in /tmp, escapes the covering).
 *
 * --unshare-pid with --die-with-parent is what lets the caller's process-group kill reach everything:
 * killing bwrap (the group leader the caller spawned) kills the namespace's init, and the kernel then
 * kills every process in the namespace, even ones that left the group with setsid. --new-session keeps
 * a sandboxed command from reaching the terminal Tandem may have been started from (TIOCSTI).
 * Without network, --unshare-net also takes the abstract unix sockets (X11's, some D-Bus buses) away:
 * their namespace is the network namespace's.
 */
export function bwrapArgv(argv: readonly string[], options: BwrapWrapOptions): string[] {
  const args = [options.executable, '--new-session', '--die-with-parent', '--unshare-pid'];
  const network = allowsNetwork(options.policy);
  if (!network) args.push('--unshare-net');
  const filter = network ? unixSocketFilter() : null;
  if (filter) args.push('--seccomp', String(SECCOMP_FD));
  args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc');

  const workspace = path.resolve(options.workspace);
  const roots = writableRootsFor(options);
  for (const root of roots) {
    // A missing extra root (a stale $TMPDIR, say) has nothing to protect or expose: skip it rather than fail.
    args.push(root === workspace ? '--bind' : '--bind-try', root, root);
  }
  for (const root of roots) {
    const git = path.join(root, '.git');
    args.push('--ro-bind-try', git, git);
  }
  args.push(...coveringArgs(options.hiding ?? {}, workspace, [workspace, ...options.writableRoots]));
  args.push('--chdir', path.resolve(options.cwd), '--', ...argv);
  if (!filter) return args;
  // bwrap reads the filter from a descriptor. bash hands it one on a pipe from printf, so no file that a
  // command could replace between runs (anything under /tmp is writable to them) ever holds it.
  return ['/bin/bash', '-c', `exec "$@" ${SECCOMP_FD}< <(printf %b "$0")`, printfEscaped(filter), ...args];
}

/** The descriptor bwrap reads the seccomp filter from. */
const SECCOMP_FD = 3;

/**
 * Covers secret folders with an empty tmpfs, secret files and listening unix sockets with /dev/null.
 * `keep` are the folders whose own sockets stay reachable (the project, the roots the person added).
 */
export function coveringArgs(hiding: SandboxHiding, workspace: string, keep: readonly string[]): string[] {
  const args: string[] = [];
  const hidden = hiddenLocations(hiding, workspace);
  for (const location of hidden) {
    if (location.kind === 'folder') args.push('--tmpfs', location.path);
    // --dev-bind: a device bound without it may not be opened (EACCES), and "Permission denied" would read as
    // the sandbox's doing and offer a re-run outside it, where the file is there. This reads as empty.
    else args.push('--dev-bind', '/dev/null', location.path);
  }
  const hiddenFolders = hidden.filter((location) => location.kind === 'folder').map((location) => location.path);
  for (const socket of listeningSocketPaths(keep)) {
    if (hiddenFolders.some((folder) => isSameOrInside(socket, folder))) continue;
    args.push('--ro-bind', '/dev/null', socket);
  }
  return args;
}
