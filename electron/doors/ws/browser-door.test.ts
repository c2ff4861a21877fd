import { describe, expect, it } from 'vitest';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { message, startFakeModelServer, type ScriptedResponse } from '../../../e2e/fake-model-server/index.js';
import { MAX_WS_FRAME_BYTES } from '../../../shared/host/wire.js';
import { FileSecretStore, Host } from '../../host/index.js';
import { startBrowserDoor, type BrowserDoor } from './browser-door.js';
import { DoorClient, RefusedError } from './test-support/door-client.js';
import { useCleanups } from '../../../test-support/cleanups.js';

const { defer, tempDir } = useCleanups();

interface Running {
  door: BrowserDoor;
  host: Host;
  project: string;
  site: string;
  outside: string;
  socketUrl: (token?: string) => string;
}

/** `hostGiven` is what the door is handed for the host: by default the host itself. */
async function start(script: ScriptedResponse[] = [], personHome = process.env.HOME, hostGiven: (host: Host) => Host | (() => Promise<Host>) = (host) => host): Promise<Running> {
  const server = await startFakeModelServer({ script });
  defer(() => server.close());
  const home = await tempDir('tandem-door-home-');
  const project = await tempDir('tandem-door-project-');
  const outside = await tempDir('tandem-door-outside-');
  await writeFile(path.join(outside, 'secret.txt'), 'not for the browser');
  const site = path.join(await tempDir('tandem-door-site-'), 'renderer');
  await mkdir(path.join(site, 'assets'), { recursive: true });
  await writeFile(path.join(site, 'index.html'), '<!doctype html><title>Tandem</title><script type="module" src="/assets/app.js"></script>');
  await writeFile(path.join(site, 'assets', 'app.js'), 'console.log("tandem");');
  await writeFile(path.join(site, 'assets', 'app.css'), 'body{}');
  await symlink(outside, path.join(site, 'escape'));

  const host = new Host({
    home,
    secrets: new FileSecretStore(home),
    env: { PATH: process.env.PATH, HOME: personHome, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_MODEL: 'test-model' },
    overrides: { approvalPolicy: 'on-request' },
    warn: () => {},
  });
  const door = await startBrowserDoor({ host: hostGiven(host), staticRoot: site, warn: () => {} });
  defer(async () => {
    await door.close();
    await host.shutdown();
  });
  return {
    door,
    host,
    project,
    site,
    outside,
    socketUrl: (token = door.token) => `ws://127.0.0.1:${door.port}/ws?token=${encodeURIComponent(token)}`,
  };
}

async function connect(url: string, headers: Record<string, string> = {}): Promise<DoorClient> {
  const client = await DoorClient.connect(url, headers);
  defer(async () => client.close());
  return client;
}

/** A raw HTTP GET, so that paths reach the server exactly as written (fetch would normalise `..`). */
function get(port: number, rawPath: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * One request written by hand on a fresh connection (`host: null` sends no Host line at all), and the
 * answer as the server wrote it: the status and the body, read to the end of the connection.
 */
function rawRequest(port: number, target: string, host: string | null, extraHeaders: string[] = []): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    const lines = [`GET ${target} HTTP/1.1`, ...(host === null ? [] : [`Host: ${host}`]), ...extraHeaders, 'Connection: close', '', ''];
    socket.on('connect', () => socket.write(lines.join('\r\n')));
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      // A switched protocol keeps the connection open: its head is all there is to read.
      if (answer.startsWith('HTTP/1.1 101') && answer.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const split = answer.indexOf('\r\n\r\n');
      const head = split < 0 ? answer : answer.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body: split < 0 ? '' : answer.slice(split + 4) });
    });
  });
}

const UPGRADE_HEADERS = ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'];

