// The fake model's side of a benchmark: how each agent is asked to run a command, and reading what it sent back.
import { functionCall, message, reply } from '../../out/e2e/fake-model-server/index.js';

export { message, reply };

/**
 * A model's request to run a shell command line, in each agent's own tool: Tandem offers `shell_command
 * {command}`, the Codex CLI (for gpt-5-codex) `exec_command {cmd}`. Both run the line with the user's shell.
 */
export function runCommand(agent, command, callId) {
  return agent === 'tandem' ? functionCall('shell_command', { command }, callId) : functionCall('exec_command', { cmd: command }, callId);
}

export function lastInputItem(request) {
  const input = request.body.input;
  return Array.isArray(input) ? input.at(-1) : undefined;
}

/** The text of a function_call_output, whichever shape the agent sent (a string or content parts). */
export function outputText(item) {
  const output = item?.output;
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return output.map((part) => part?.text ?? '').join('');
  if (output && typeof output === 'object' && typeof output.content === 'string') return output.content;
  return '';
}

/** The call id whose output this request carries, when its last item is a tool output. */
export function answeredCallId(request) {
  const last = lastInputItem(request);
  return last?.type === 'function_call_output' ? last.call_id : undefined;
}

/** The text of the last item when it is a user message (the task, or a compaction prompt). */
export function userText(item) {
  if (item?.type !== 'message' || item.role !== 'user') return undefined;
  const content = item.content;
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((part) => part?.text ?? '').join('') : undefined;
}
