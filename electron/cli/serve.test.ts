import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { message, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { DoorClient } from '../doors/ws/test-support/door-client.js';
import { useCleanups } from '../../test-support/cleanups.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tandem = path.join(root, 'bin', 'tandem');

beforeAll(() => {
  if (!existsSync(path.join(root, 'out', 'electron', 'cli', 'serve.js'))) {
    throw new Error('`tandem serve` is not built: run `npm run build` first (npm test does).');
  }
});

const { defer, tempDir } = useCleanups();

/** A running `tandem serve` child, with its stdout lines and stderr text. */
class Serve {
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.lines.push(line);
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => {
      resolve(code);
      for (const wake of this.waiters.splice(0)) wake();
    }));
  }

  /** The URL of the one line `tandem serve` prints. */
  async url(): Promise<URL> {
    const deadline = Date.now() + 20_000;
    while (this.lines.length === 0) {
      if (this.child.exitCode !== null) throw new Error(`tandem serve exited (${this.child.exitCode}): ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`tandem serve printed no URL; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const match = /^Tandem is at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(this.lines[0] ?? '');
    if (!match?.[1]) throw new Error(`unexpected first line: ${this.lines[0]}`);
    return new URL(match[1]);
  }
}

async function serve(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Serve> {
  const model = await startFakeModelServer({ script: [{ items: [message('Served over the WebSocket door.')], deltaChunks: 3 }] });
  defer(() => model.close());
  const home = await tempDir('tandem-serve-home-');
  const child = spawn(tandem, ['serve', ...args], {
    env: { ...process.env, TANDEM_HOME: home, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: model.baseUrl, TANDEM_MODEL: 'test-model', ...extraEnv },
  });
  const running = new Serve(child);
  defer(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await running.exited;
  });
  return running;
}

function socketUrl(page: URL, token = page.searchParams.get('token') ?? ''): string {
  return `ws://${page.host}/ws?token=${encodeURIComponent(token)}`;
}

describe('tandem serve', () => {
  it('prints one URL, serves the page with its CSP, guards the socket with the token, and stops cleanly on SIGTERM', async () => {
    const project = await tempDir('tandem-serve-project-');
    const running = await serve([]);
    const page = await running.url();
    expect(page.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(page.searchParams.get('session')).toBeNull();

    const html = await fetch(new URL('/', page));
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${page.port}/ws`);

    await expect(DoorClient.connect(socketUrl(page, ''))).rejects.toMatchObject({ status: 401 });
    await expect(DoorClient.connect(socketUrl(page, 'guess'))).rejects.toMatchObject({ status: 401 });
    await expect(DoorClient.connect(socketUrl(page), { Origin: 'http://attacker.test' })).rejects.toMatchObject({ status: 403 });

    const client = await DoorClient.connect(socketUrl(page), { Origin: `http://127.0.0.1:${page.port}` });
    defer(async () => client.close());
    const opened = await client.request('open_session', { cwd: project });
    expect(opened.ok).toBe(true);
    const sessionId = (opened as { result: { session_id: string } }).result.session_id;
    await client.request('submit', { session_id: sessionId, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'hi' }] } } });
    expect((await client.waitForEvent('task_complete', sessionId)).last_agent_message).toBe('Served over the WebSocket door.');
    expect(client.events.filter((e) => e.event.msg.type === 'agent_message_delta')).toHaveLength(3);

    running.child.kill('SIGTERM');
    await client.waitForEvent('shutdown_complete', sessionId);
    expect(await running.exited).toBe(0);
    expect(await client.closed()).toBe(1001);
    expect(running.lines).toHaveLength(1);
  });

  it('with -C opens a session in that folder at once and names it in the URL', async () => {
    const project = await tempDir('tandem-serve-project-');
    const running = await serve(['-C', project, '-a', 'never']);
    const page = await running.url();
    const sessionId = page.searchParams.get('session');
    expect(sessionId).toMatch(/\S+/);

    const client = await DoorClient.connect(socketUrl(page));
    defer(async () => client.close());
    expect(await client.request('live_sessions', {})).toMatchObject({ ok: true, result: { sessions: [{ session_id: sessionId, cwd: project }] } });
    const replay = await client.request('session_events', { session_id: sessionId });
    expect(replay).toMatchObject({
      ok: true,
      result: { events: [{ session_id: sessionId, seq: 0, event: { msg: { type: 'session_configured', cwd: project, approval_policy: 'never', model: 'test-model' } } }] },
    });
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
  });

  it('exits with a clear message when -C names no folder, or the port is not a number', async () => {
    const missing = path.join(await tempDir('tandem-serve-project-'), 'gone');
    const noFolder = await serve(['-C', missing]);
    expect(await noFolder.exited).toBe(1);
    expect(noFolder.stderr).toContain(`There is no folder at ${missing}.`);
    expect(noFolder.lines).toEqual([]);

    const badPort = await serve(['--port', 'eighty']);
    expect(await badPort.exited).not.toBe(0);
    expect(badPort.stderr).toMatch(/port/);
  });
});
