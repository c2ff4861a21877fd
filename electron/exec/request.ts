import type { SandboxPolicy } from '../../shared/protocol/index.js';
import type { SandboxHiding, SandboxKind } from '../sandbox/index.js';

export type OutputStream = 'stdout' | 'stderr';

/** One command to run, already chosen and approved by the caller. */
export interface ExecRequest {
  /** What to run, e.g. ['bash', '-c', 'npm test']; spawned directly, no extra shell. */
  argv: string[];
  cwd: string;
  timeoutMs: number;
  /** The child's whole environment (see commandEnvironment). */
  env: Record<string, string>;
  sandbox: SandboxPolicy;
  /** From detectSandbox(); 'none' runs the command unsandboxed whatever the policy. */
  sandboxKind: SandboxKind;
  /**
   * The session's project folder, always writable under workspace-write. The command's own `cwd` may be
   * elsewhere (an approved workdir) and is never writable for being its folder.
   */
  workspace: string;
  /** Extra writable roots the person added, under workspace-write. */
  writableRoots: string[];
  /** Secret places hidden from sandboxed commands (the defaults always are). */
  hiding?: SandboxHiding | undefined;
  /** Interrupt: kills the command's whole process group at once. */
  signal?: AbortSignal;
  /** Live output, coalesced into batches and capped in number (see LiveOutput). */
  onOutput?: (stream: OutputStream, chunk: string) => void;
}

export interface ExecResult {
  /** 124 on timeout; 128 + signal number when a signal ended the command. */
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in arrival order; prefixed with the timeout notice on timeout. */
  aggregatedOutput: string;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
  sandboxed: boolean;
  /** Output bytes beyond the capture caps, counted but not kept. */
  droppedBytes: number;
  /** Lines of the whole interleaved output, dropped bytes included. */
  outputLines: number;
}