describe('the Host header', () => {
  it('must name 127.0.0.1, localhost or [::1] with this port: anything else gets 421 and no page, file or socket', async () => {
    const { door } = await start();
    const port = door.port;
    const misdirected = [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `localhost:${port + 1}`, `127.0.0.1.evil.example:${port}`, null];
    for (const host of misdirected) {
      for (const target of ['/', '/index.html', '/assets/app.js', `/ws?token=${door.token}`]) {
        const answer = await rawRequest(port, target, host);
        expect(answer.status, `${target} with Host ${host}`).toBe(421);
        expect(answer.head).toContain('Content-Type: text/plain; charset=utf-8');
        expect(answer.body).toMatch(new RegExp(`^This Tandem answers only at http://127\\.0\\.0\\.1:${port}/ \\(or localhost:${port}\\); this request came with`));
        expect(answer.body).not.toContain('<title>');
        expect(answer.body).not.toContain('console.log');
      }
      const upgrade = await rawRequest(port, `/ws?token=${door.token}`, host, UPGRADE_HEADERS);
      expect(upgrade.status, `upgrade with Host ${host}`).toBe(421);
      expect(upgrade.head).not.toMatch(/Sec-WebSocket-Accept/i);
    }
    expect((await rawRequest(port, '/', `evil.example:${port}`)).body).toContain(`came with the host name "evil.example:${port}"`);
    expect((await rawRequest(port, '/', null)).body).toContain('came with no host name');
  });

  it('admits the loopback names in any case, for the page, its files and the socket', async () => {
    const { door } = await start();
    const port = door.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `LocalHost:${port}`, `[::1]:${port}`]) {
      const page = await rawRequest(port, '/', host);
      expect(page.status, host).toBe(200);
      expect(page.body).toContain('<title>Tandem</title>');
      expect((await rawRequest(port, '/assets/app.js', host)).body).toBe('console.log("tandem");');
      expect((await rawRequest(port, `/ws?token=${door.token}`, host)).status, host).toBe(426);
      const upgrade = await rawRequest(port, `/ws?token=${door.token}`, host, UPGRADE_HEADERS);
      expect(upgrade.status, `upgrade with Host ${host}`).toBe(101);
    }
  });
});

describe('the WebSocket upgrade', () => {
  it('is refused without a token, with a wrong one, and from a foreign page', async () => {
    const { door, socketUrl } = await start();
    const without = `ws://127.0.0.1:${door.port}/ws`;
    await expect(DoorClient.connect(without)).rejects.toMatchObject({ status: 401 });
    await expect(DoorClient.connect(socketUrl('wrong-token'))).rejects.toMatchObject({ status: 401 });
    await expect(DoorClient.connect(socketUrl(door.token.slice(0, -1)))).rejects.toMatchObject({ status: 401 });
    const foreign = await DoorClient.connect(socketUrl(), { Origin: 'http://evil.example' }).catch((err: unknown) => err);
    expect(foreign).toBeInstanceOf(RefusedError);
    expect(foreign).toMatchObject({ status: 403, body: 'Pages from http://evil.example may not use this socket.' });
    await expect(DoorClient.connect(socketUrl(), { Origin: `http://127.0.0.1:${door.port + 1}` })).rejects.toMatchObject({ status: 403 });
    await expect(DoorClient.connect(`ws://127.0.0.1:${door.port}/other?token=${door.token}`)).rejects.toMatchObject({ status: 404 });
  });

  it('tells a plain GET of the socket URL whether its token would be admitted', async () => {
    const { door } = await start();
    expect(await get(door.port, `/ws?token=${door.token}`)).toMatchObject({ status: 426, headers: { upgrade: 'websocket' } });
    expect(await get(door.port, '/ws?token=nope')).toMatchObject({ status: 401, body: 'The token is missing or wrong. Open the URL that `tandem serve` printed.\n' });
    expect((await get(door.port, '/ws')).status).toBe(401);
  });

  it('admits the token from a page of this door, by address or by name, and a client with no Origin', async () => {
    const { door, socketUrl } = await start();
    const origins: Record<string, string>[] = [{ Origin: `http://127.0.0.1:${door.port}` }, { Origin: `http://localhost:${door.port}` }, {}];
    for (const headers of origins) {
      const client = await connect(socketUrl(), headers);
      expect(await client.request('recent_projects', {})).toEqual({ kind: 'reply', id: 1, ok: true, result: { projects: [] } });
    }
  });
});

