import type { EventMsg } from '../../../shared/protocol/index.js';
import type { TurnSettings } from '../config.js';
import type { PendingApprovals } from './approvals.js';
import type { SandboxHiding, SandboxKind } from '../../sandbox/index.js';

/** What a tool call may use of its session and turn. */
export interface ToolContext {
  readonly settings: TurnSettings;
  readonly emit: (msg: EventMsg) => void;
  readonly approvals: PendingApprovals;
  /** Commands (argv + cwd) and files the person approved for the rest of the session. */
  readonly approvedCommands: Set<string>;
  readonly approvedPatchFiles: Set<string>;
  /** Aborted when the turn is interrupted. */
  readonly signal: AbortSignal;
  /** Ends the turn as an interrupt would (the `abort` decision). */
  readonly abortTurn: () => void;
  readonly commandEnv: Promise<Record<string, string>>;
  readonly shellPath: string;
  readonly sandboxKind: SandboxKind;
  /** Roots the person added; the project folder (settings.cwd) is always writable under workspace-write. */
  readonly writableRoots: string[];
  /** What sandboxed commands must not see (Tandem's home, the person's extra secret places). */
  readonly hiding: SandboxHiding;
  readonly commandTimeoutMs: number;
  /** Files the turn changed through patches, with their content before the turn (for turn_diff outside git). */
  readonly notePatchedFile: (absPath: string, before: string | null) => void;
  /** Waits until the turn's snapshot exists; call before running anything that may change files. */
  readonly beforeChange: () => Promise<void>;
}
