// A saved Tandem session of many cells, written with Tandem's own session recorder (out/electron/store), so the
// window benchmark can open it the way a person resumes a long conversation.
import { SessionRecorder } from '../../out/electron/store/index.js';

export const BIG_SESSION_TITLE = 'bench session with 10,000 cells';

/**
 * Writes turns of three cells each (the request, a command with a few lines of output, the answer, in
 * Markdown with a code block every tenth turn) until there are at least `cells` cells. Returns the id.
 */
export function writeBigSession(home, cwd, cells) {
  const recorder = SessionRecorder.create(home, {
    cwd,
    model: 'gpt-5-codex',
    approval_policy: 'untrusted',
    sandbox_policy: { mode: 'workspace-write' },
  });
  const turns = Math.ceil(cells / 3);
  const event = (msg) => recorder.record({ type: 'event', msg });
  const item = (value) => recorder.record({ type: 'response_item', item: value });
  for (let t = 0; t < turns; t++) {
    const request = t === 0 ? BIG_SESSION_TITLE : `Turn ${t}: look at src/module${t % 50}.ts and tell me what it exports.`;
    const command = ['bash', '-c', `grep -n export src/module${t % 50}.ts`];
    const output = `3:export function part${t}() {\n9:export const LIMIT_${t} = ${t * 7};\n14:export type Shape${t} = { id: string };\n`;
    const code = t % 10 === 0 ? `\n\n\`\`\`ts\nexport function part${t}(input: string): number {\n  return input.length * ${t};\n}\n\`\`\`` : '';
    const answer = `The module exports **part${t}**, the constant \`LIMIT_${t}\` and the type \`Shape${t}\`. Nothing else is public; the rest are helpers used by \`part${t}\`.${code}`;
    const callId = `call_${t}`;
    event({ type: 'task_started', model_context_window: 272000 });
    event({ type: 'user_message', message: request });
    item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: request }] });
    item({ type: 'function_call', name: 'shell_command', arguments: JSON.stringify({ command: command[2] }), call_id: callId });
    event({ type: 'exec_command_begin', call_id: callId, command, cwd });
    event({ type: 'exec_command_end', call_id: callId, command, cwd, stdout: output, stderr: '', aggregated_output: output, exit_code: 0, duration_ms: 12, formatted_output: `Exit code: 0\nWall time: 0.0 seconds\nOutput:\n${output}` });
    item({ type: 'function_call_output', call_id: callId, output: `Exit code: 0\nWall time: 0.0 seconds\nOutput:\n${output}` });
    event({ type: 'agent_message', message: answer });
    item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answer }] });
    event({ type: 'task_complete', last_agent_message: answer });
  }
  recorder.close();
  return { sessionId: recorder.sessionId, cells: turns * 3 };
}
