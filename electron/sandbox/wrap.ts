import type { SandboxPolicy } from '../../shared/protocol/index.js';
import { bwrapArgv } from './bwrap.js';
import { detectedBwrapExecutable } from './detect.js';
import type { SandboxKind } from './kind.js';
import { seatbeltArgv } from './seatbelt.js';

export interface SandboxWrapOptions {
  policy: SandboxPolicy;
  kind: SandboxKind;
  cwd: string;
  /** Extra writable roots for workspace-write; cwd is always writable there. */
  writableRoots: string[];
  /** The command's $TMPDIR (writable under workspace-write, like /tmp). */
  tmpdir?: string | undefined;
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
