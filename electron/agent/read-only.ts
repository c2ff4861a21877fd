import type { Op } from '../../shared/protocol/index.js';

/**
 * Whether an op would change the session (its file, its conversation, its folder or its settings). A session
 * opened read-only, to look at one that is open elsewhere, refuses these; it has no turn to interrupt, and
 * shutting it down writes nothing.
 */
function changesSession(op: Op): boolean {
  switch (op.type) {
    case 'user_input':
    case 'exec_approval':
    case 'patch_approval':
    case 'undo':
    case 'thread_rollback':
    case 'compact':
    case 'override_turn_context':
      return true;
    case 'interrupt':
    case 'shutdown':
      return false;
  }
}

/** The error a read-only session answers `op` with, or null when it may go ahead. */
export function readOnlyRefusal(op: Op): string | null {
  if (!changesSession(op)) return null;
  return `This session is open read-only: ${op.type} was refused. To continue the conversation, close it where it is open for writing, then open it again without read-only.`;
}

export const READ_ONLY_NOTICE = 'Opened read-only: the conversation is shown as saved, and nothing you send is taken.';
