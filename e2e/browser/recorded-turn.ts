import type { SessionRecorder } from '../../electron/store/index.js';

export interface CommandTurn {
  request: string;
  /** The command as exec_command_begin names it; its third word is what the model asked to run. */
  command: string[];
  cwd: string;
  callId: string;
  output: string;
  /** What the model is given back for the command; the output itself unless told. */
  formatted?: string;
  answer: string;
}

/**
 * Records one whole turn (a request, one command with its output, the answer) with Tandem's own recorder, as
 * a session that really ran writes it: the events a window redraws and the items the model sees again.
 */
export function recordCommandTurn(recorder: SessionRecorder, turn: CommandTurn): void {
  const { request, command, cwd, callId, output, answer } = turn;
  const formatted = turn.formatted ?? output;
  const event = (msg: object) => recorder.record({ type: 'event', msg } as Parameters<SessionRecorder['record']>[0]);
  const item = (value: object) => recorder.record({ type: 'response_item', item: value } as Parameters<SessionRecorder['record']>[0]);
  event({ type: 'task_started', model_context_window: 272000 });
  event({ type: 'user_message', message: request });
  item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: request }] });
  item({ type: 'function_call', name: 'shell_command', arguments: JSON.stringify({ command: command[2] }), call_id: callId });
  event({ type: 'exec_command_begin', call_id: callId, command, cwd });
  event({ type: 'exec_command_end', call_id: callId, command, cwd, stdout: output, stderr: '', aggregated_output: output, exit_code: 0, duration_ms: 12, formatted_output: formatted });
  item({ type: 'function_call_output', call_id: callId, output: formatted });
  event({ type: 'agent_message', message: answer });
  item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answer }] });
  event({ type: 'task_complete', last_agent_message: answer });
}
