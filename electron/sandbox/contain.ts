import path from 'node:path';
import { coveringArgs } from './bwrap.js';
import { detectedBwrapExecutable } from './detect.js';
import { hiddenLocations } from './hidden.js';
import type { SandboxKind } from './kind.js';
import { SEATBELT_EXECUTABLE } from './kind.js';
import { seatbeltProfile } from './seatbelt.js';

/** What a program Tandem runs for itself (its own git) may change. */
export interface Containment {
  kind: SandboxKind;
  /** Where the program runs. */
  cwd: string;
  /** A work tree it may write, its .git excepted. */
  workTree?: string | undefined;
  /** Folders it may write whole (an object store, a private index's folder). */
  writable: readonly string[];
}

/**
 * The argv that runs one of Tandem's own programs with no network, no unix socket, none of the secret
 * places, and writes only where `containment` says. For Tandem's git: whatever a repository manages to
 * make it run (a hook, a filter it was not told of) is held to the same walls as a sandboxed command,
 * or tighter. Unchanged when there is no sandbox on this machine.
 */
export function containArgv(argv: readonly string[], containment: Containment): string[] {
  const workTree = containment.workTree ? path.resolve(containment.workTree) : undefined;
  const writable = containment.writable.map((folder) => path.resolve(folder));
  switch (containment.kind) {
    case 'bwrap': {
      const args = [detectedBwrapExecutable(), '--new-session', '--die-with-parent', '--unshare-pid', '--unshare-net'];
      args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc');
      if (workTree) args.push('--bind', workTree, workTree, '--ro-bind-try', path.join(workTree, '.git'), path.join(workTree, '.git'));
      // After the work tree's .git went read-only, so an object store inside it is writable again.
      for (const folder of writable) args.push('--bind', folder, folder);
      args.push(...coveringArgs({}, workTree ?? containment.cwd, []));
      args.push('--chdir', path.resolve(containment.cwd), '--', ...argv);
      return args;
    }
    case 'seatbelt': {
      const roots = workTree ? [workTree, ...writable] : writable;
      const hidden = hiddenLocations({}, workTree ?? containment.cwd);
      const params = roots.flatMap((root, i) => [
        `-DWRITABLE_ROOT_${i}=${root}`,
        // Only the work tree keeps its .git out of reach; the other roots are git's own folders.
        `-DWRITABLE_ROOT_${i}_GIT=${i === 0 && workTree ? path.join(root, '.git') : path.join(root, '.tandem-none')}`,
      ]);
      hidden.forEach((location, i) => params.push(`-DHIDDEN_${i}=${location.path}`));
      const profile = seatbeltProfile(roots.length, false, hidden.map((location) => location.kind));
      return [SEATBELT_EXECUTABLE, '-p', profile, ...params, '--', ...argv];
    }
    case 'none':
      return [...argv];
  }
}
