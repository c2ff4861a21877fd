import type { SandboxPolicy } from '../../shared/protocol/index.js';
import { bwrapArgv } from './bwrap.js';
import { detectedBwrapExecutable } from './detect.js';
import type { SandboxHiding } from './hidden.js';
import type { SandboxKind } from './kind.js';
import { seatbeltArgv } from './seatbelt.js';

export interface SandboxWrapOptions {
  policy: SandboxPolicy;
  kind: SandboxKind;
  /** The folder the command runs in. Never a writable root by itself. */
  cwd: string;
  /** The session's project folder: always writable under workspace-write. */
  workspace: string;
  /** Extra writable roots the person added for workspace-write. */
  writableRoots: string[];
  /** The command's $TMPDIR (writable under workspace-write, like /tmp). */
  tmpdir?: string | undefined;
  /** Secret places and Tandem's own folder, hidden from the command. */
  hiding?: SandboxHiding | undefined;
}

/** True when a command under this policy on this machine actually runs inside a sandbox. */
export function isSandboxed(policy: SandboxPolicy, kind: SandboxKind): boolean {
  return kind !== 'none' && policy.mode !== 'danger-full-access';
}

/** The argv that runs `argv` confined by `policy`; unchanged when there is nothing to confine with or to. */
export function wrapForSandbox(argv: string[], options: SandboxWrapOptions): string[] {
  if (!isSandboxed(options.policy, options.kind)) return argv;
  switch (options.kind) {
    case 'bwrap':
      return bwrapArgv(argv, { ...options, executable: detectedBwrapExecutable() });
    case 'seatbelt':
      return seatbeltArgv(argv, options);
    case 'none':
      return argv;
  }
}
