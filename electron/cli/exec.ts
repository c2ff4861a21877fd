import { text } from 'node:stream/consumers';
import type { Event } from '../../shared/protocol/index.js';
import { Session } from '../agent/session.js';
import type { SessionOptions } from '../agent/config.js';
import { exitAfterFlush, writeEventLine } from './output.js';
import { describeEventForHumans } from './human.js';

export interface ExecCommandOptions {
  json: boolean;
  session: SessionOptions;
}

async function readPrompt(prompt: string | undefined): Promise<string> {
  if (prompt && prompt !== '-') return prompt;
  if (process.stdin.isTTY && prompt !== '-') throw new Error('No prompt given: pass it as an argument, or pipe it on stdin with "-".');
  return (await text(process.stdin)).trim();
}

/** `tandem exec`: one task to completion. Exit status 0 when it completed without an error. */
export async function runExec(promptArg: string | undefined, options: ExecCommandOptions): Promise<void> {
  const prompt = await readPrompt(promptArg);
  if (!prompt) throw new Error('The prompt is empty.');
  const session = await Session.create(options.session);
  const print = options.json ? writeEventLine : (event: Event) => describeEventForHumans(event, process.stderr, process.stdout);

  let interrupts = 0;
  process.on('SIGINT', () => {
    if (++interrupts > 1) process.exit(130);
    session.submit({ type: 'interrupt' });
  });

  const turnId = session.submit({ type: 'user_input', items: [{ type: 'text', text: prompt }] });
  let failed = false;
  let finished = false;
  for await (const event of session) {
    print(event);
    const { msg } = event;
    if (msg.type === 'error') failed = true;
    if (msg.type === 'exec_approval_request' || msg.type === 'apply_patch_approval_request') {
      // exec has no one to ask; the model is told no and goes on.
      if (!options.json) process.stderr.write('tandem exec cannot ask for approval, so the request was denied. Use `tandem proto` or the app to approve.\n');
      session.submit({ type: msg.type === 'exec_approval_request' ? 'exec_approval' : 'patch_approval', id: msg.call_id, decision: 'denied' });
    }
    if (event.id === turnId && (msg.type === 'task_complete' || msg.type === 'turn_aborted') && !finished) {
      finished = true;
      if (msg.type === 'turn_aborted') failed = true;
      session.submit({ type: 'shutdown' });
    }
  }
  exitAfterFlush(failed ? 1 : 0);
}
