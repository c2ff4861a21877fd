import { afterEach, describe, expect, it } from 'vitest';
import { message } from '../../e2e/fake-model-server/index.js';
import { parseSubmission } from '../../shared/protocol/index.js';
import { Session } from './session.js';
import { SessionHarness } from './test-support/harness.js';

let harness: SessionHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

// A 1×1 red PNG.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO4IycHAALyARlzRAvLAAAAAElFTkSuQmCC';

async function drain(session: Session, until: string): Promise<void> {
  for (let event = await session.nextEvent(); event && event.msg.type !== until; event = await session.nextEvent()) {
    /* until then */
  }
}

describe('images in a message', () => {
  it('go to the model as input_image items after the text, and the echo carries them', async () => {
    harness = await SessionHarness.start({ script: [{ items: [message('a red square')] }] });
    harness.submit({ type: 'user_input', items: [{ type: 'text', text: 'what is this?' }, { type: 'image', image_url: PNG }] });
    const echo = await harness.waitFor('user_message');
    expect(echo).toEqual({ type: 'user_message', message: 'what is this?', images: [PNG] });
    await harness.waitFor('task_complete');
    const input = harness.server.requests[0]!.body.input as unknown[];
    expect(input.at(-1)).toEqual({
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'what is this?' },
        { type: 'input_image', image_url: PNG, detail: 'auto' },
      ],
    });
  });

  it('stay in the conversation of a resumed session and in the events it replays', async () => {
    harness = await SessionHarness.start({ script: [{ items: [message('seen')] }, { items: [message('still seen')] }] });
    harness.submit({ type: 'user_input', items: [{ type: 'text', text: 'look' }, { type: 'image', image_url: PNG }] });
    await harness.waitFor('task_complete');
    const { session, server, home } = harness;
    session.submit({ type: 'shutdown' });
    await drain(session, 'shutdown_complete');
    const resumed = await Session.create({ cwd: harness.project, baseUrl: server.baseUrl, apiKey: 'test-key', home, resumeId: session.sessionId, approvalPolicy: 'never', model: 'test-model' });
    const configured = await resumed.nextEvent();
    expect(configured?.msg.type).toBe('session_configured');
    const replayed = configured?.msg.type === 'session_configured' ? (configured.msg.initial_messages ?? []) : [];
    expect(replayed.find((msg) => msg.type === 'user_message')).toMatchObject({ message: 'look', images: [PNG] });
    resumed.submit({ type: 'user_input', items: [{ type: 'text', text: 'and now?' }] });
    await drain(resumed, 'task_complete');
    resumed.submit({ type: 'shutdown' });
    await drain(resumed, 'shutdown_complete');
    expect(JSON.stringify(server.requests.at(-1)!.body.input)).toContain(`"image_url":"${PNG}"`);
  });

  it('are refused at the door when they are not a data URL of a picture, too big or too many', () => {
    const op = (items: unknown[]) => parseSubmission(JSON.stringify({ op: { type: 'user_input', items } }));
    expect(op([{ type: 'image', image_url: PNG }]).ok).toBe(true);
    const remote = op([{ type: 'image', image_url: 'https://example.com/cat.png' }]);
    expect(remote.ok).toBe(false);
    expect(JSON.stringify(remote)).toContain('data: URL');
    expect(JSON.stringify(op([{ type: 'image', image_url: 'data:image/svg+xml;base64,PHN2Zz4=' }]))).toContain('image/svg+xml cannot be sent');
    expect(JSON.stringify(op([{ type: 'image', image_url: `data:image/png;base64,${'A'.repeat(300_000)}` }]))).toContain('over the limit');
    expect(JSON.stringify(op(Array.from({ length: 5 }, () => ({ type: 'image', image_url: PNG }))))).toContain('at most 4 images');
  });
});

describe('a message of images alone', () => {
  it('sends the images without an empty text part', async () => {
    harness = await SessionHarness.start({ script: [{ items: [message('a picture')] }] });
    harness.submit({ type: 'user_input', items: [{ type: 'image', image_url: PNG }] });
    expect(await harness.waitFor('user_message')).toEqual({ type: 'user_message', message: '', images: [PNG] });
    await harness.waitFor('task_complete');
    const input = harness.server.requests[0]!.body.input as unknown[];
    expect(input.at(-1)).toEqual({ type: 'message', role: 'user', content: [{ type: 'input_image', image_url: PNG, detail: 'auto' }] });
  });
});
