import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { message, shellCommand, functionCall, localShellCall } from '../../e2e/fake-model-server/index.js';
import { SessionHarness } from './test-support/harness.js';
import type { HistoryItem } from './history/items.js';

let harness: SessionHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

type InputItem = HistoryItem & { call_id?: string; output?: string };
function inputOf(h: SessionHarness, index: number): InputItem[] {
  return h.server.requests[index]!.body.input as InputItem[];
}

describe('a turn', () => {
  it('streams a plain answer and ends with task_complete', async () => {
    harness = await SessionHarness.start({ script: [{ items: [message('Hello from the model, streamed in pieces.')], deltaChunks: 4 }] });
    harness.send('say hello');
    const done = await harness.waitFor('task_complete');
    expect(done.last_agent_message).toBe('Hello from the model, streamed in pieces.');
    const deltas = harness.of('agent_message_delta').map((m) => m.delta);
    expect(deltas).toHaveLength(4);
    expect(deltas.join('')).toBe('Hello from the model, streamed in pieces.');
    expect(harness.types()).toEqual(expect.arrayContaining(['session_configured', 'task_started', 'user_message', 'agent_message', 'token_count', 'task_complete']));
    expect(harness.types()[0]).toBe('session_configured');

    const body = harness.server.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'test-model', stream: true, store: false, tool_choice: 'auto', prompt_cache_key: harness.session.sessionId });
    const input = inputOf(harness, 0);
    expect(input[0]).toMatchObject({ type: 'message', role: 'developer' });
    expect(JSON.stringify(input[1])).toContain('<environment_context>');
    expect(input.at(-1)).toMatchObject({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'say hello' }] });
  });

  it('keeps the streamed text once in history and extends the same prefix on the next request', async () => {
    harness = await SessionHarness.start({ script: [{ items: [message('first answer')] }, { items: [message('second answer')] }] });
    harness.send('one');
    await harness.waitFor('task_complete');
    harness.send('two');
    await harness.waitFor('task_complete');
    const first = inputOf(harness, 0);
    const second = inputOf(harness, 1);
    expect(second.slice(0, first.length)).toEqual(first);
    expect(second.slice(first.length)).toEqual([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'first answer' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'two' }] },
    ]);
  });

  it('runs a tool call and sends its output paired with the call', async () => {
    harness = await SessionHarness.start({
      script: [{ items: [shellCommand('echo hi from the shell', { callId: 'call_echo' })] }, { items: [message('done')] }],
    });
    harness.send('run echo');
    await harness.waitFor('task_complete');
    const end = harness.of('exec_command_end')[0]!;
    expect(end).toMatchObject({ call_id: 'call_echo', exit_code: 0, stdout: 'hi from the shell\n' });
    const input = inputOf(harness, 1);
    const callIndex = input.findIndex((item) => item.type === 'function_call' && item.call_id === 'call_echo');
    expect(callIndex).toBeGreaterThan(0);
    expect(input[callIndex + 1]).toMatchObject({ type: 'function_call_output', call_id: 'call_echo' });
    expect(input[callIndex + 1]!.output).toMatch(/^Exit code: 0\nWall time: \d+\.\d seconds\nOutput:\nhi from the shell\n$/);
  });

  it('runs three calls of one response and returns their outputs in call order', async () => {
    harness = await SessionHarness.start({
      script: [
        {
          items: [
            shellCommand('sleep 0.3; echo one', { callId: 'c1' }),
            shellCommand('echo two', { callId: 'c2' }),
            shellCommand('echo three', { callId: 'c3' }),
          ],
        },
        { items: [message('all three ran')] },
      ],
    });
    harness.send('three things');
    await harness.waitFor('task_complete');
    const outputs = inputOf(harness, 1).filter((item) => item.type === 'function_call_output');
    expect(outputs.map((item) => item.call_id)).toEqual(['c1', 'c2', 'c3']);
    expect(outputs.map((item) => item.output!.split('\n').at(-2))).toEqual(['one', 'two', 'three']);
    expect(harness.of('exec_command_begin').map((m) => m.call_id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('accepts the older shell tool and local_shell_call items', async () => {
    harness = await SessionHarness.start({
      script: [
        { items: [functionCall('shell', { command: ['echo', 'from the array form'] }, 'c_shell'), localShellCall(['echo', 'from local shell'], { callId: 'c_local' })] },
        { items: [message('both ran')] },
      ],
    });
    harness.send('old forms');
    await harness.waitFor('task_complete');
    const outputs = inputOf(harness, 1).filter((item) => item.type === 'function_call_output');
    expect(outputs.map((item) => item.call_id)).toEqual(['c_shell', 'c_local']);
    expect(outputs[0]!.output).toContain('from the array form');
    expect(outputs[1]!.output).toContain('from local shell');
  });

  it('answers a call to an unknown tool and goes on', async () => {
    harness = await SessionHarness.start({
      script: [{ items: [functionCall('launch_rockets', { count: 3 }, 'c_unknown')] }, { items: [message('ok')] }],
    });
    harness.send('do something odd');
    await harness.waitFor('task_complete');
    expect(inputOf(harness, 1).find((item) => item.call_id === 'c_unknown' && item.type === 'function_call_output')?.output).toBe('unsupported call: launch_rockets');
  });

  it('tells the model when arguments are malformed', async () => {
    harness = await SessionHarness.start({
      script: [{ items: [functionCall('shell_command', '{"command": ', 'c_bad')] }, { items: [message('ok')] }],
    });
    harness.send('x');
    await harness.waitFor('task_complete');
    expect(inputOf(harness, 1).find((item) => item.type === 'function_call_output')?.output).toMatch(/^failed to parse function arguments/);
  });

  it('times a command out with exit code 124', async () => {
    harness = await SessionHarness.start({
      script: [{ items: [shellCommand('echo started; sleep 20', { timeout_ms: 300, callId: 'c_slow' })] }, { items: [message('it timed out')] }],
    });
    harness.send('slow');
    await harness.waitFor('task_complete');
    expect(harness.of('exec_command_end')[0]!.exit_code).toBe(124);
    const output = inputOf(harness, 1).find((item) => item.type === 'function_call_output')!.output!;
    expect(output).toMatch(/^Exit code: 124\n/);
    expect(output).toContain('command timed out after 300 milliseconds');
  });

  it('truncates a 100,000-line output once, keeping head and tail', async () => {
    harness = await SessionHarness.start({
      script: [{ items: [shellCommand('seq 1 100000', { callId: 'c_seq' })] }, { items: [message('long')] }, { items: [message('again')] }],
    });
    harness.send('count');
    await harness.waitFor('task_complete');
    harness.send('and again');
    await harness.waitFor('task_complete');
    const output = inputOf(harness, 1).find((item) => item.type === 'function_call_output')!.output!;
    expect(output).toContain('Total output lines: 100000');
    expect(output).toMatch(/Output:\n1\n2\n3\n/);
    expect(output.trimEnd().endsWith('99999\n100000')).toBe(true);
    expect(output).toMatch(/…\d+ tokens truncated…/);
    expect(output.match(/tokens truncated/g)).toHaveLength(1);
    expect(Buffer.byteLength(output)).toBeLessThan(41_000);
    // The next request carries exactly the same text: truncated once, not again.
    expect(inputOf(harness, 2).find((item) => item.type === 'function_call_output')!.output).toBe(output);
  });

  it('feeds input queued mid-turn to the model before its next request', async () => {
    harness = await SessionHarness.start({
      script: [{ items: [shellCommand('sleep 0.5; echo slept', { callId: 'c_sleep' })] }, { items: [message('saw the note')] }],
    });
    harness.send('start working');
    await harness.waitFor('exec_command_begin');
    harness.send('also: mind the tests');
    await harness.waitFor('task_complete');
    expect(harness.server.requests).toHaveLength(2);
    const second = inputOf(harness, 1);
    const outputIndex = second.findIndex((item) => item.type === 'function_call_output');
    expect(second.at(-1)).toMatchObject({ type: 'message', role: 'user', content: [{ text: 'also: mind the tests' }] });
    expect(second.length - 1).toBeGreaterThan(outputIndex);
    expect(harness.of('task_started')).toHaveLength(1);
  });

  it('answers input sent while a turn is wrapping up, in a turn of its own if need be', async () => {
    harness = await SessionHarness.start({
      script: [{ items: [message('first answer')] }, { items: [message('answer to the late note')] }],
    });
    harness.send('start');
    await harness.waitFor('agent_message');
    harness.send('late note');
    await harness.waitFor('task_complete', (m) => m.last_agent_message === 'answer to the late note');
    expect(JSON.stringify(harness.server.requests[1]!.body.input)).toContain('late note');
  });

  it('reports a missing API key as an error event and ends the turn', async () => {
    harness = await SessionHarness.start({ apiKey: undefined, env: {} });
    harness.send('hello');
    const error = await harness.waitFor('error');
    expect(error.message).toMatch(/No OpenAI API key/);
    await harness.waitFor('task_complete');
    expect(harness.server.requests).toHaveLength(0);
  });

  it('uses a key entered after the session opened', async () => {
    harness = await SessionHarness.start({ apiKey: undefined, env: {}, script: [{ items: [message('keyed')] }] });
    harness.send('first try');
    await harness.waitFor('error');
    harness.session.setModelCredentials({ apiKey: 'sk-later', baseUrl: harness.server.baseUrl });
    harness.send('second try');
    await harness.waitFor('task_complete', (m) => m.last_agent_message === 'keyed');
    expect(harness.server.requests[0]!.headers.authorization).toBe('Bearer sk-later');
  });

  it('records a plan update', async () => {
    harness = await SessionHarness.start({
      script: [
        { items: [functionCall('update_plan', { explanation: 'two steps', plan: [{ step: 'read', status: 'in_progress' }, { step: 'write', status: 'pending' }] })] },
        { items: [message('planned')] },
      ],
    });
    harness.send('plan it');
    const plan = await harness.waitFor('plan_update');
    expect(plan.plan).toEqual([{ step: 'read', status: 'in_progress' }, { step: 'write', status: 'pending' }]);
    await harness.waitFor('task_complete');
  });

  it('never passes the API key to commands', async () => {
    harness = await SessionHarness.start({
      apiKey: 'sk-secret-for-test',
      script: [{ items: [shellCommand('env', { callId: 'c_env' })] }, { items: [message('ok')] }],
    });
    harness.send('env');
    await harness.waitFor('task_complete');
    const output = harness.of('exec_command_end')[0]!.aggregated_output;
    expect(output).toContain('NO_COLOR=1');
    expect(output).not.toContain('sk-secret-for-test');
    expect(output).not.toContain('OPENAI_API_KEY');
  });

  it('reads AGENTS.md into the first request', async () => {
    harness = await SessionHarness.start({
      script: [{ items: [message('ok')] }],
      setup: (project) => writeFile(path.join(project, 'AGENTS.md'), 'Always run the linter.'),
    });
    harness.send('hi');
    await harness.waitFor('task_complete');
    const context = JSON.stringify(inputOf(harness, 0)[1]);
    expect(context).toContain('Always run the linter.');
    expect(context).toContain('<environment_context>');
  });
});

describe('a session that cannot be locked', () => {
  it('opens all the same and, when its first message saves it, says in a warning what that risks', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'tandem-unlockable-'));
    try {
      // A file where the locks folder should be: no lock can be taken there.
      await mkdir(path.join(home, 'sessions'), { recursive: true });
      await writeFile(path.join(home, 'sessions', 'locks'), 'not a folder\n');
      harness = await SessionHarness.start({ home, script: [{ items: [message('hi')] }] });
      // A new session takes its lock with its first message, when its file is first written.
      harness.send('hello');
      const warning = await harness.waitFor('warning', (msg) => msg.message.includes('could not be locked'));
      expect(warning.message).toMatch(/both will write to it/);
      expect((await harness.waitForTurnEnd()).type).toBe('task_complete');
      expect(harness.session.saved).toBe(true);
    } finally {
      await harness?.close();
      harness = undefined;
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('a session whose home folder goes away', () => {
  it('still shuts down, and says its end could not be saved', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'tandem-vanishing-'));
    harness = await SessionHarness.start({ home, script: [{ items: [message('hi')] }] });
    harness.send('hello');
    await harness.waitForTurnEnd();
    await rm(home, { recursive: true, force: true });
    harness.submit({ type: 'shutdown' });
    const seen: string[] = [];
    for (let event = await harness.session.nextEvent(); event !== null; event = await harness.session.nextEvent()) {
      seen.push(event.msg.type === 'warning' ? event.msg.message : event.msg.type);
    }
    expect(seen).toContain('shutdown_complete');
    expect(seen.some((line) => line.startsWith('The end of this session could not be saved'))).toBe(true);
  });
});
