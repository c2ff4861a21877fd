import type { Event } from '../../shared/protocol/index.js';

/** Plain-text rendering of events for `tandem exec` without --json: progress on stderr, the answer on stdout. */
export function describeEventForHumans(event: Event, progress: NodeJS.WritableStream, answer: NodeJS.WritableStream): void {
  const { msg } = event;
  switch (msg.type) {
    case 'session_configured':
      progress.write(`tandem: ${msg.model} in ${msg.cwd} (approval ${msg.approval_policy}, sandbox ${msg.sandbox_policy.mode})\n`);
      break;
    case 'agent_message':
      answer.write(`${msg.message}\n`);
      break;
    case 'agent_reasoning':
      progress.write(`thinking: ${msg.text}\n`);
      break;
    case 'exec_command_begin':
      progress.write(`$ ${msg.command.at(-1) ?? ''}\n`);
      break;
    case 'exec_command_end':
      progress.write(`${msg.aggregated_output}${msg.aggregated_output.endsWith('\n') || !msg.aggregated_output ? '' : '\n'}(exit ${msg.exit_code}, ${(msg.duration_ms / 1000).toFixed(1)} s)\n`);
      break;
    case 'patch_apply_end':
      progress.write(`${msg.success ? msg.stdout : msg.stderr}\n`);
      break;
    case 'plan_update':
      progress.write(`plan:\n${msg.plan.map((item) => `  [${item.status === 'completed' ? 'x' : item.status === 'in_progress' ? '>' : ' '}] ${item.step}`).join('\n')}\n`);
      break;
    case 'stream_error':
    case 'warning':
    case 'background_event':
      progress.write(`${msg.type === 'warning' ? 'warning: ' : ''}${msg.message}\n`);
      break;
    case 'error':
      progress.write(`error: ${msg.message}\n`);
      break;
    case 'turn_aborted':
      progress.write('interrupted\n');
      break;
    default:
      break;
  }
}
