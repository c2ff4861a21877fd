import type { EventMsg } from '../../shared/protocol/index.js';

/**
 * The events a session file keeps so a window can redraw the conversation: everything that changes what
 * is on screen once settled, approval requests and the person's answers included. Deltas are left out (the
 * finished item follows, and a stopped command's end carries its output), and so are the reconnect notices.
 */
export function isRecordedEvent(msg: EventMsg): boolean {
  switch (msg.type) {
    case 'agent_message_delta':
    case 'agent_reasoning_delta':
    case 'exec_command_output_delta':
    case 'stream_error':
    case 'session_configured':
    case 'shutdown_complete':
      return false;
    case 'task_started':
    case 'user_message':
    case 'agent_message':
    case 'agent_reasoning':
    case 'exec_command_begin':
    case 'exec_command_end':
    case 'exec_approval_request':
    case 'apply_patch_approval_request':
    case 'approval_decision':
    case 'patch_apply_begin':
    case 'patch_apply_end':
    case 'turn_diff':
    case 'plan_update':
    case 'token_count':
    case 'error':
    case 'warning':
    case 'background_event':
    case 'context_compacted':
    case 'undo_started':
    case 'undo_completed':
    case 'file_reverted':
    case 'thread_rolled_back':
    case 'turn_aborted':
    case 'task_complete':
      return true;
  }
}
