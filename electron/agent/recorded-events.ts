import type { EventMsg } from '../../shared/protocol/index.js';

/**
 * The events a session file keeps so a window can redraw the conversation: everything that changes what
 * is on screen once settled. Deltas are left out (the finished item follows), and so are requests for
 * approval (a resumed session has none pending) and the reconnect notices.
 */
export function isRecordedEvent(msg: EventMsg): boolean {
  switch (msg.type) {
    case 'agent_message_delta':
    case 'agent_reasoning_delta':
    case 'exec_command_output_delta':
    case 'exec_approval_request':
    case 'apply_patch_approval_request':
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
    case 'thread_rolled_back':
    case 'turn_aborted':
    case 'task_complete':
      return true;
  }
}
