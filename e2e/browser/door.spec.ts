import WebSocket from 'ws';
import { message } from '../fake-model-server/index.js';
import { expect, test } from './fixtures.js';

function connect(url: string, origin?: string): Promise<{ socket: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => resolve({ socket, status: response.statusCode }));
    socket.once('error', () => resolve({ socket, status: -1 }));
  });
}

function nextFrame(socket: WebSocket, predicate: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      if (predicate(frame)) {
        socket.off('message', onMessage);
        resolve(frame);
      }
    };
    socket.on('message', onMessage);
  });
}

test.describe('the browser door', () => {
  test.use({ script: { responses: [{ items: [message('Still here.')] }] } });

  test('a wrong token is refused, and the page says so', async ({ page, tandem }) => {
    const ws = `${tandem.origin.replace('http', 'ws')}/ws`;
    expect((await connect(`${ws}?token=wrong`)).status).toBe(401);
    expect((await connect(ws)).status).toBe(401);
    expect((await connect(`${ws}?token=${tandem.token}`, 'http://evil.example')).status).toBe(403);
    await page.goto(`${tandem.origin}/?token=wrong`);
    await expect(page.getByRole('alert').first()).toContainText(/token|refused/i);
    await tandem.shot(page, 'wrong-token');
  });

  test('oversized and malformed frames get an error while the session goes on', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    const { socket } = await connect(`${tandem.origin.replace('http', 'ws')}/ws?token=${tandem.token}`, tandem.origin);

    const malformed = nextFrame(socket, (frame) => frame.kind === 'reply');
    socket.send('{"kind": "request", "id": ');
    expect(await malformed).toMatchObject({ kind: 'reply', ok: false, error: expect.stringMatching(/JSON|malformed/i) });

    const oversized = nextFrame(socket, (frame) => frame.kind === 'reply' && frame.id === 7);
    socket.send(JSON.stringify({ kind: 'request', id: 7, name: 'get_settings', params: { padding: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(await oversized).toMatchObject({ ok: false, error: expect.stringMatching(/large|big|limit|bytes/i) });

    const badParams = nextFrame(socket, (frame) => frame.kind === 'reply' && frame.id === 8);
    socket.send(JSON.stringify({ kind: 'request', id: 8, name: 'submit', params: { session_id: 'x', submission: { op: { type: 'fly' } } } }));
    expect(await badParams).toMatchObject({ ok: false, error: expect.stringContaining('submission.op.type') });

    const fine = nextFrame(socket, (frame) => frame.kind === 'reply' && frame.id === 9);
    socket.send(JSON.stringify({ kind: 'request', id: 9, name: 'get_settings', params: {} }));
    expect(await fine).toMatchObject({ ok: true, result: { has_api_key: true } });
    socket.close();

    await page.getByRole('textbox', { name: 'Message' }).fill('still working?');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Still here.')).toBeVisible();
    await tandem.shot(page, 'after-bad-frames');
  });
});
