import { afterEach, describe, expect, it } from 'vitest';
import { functionCall, message, shellCommand } from '../../e2e/fake-model-server/index.js';
import { SessionHarness } from './test-support/harness.js';

let harness: SessionHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('model failures', () => {
  it('retries a stream closed before response.completed and announces the retry', async () => {
    harness = await SessionHarness.start({
      script: [{ closeEarly: true, items: [message('partial')] }, { items: [message('complete answer')] }],
    });
    harness.send('hi');
    const done = await harness.waitFor('task_complete');
    expect(done.last_agent_message).toBe('complete answer');
    const notices = harness.of('stream_error');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/^Reconnecting\.\.\. 1\/5/);
    expect(notices[0]!.message).toContain('stream closed before response.completed');
    expect(harness.server.requests).toHaveLength(2);
    // The failed attempt left nothing behind: the retry asks the same question.
    expect(harness.server.requests[1]!.body.input).toEqual(harness.server.requests[0]!.body.input);
  });

  it('gives up after five retries of HTTP 500 with one error, and the session still works', async () => {
    harness = await SessionHarness.start({
      script: [...Array.from({ length: 6 }, () => ({ httpError: 500 })), { items: [message('back again')] }],
    });
    harness.send('hi');
    await harness.waitFor('task_complete');
    expect(harness.of('stream_error').map((m) => m.message.slice(0, 19))).toEqual([1, 2, 3, 4, 5].map((n) => `Reconnecting... ${n}/5`));
    expect(harness.of('error')).toHaveLength(1);
    expect(harness.of('error')[0]!.message).toMatch(/HTTP 500/);
    expect(harness.server.requests).toHaveLength(6);

    harness.send('again');
    const second = await harness.waitFor('task_complete');
    expect(second.last_agent_message).toBe('back again');
  }, 30_000);

  it('keeps the text of an answer a failure cut off, marked incomplete, and leaves it out of what the model sees', async () => {
    const delta = (text: string) => ({ type: 'response.output_text.delta', item_id: 'msg_cut', output_index: 0, content_index: 0, delta: text });
    harness = await SessionHarness.start({
      script: [
        {
          rawEvents: [
            { type: 'response.created', response: { id: 'resp_cut', object: 'response', status: 'in_progress', output: [] } },
            delta('Here is the first half '),
            delta('of the answer'),
            { type: 'response.failed', response: { id: 'resp_cut', object: 'response', status: 'failed', output: [], error: { code: 'insufficient_quota', message: 'You exceeded your current quota' } } },
          ],
        },
        { items: [message('a whole answer')] },
      ],
    });
    harness.send('hi');
    await harness.waitFor('task_complete');
    const messages = harness.of('agent_message');
    expect(messages).toEqual([{ type: 'agent_message', message: 'Here is the first half of the answer', incomplete: true }]);
    // Before the error, so that the answer reads first and the problem under it.
    const seen = harness.seen.map((event) => event.msg.type);
    expect(seen.indexOf('agent_message')).toBeLessThan(seen.indexOf('error'));

    harness.send('again');
    await harness.waitFor('agent_message', (msg) => msg.message === 'a whole answer');
    expect(JSON.stringify(harness.server.requests[1]!.body.input)).not.toContain('first half');
  });

  it('does not retry an exhausted quota', async () => {
    harness = await SessionHarness.start({ script: [{ failed: { code: 'insufficient_quota', message: 'You exceeded your current quota' } }] });
    harness.send('hi');
    await harness.waitFor('task_complete');
    expect(harness.of('error').map((m) => m.message)).toEqual(['Quota exceeded. Check your plan and billing details.']);
    expect(harness.of('stream_error')).toHaveLength(0);
    expect(harness.server.requests).toHaveLength(1);
  });

  it('ends the turn on a cyber_policy refusal without retrying, and says so in plain words', async () => {
    const flagged = 'This request has been flagged for potentially high-risk cyber activity.';
    harness = await SessionHarness.start({ script: [{ failed: { code: 'cyber_policy', message: flagged } }, { items: [message('next turn')] }] });
    harness.send('hi');
    await harness.waitFor('task_complete');
    const errors = harness.of('error').map((m) => m.message);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^OpenAI's safety checks refused this request as possible high-risk cybersecurity activity/);
    expect(errors[0]).toContain(flagged);
    expect(harness.of('stream_error')).toHaveLength(0);
    expect(harness.server.requests).toHaveLength(1);

    harness.send('something else');
    expect((await harness.waitFor('task_complete')).last_agent_message).toBe('next turn');
  });

  it('ends the turn on a cyber_policy refusal that follows a tool call, once the call has finished', async () => {
    harness = await SessionHarness.start({
      approvalPolicy: 'never',
      script: [
        { items: [functionCall('shell_command', { command: 'echo ran > ran.txt' }, 'c1')], failed: { code: 'cyber_policy', message: 'Flagged.' } },
        { items: [message('should not be asked for')] },
      ],
    });
    harness.send('hi');
    await harness.waitFor('task_complete');
    expect(harness.of('exec_command_end')).toHaveLength(1);
    expect(harness.of('error')[0]?.message).toMatch(/cybersecurity activity/);
    expect(harness.of('stream_error')).toHaveLength(0);
    expect(harness.server.requests).toHaveLength(1);
  });

  it('ends the turn on a cyber_policy refusal sent as an HTTP error', async () => {
    harness = await SessionHarness.start({
      script: [{ httpError: 400, body: { error: { message: 'Flagged.', type: 'invalid_request', param: null, code: 'cyber_policy' } } }],
    });
    harness.send('hi');
    await harness.waitFor('task_complete');
    const errors = harness.of('error').map((m) => m.message);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cybersecurity activity \(cyber_policy\)/);
    expect(errors[0]).toMatch(/The server said: Flagged\.$/);
    expect(harness.of('stream_error')).toHaveLength(0);
    expect(harness.server.requests).toHaveLength(1);
  });

  it('does not retry an incomplete response and names the reason', async () => {
    harness = await SessionHarness.start({ script: [{ incomplete: { reason: 'content_filter' } }] });
    harness.send('hi');
    await harness.waitFor('task_complete');
    expect(harness.of('error')[0]!.message).toContain('content_filter');
    expect(harness.server.requests).toHaveLength(1);
  });

  it('waits as long as a rate limit says before retrying', async () => {
    harness = await SessionHarness.start({
      script: [{ failed: { code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again in 0.5s.' } }, { items: [message('ok')] }],
    });
    harness.send('hi');
    await harness.waitFor('task_complete');
    const [first, second] = harness.server.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(450);
    expect(harness.of('stream_error')).toHaveLength(1);
  });

  it('retries malformed JSON in the stream', async () => {
    harness = await SessionHarness.start({ script: [{ malformed: true }, { items: [message('clean')] }] });
    harness.send('hi');
    const done = await harness.waitFor('task_complete');
    expect(done.last_agent_message).toBe('clean');
    expect(harness.of('stream_error')).toHaveLength(1);
  });

  it('treats a context overflow as final and says so', async () => {
    harness = await SessionHarness.start({ script: [{ failed: { code: 'context_length_exceeded', message: 'too long' } }] });
    harness.send('hi');
    await harness.waitFor('task_complete');
    expect(harness.of('error')[0]!.message).toMatch(/context window/);
    expect(harness.server.requests).toHaveLength(1);
  });

  it('keeps the results of commands that ran when the stream broke afterwards', async () => {
    harness = await SessionHarness.start({
      script: [{ closeEarly: true, items: [shellCommand('echo ran once', { callId: 'c_once' })] }, { items: [message('carried on')] }],
    });
    harness.send('hi');
    await harness.waitFor('task_complete');
    expect(harness.of('exec_command_begin')).toHaveLength(1);
    const input = harness.server.requests[1]!.body.input as { type: string; call_id?: string }[];
    expect(input.filter((item) => item.call_id === 'c_once').map((item) => item.type)).toEqual(['function_call', 'function_call_output']);
  });
});