describe('a connected client', () => {
  it('opens a session, drives a turn and receives its streamed events; a second client sees them too', async () => {
    const { socketUrl, project } = await start([{ items: [message('Streaming to every browser that is connected.')], deltaChunks: 4 }]);
    const client = await connect(socketUrl());
    const watcher = await connect(socketUrl());
    const opened = await client.request('open_session', { cwd: project });
    expect(opened).toMatchObject({ ok: true, result: { session_id: expect.any(String) } });
    const sessionId = (opened as { result: { session_id: string } }).result.session_id;
    expect(await client.waitForEvent('session_configured', sessionId)).toMatchObject({ cwd: project, model: 'test-model' });

    const submitted = await client.request('submit', { session_id: sessionId, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'hello' }] } } });
    expect(submitted).toMatchObject({ ok: true, result: { id: expect.any(String) } });
    const done = await client.waitForEvent('task_complete', sessionId);
    expect(done.last_agent_message).toBe('Streaming to every browser that is connected.');
    const deltas = client.events.filter((e) => e.event.msg.type === 'agent_message_delta');
    expect(deltas).toHaveLength(4);
    await watcher.waitForEvent('task_complete', sessionId);
    expect(watcher.events).toEqual(client.events);
  });

  it('sends the events of one turn of the event loop in one frame, in order', async () => {
    // Deltas written back to back by the model server reach the host in a read or two: many events per turn.
    const { socketUrl, project } = await start([{ items: [message(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '))], deltaChunks: 200 }]);
    const client = await connect(socketUrl());
    const opened = (await client.request('open_session', { cwd: project })) as { result: { session_id: string } };
    const sessionId = opened.result.session_id;
    await client.request('submit', { session_id: sessionId, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'hello' }] } } });
    await client.waitForEvent('task_complete', sessionId);
    expect(client.batches.length).toBeGreaterThan(0);
    expect(Math.max(...client.batches)).toBeGreaterThan(1);
    const seqs = client.events.filter((e) => e.session_id === sessionId).map((e) => e.seq as number);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    const text = client.events.flatMap((e) => (e.event.msg.type === 'agent_message_delta' ? [e.event.msg.delta] : [])).join('');
    expect(text).toBe(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '));
  });

  it('lets a client that connects later find the session and replay it', async () => {
    const { socketUrl, project } = await start([{ items: [message('An answer given before the reload.')] }]);
    const first = await connect(socketUrl());
    const opened = (await first.request('open_session', { cwd: project })) as { result: { session_id: string } };
    const sessionId = opened.result.session_id;
    await first.request('submit', { session_id: sessionId, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'hi' }] } } });
    await first.waitForEvent('task_complete', sessionId);
    first.close();

    const reloaded = await connect(socketUrl());
    expect(await reloaded.request('live_sessions', {})).toMatchObject({ ok: true, result: { sessions: [{ session_id: sessionId, cwd: project }] } });
    const replay = (await reloaded.request('session_events', { session_id: sessionId })) as { ok: true; result: { events: { seq: number; event: { msg: { type: string } } }[] } };
    const types = replay.result.events.map((e) => e.event.msg.type);
    expect(types[0]).toBe('session_configured');
    expect(types).toContain('agent_message');
    expect(types.at(-1)).toBe('task_complete');
  });

  it('hands on the broad_folder refusal of a home folder, and opens it when the request says the person confirmed', async () => {
    const personHome = await tempDir('tandem-door-person-');
    const { socketUrl } = await start([], personHome);
    const client = await connect(socketUrl());
    expect(await client.request('open_session', { cwd: personHome })).toEqual({
      kind: 'reply',
      id: 1,
      ok: false,
      code: 'broad_folder',
      error: expect.stringContaining(`${personHome} is your home folder.`),
    });
    const opened = (await client.request('open_session', { cwd: personHome, allow_broad_folder: true })) as { result: { session_id: string } };
    expect(await client.waitForEvent('session_configured', opened.result.session_id)).toMatchObject({ cwd: personHome });
  });

  it('answers a malformed frame with an error reply and goes on', async () => {
    const { socketUrl, project } = await start([{ items: [message('still here')] }]);
    const client = await connect(socketUrl());
    const opened = (await client.request('open_session', { cwd: project })) as { result: { session_id: string } };
    const sessionId = opened.result.session_id;

    client.sendRaw('{"kind": "request", "id": 1,');
    expect(await client.replyWithoutId(1)).toEqual({ kind: 'reply', id: null, ok: false, error: expect.stringMatching(/^malformed JSON: /) });
    client.sendRaw(JSON.stringify({ kind: 'request', id: 77, name: 'submit' }));
    expect(await client.request('recent_projects', {})).toMatchObject({ ok: true });
    expect(client.replies.find((r) => r.id === 77)).toEqual({ kind: 'reply', id: 77, ok: false, error: expect.stringMatching(/^invalid frame: params: /) });
    client.sendRaw(Buffer.from([1, 2, 3]), true);
    expect(await client.replyWithoutId(2)).toEqual({ kind: 'reply', id: null, ok: false, error: expect.stringMatching(/^Binary frames are not accepted/) });
    const unknown = await client.request('rm_rf', {});
    expect(unknown).toMatchObject({ ok: false, error: 'unknown request "rm_rf"' });

    await client.request('submit', { session_id: sessionId, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'hi' }] } } });
    expect((await client.waitForEvent('task_complete', sessionId)).last_agent_message).toBe('still here');
    expect(client.closeCode).toBeNull();
  });

  it('answers a frame over the size limit with an error reply for its request, and goes on', async () => {
    const { socketUrl, project } = await start([{ items: [message('after the big frame')] }]);
    const client = await connect(socketUrl());
    const opened = (await client.request('open_session', { cwd: project })) as { result: { session_id: string } };
    const sessionId = opened.result.session_id;

    const big = 'x'.repeat(MAX_WS_FRAME_BYTES + 10);
    const id = client.send('submit', { session_id: sessionId, submission: { op: { type: 'user_input', items: [{ type: 'text', text: big }] } } });
    const reply = await client.request('recent_projects', {}).then(() => client.replies.find((r) => r.id === id));
    expect(reply).toEqual({ kind: 'reply', id, ok: false, error: expect.stringMatching(/^The frame is \d+ bytes, over the limit of 1048576; it was ignored\.$/) });

    await client.request('submit', { session_id: sessionId, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'small' }] } } });
    expect((await client.waitForEvent('task_complete', sessionId)).last_agent_message).toBe('after the big frame');
    expect(client.closeCode).toBeNull();
  });
});

describe('a host loaded on demand (tandem serve prints its URL first)', () => {
  it('serves the page meanwhile, refuses a wrong token at once, and admits a good one when the host comes', async () => {
    let giveHost!: () => void;
    let loads = 0;
    const { door, socketUrl } = await start([], process.env.HOME, (host) => () => {
      loads += 1;
      return new Promise<Host>((resolve) => (giveHost = () => resolve(host)));
    });
    const page = await get(door.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Tandem</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    await expect(DoorClient.connect(socketUrl('wrong-token'))).rejects.toMatchObject({ status: 401 });
    await expect(DoorClient.connect(socketUrl(), { Origin: 'http://evil.example' })).rejects.toMatchObject({ status: 403 });

    let admitted = false;
    const waiting = connect(socketUrl()).then((client) => {
      admitted = true;
      return client;
    });
    // A socket that asks makes the door load the host, and is held, not answered, until the host is here.
    await expect.poll(() => loads).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(admitted).toBe(false);
    giveHost();
    const client = await waiting;
    expect(await client.request('recent_projects', {})).toEqual({ kind: 'reply', id: 1, ok: true, result: { projects: [] } });
    expect((await connect(socketUrl())).socket.readyState).toBe(1);
    expect(loads).toBe(1);
  });

  it('loads the host by itself once the page has been served and nothing has asked for a while', async () => {
    let loads = 0;
    const { door } = await start([], process.env.HOME, (host) => () => {
      loads += 1;
      return Promise.resolve(host);
    });
    expect((await get(door.port, '/')).status).toBe(200);
    await expect.poll(() => loads, { timeout: 10_000 }).toBe(1);
  });

  it('still serves the page when the host fails to load, and refuses the socket with 503', async () => {
    const { door, socketUrl } = await start([], process.env.HOME, () => () => Promise.reject(new Error('no host today')));
    expect((await get(door.port, '/')).status).toBe(200);
    await expect(DoorClient.connect(socketUrl())).rejects.toMatchObject({ status: 503, body: 'Tandem could not start its host; see where `tandem serve` was started.' });
    await door.close();
  });
});

describe('the page', () => {
  it('is served with its content type and the CSP header, without the token', async () => {
    const { door } = await start();
    const page = await get(door.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Tandem</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${door.port}/ws ws://localhost:${door.port}/ws ws://[::1]:${door.port}/ws`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');

    const script = await get(door.port, '/assets/app.js?v=1');
    expect(script).toMatchObject({ status: 200, body: 'console.log("tandem");' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(door.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('refuses paths that leave the site, lists no folders and has no other files', async () => {
    const { door } = await start();
    for (const raw of ['/../secret.txt', '/assets/../../secret.txt', '/..%2f..%2fsecret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%5c..%5c..%5csecret.txt', '/a%00b']) {
      const answer = await get(door.port, raw);
      expect(answer.status, raw).toBe(400);
      expect(answer.headers['content-security-policy'], raw).toBeDefined();
    }
    const escaped = await get(door.port, '/escape/secret.txt');
    expect(escaped.status).toBe(400);
    expect(escaped.body).not.toContain('not for the browser');
    expect((await get(door.port, '/assets')).status).toBe(404);
    expect((await get(door.port, '/assets/')).status).toBe(404);
    expect((await get(door.port, '/nothing.js')).status).toBe(404);
  });

  it('listens on 127.0.0.1 only', async () => {
    const { door } = await start();
    expect(door.url()).toBe(`http://127.0.0.1:${door.port}/?token=${door.token}`);
    expect(door.url('s-1')).toBe(`http://127.0.0.1:${door.port}/?token=${door.token}&session=s-1`);
    const external = Object.values(os.networkInterfaces()).flat().filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal);
    for (const address of external) {
      await expect(fetch(`http://${address!.address}:${door.port}/`)).rejects.toThrow();
    }
  });
});
