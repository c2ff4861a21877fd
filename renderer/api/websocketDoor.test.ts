import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { HostEvent } from '../../shared/host/contract.js';
import { MAX_WS_FRAME_BYTES } from '../../shared/host/wire.js';
import { DoorClosedError, HostRequestError, httpProbe, WebSocketDoor, type DoorStatus, type SocketFactory } from './websocketDoor.js';

/**
 * A real WebSocket server on 127.0.0.1 plays the host; the door uses the `ws` client in place of the
 * browser's WebSocket (Node 20 has none built in). The frames are the shared wire schema's.
 */
interface Host {
  port: number;
  server: WebSocketServer;
  sockets: ServerSocket[];
  urls: string[];
  /** Frames the door sent, parsed. */
  received: { id: number; name: string; params: unknown }[];
  onRequest: (socket: ServerSocket, frame: { id: number; name: string; params: unknown }) => void;
  nextFrame(): Promise<{ id: number; name: string; params: unknown }>;
  nextConnection(): Promise<ServerSocket>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startHost(port = 0): Promise<Host> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const frameWaiters: ((frame: Host['received'][number]) => void)[] = [];
  const connectionWaiters: ((socket: ServerSocket) => void)[] = [];
  const host: Host = {
    port: typeof address === 'object' && address ? address.port : 0,
    server,
    sockets: [],
    urls: [],
    received: [],
    onRequest: () => undefined,
    nextFrame: () => new Promise((resolve) => frameWaiters.push(resolve)),
    nextConnection: () => new Promise((resolve) => connectionWaiters.push(resolve)),
  };
  server.on('connection', (socket, request) => {
    host.sockets.push(socket);
    host.urls.push(request.url ?? '');
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Host['received'][number];
      host.received.push(frame);
      frameWaiters.shift()?.(frame);
      host.onRequest(socket, frame);
    });
    connectionWaiters.shift()?.(socket);
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => resolve());
      }),
  );
  return host;
}

/** The `ws` client wired the way the page wires the browser's WebSocket. */
const nodeSocket: SocketFactory = (url, on) => {
  const socket = new NodeWebSocket(url);
  socket.onopen = () => on.open();
  socket.onmessage = (event) => on.message(event.data);
  socket.onclose = (event) => on.close(event.code);
  socket.onerror = () => undefined;
  return socket;
};

function openDoor(host: Host, token = 'secret-token'): WebSocketDoor {
  const door = new WebSocketDoor({
    url: `ws://127.0.0.1:${host.port}/ws?token=${token}`,
    createSocket: nodeSocket,
    backoffMs: () => 30,
  });
  door.start();
  cleanups.push(() => door.stop());
  return door;
}

function untilStatus(door: WebSocketDoor, state: DoorStatus['state']): Promise<DoorStatus> {
  if (door.status.state === state) return Promise.resolve(door.status);
  return new Promise((resolve) => {
    const off = door.onStatus((status) => {
      if (status.state === state) {
        off();
        resolve(status);
      }
    });
  });
}

const event: HostEvent = { session_id: 's1', event: { id: 'sub-1', msg: { type: 'agent_message_delta', delta: 'Hi' } } };

describe('WebSocketDoor', () => {
  it('connects to the address with its token and answers a request with the validated result', async () => {
    const host = await startHost();
    host.onRequest = (socket, frame) =>
      socket.send(JSON.stringify({ kind: 'reply', id: frame.id, ok: true, result: { session_id: 'session-42' } }));
    const door = openDoor(host);
    // Made before the socket opened: it waits for the connection, then goes out.
    const opened = await door.request('open_session', { cwd: '/work/project' });
    expect(opened).toEqual({ session_id: 'session-42' });
    expect(host.urls).toEqual(['/ws?token=secret-token']);
    expect(host.received).toEqual([{ kind: 'request', id: 1, name: 'open_session', params: { cwd: '/work/project' } }]);
    expect(door.status).toEqual({ state: 'open' });
  });

  it('rejects with the host’s error, and when the host’s answer does not fit the contract', async () => {
    const host = await startHost();
    host.onRequest = (socket, frame) => {
      const reply =
        frame.name === 'recent_projects'
          ? { kind: 'reply', id: frame.id, ok: true, result: { projects: 'not a list' } }
          : { kind: 'reply', id: frame.id, ok: false, error: 'No such folder: /nope' };
      socket.send(JSON.stringify(reply));
    };
    const door = openDoor(host);
    await expect(door.request('open_session', { cwd: '/nope' })).rejects.toThrow(new HostRequestError('No such folder: /nope'));
    await expect(door.request('recent_projects', {})).rejects.toThrow(/recent_projects: the host's answer is not valid: projects/);
  });

  it('keeps the code of a refusal the host names, and none on other errors', async () => {
    const host = await startHost();
    host.onRequest = (socket, frame) => socket.send(JSON.stringify({ kind: 'reply', id: frame.id, ok: false, error: '/home/you is your home folder.', code: 'broad_folder' }));
    const door = openDoor(host);
    const refused = await door.request('open_session', { cwd: '/home/you' }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(HostRequestError);
    expect(refused).toMatchObject({ message: '/home/you is your home folder.', code: 'broad_folder' });
    host.onRequest = (socket, frame) => socket.send(JSON.stringify({ kind: 'reply', id: frame.id, ok: false, error: 'No such folder: /nope' }));
    await expect(door.request('open_session', { cwd: '/nope' })).rejects.toMatchObject({ code: null });
  });

  it('refuses to send a request whose params break the contract', async () => {
    const host = await startHost();
    const door = openDoor(host);
    await untilStatus(door, 'open');
    await expect(door.request('open_session', { cwd: '' })).rejects.toThrow(/open_session: cwd/);
    expect(host.received).toEqual([]);
  });

  it('hands valid events to listeners and drops frames that are not valid', async () => {
    const host = await startHost();
    const door = openDoor(host);
    const seen: HostEvent[] = [];
    const off = door.onEvent((e) => seen.push(e));
    const socket = await host.nextConnection();
    await untilStatus(door, 'open');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    cleanups.push(() => {
      console.warn = warn;
    });
    socket.send('{ not json');
    socket.send(JSON.stringify({ kind: 'event', event: { session_id: 's1', event: { id: 'x', msg: { type: 'no_such_event' } } } }));
    socket.send(JSON.stringify({ kind: 'shout', text: 'hello' }));
    socket.send(JSON.stringify({ kind: 'event', event }));
    socket.send(new Uint8Array([1, 2, 3]), { binary: true });
    // A request round trip after the frames proves they have all been handled.
    host.onRequest = (s, frame) => s.send(JSON.stringify({ kind: 'reply', id: frame.id, ok: true, result: { projects: [] } }));
    await door.request('recent_projects', {});
    expect(seen).toEqual([event]);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatch(/malformed JSON/);

    off();
    socket.send(JSON.stringify({ kind: 'event', event }));
    await door.request('recent_projects', {});
    expect(seen).toHaveLength(1);
  });

  it('hands on the events of a batch frame in order, leaving out only one that does not fit the protocol', async () => {
    const host = await startHost();
    const door = openDoor(host);
    const seen: HostEvent[] = [];
    door.onEvent((e) => seen.push(e));
    const socket = await host.nextConnection();
    await untilStatus(door, 'open');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    cleanups.push(() => {
      console.warn = warn;
    });
    const delta = (n: number): HostEvent => ({ session_id: 's1', seq: n, event: { id: 't', msg: { type: 'agent_message_delta', delta: `word${n} ` } } });
    const broken = { session_id: 's1', event: { id: 'x', msg: { type: 'no_such_event' } } };
    socket.send(JSON.stringify({ kind: 'events', events: [delta(1), broken, delta(2), delta(3)] }));
    host.onRequest = (s, frame) => s.send(JSON.stringify({ kind: 'reply', id: frame.id, ok: true, result: { projects: [] } }));
    await door.request('recent_projects', {});
    expect(seen).toEqual([delta(1), delta(2), delta(3)]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ignored an event that is not valid/);
  });

  it('takes a resumed session larger than the page-to-host frame limit', async () => {
    const host = await startHost();
    const door = openDoor(host);
    const seen: HostEvent[] = [];
    door.onEvent((e) => seen.push(e));
    const socket = await host.nextConnection();
    await untilStatus(door, 'open');
    const initial = Array.from({ length: 10_000 }, (_, i) => ({ type: 'agent_message' as const, message: `message ${i} `.padEnd(200, '.') }));
    const resumed: HostEvent = {
      session_id: 's1',
      event: {
        id: '0',
        msg: { type: 'session_configured', session_id: 's1', model: 'm', cwd: '/p', approval_policy: 'never', sandbox_policy: { mode: 'read-only' }, rollout_path: null, initial_messages: initial },
      },
    };
    const frame = JSON.stringify({ kind: 'event', event: resumed });
    expect(frame.length).toBeGreaterThan(MAX_WS_FRAME_BYTES);
    socket.send(frame);
    host.onRequest = (s, f) => s.send(JSON.stringify({ kind: 'reply', id: f.id, ok: true, result: { projects: [] } }));
    await door.request('recent_projects', {});
    expect(seen).toHaveLength(1);
  });

  it('fails requests in flight when the door closes, shows it is waiting, and connects again', async () => {
    const host = await startHost();
    const door = openDoor(host);
    const first = await host.nextConnection();
    await untilStatus(door, 'open');
    const statuses: DoorStatus['state'][] = [];
    door.onStatus((status) => statuses.push(status.state));

    const unanswered = door.request('pick_folder', {});
    await host.nextFrame();
    const second = host.nextConnection();
    first.close(1001, 'host going away');
    await expect(unanswered).rejects.toBeInstanceOf(DoorClosedError);
    await second;
    await untilStatus(door, 'open');
    expect(statuses).toEqual(['waiting', 'connecting', 'open']);

    host.onRequest = (s, frame) => s.send(JSON.stringify({ kind: 'reply', id: frame.id, ok: true, result: { path: null } }));
    await expect(door.request('pick_folder', {})).resolves.toEqual({ path: null });
  });

  it('keeps trying while the host is down, and finds it when it is back', async () => {
    const host = await startHost();
    const door = openDoor(host);
    await untilStatus(door, 'open');
    const port = host.port;
    await new Promise<void>((resolve) => {
      for (const socket of host.server.clients) socket.terminate();
      host.server.close(() => resolve());
    });
    const waiting = await untilStatus(door, 'waiting');
    expect(waiting).toMatchObject({ state: 'waiting', attempt: 1 });
    await expect(door.request('recent_projects', {})).rejects.toBeInstanceOf(DoorClosedError);

    // Let a few tries fail against the closed port before the host comes back.
    await new Promise<void>((resolve) => {
      const off = door.onStatus((status) => {
        if (status.state === 'waiting' && status.attempt >= 3) {
          off();
          resolve();
        }
      });
    });
    const again = await startHost(port);
    again.onRequest = (s, frame) => s.send(JSON.stringify({ kind: 'reply', id: frame.id, ok: true, result: { projects: ['/a'] } }));
    await untilStatus(door, 'open');
    await expect(door.request('recent_projects', {})).resolves.toEqual({ projects: ['/a'] });
  });

  it('stops trying when the host refuses the token', async () => {
    const host = await startHost();
    host.server.on('connection', (socket) => socket.close(4401, 'bad token'));
    const door = openDoor(host, 'wrong');
    await untilStatus(door, 'refused');
    await expect(door.request('recent_projects', {})).rejects.toBeInstanceOf(DoorClosedError);
    expect(host.urls).toEqual(['/ws?token=wrong']);
  });

  it('asks the probe after a refused upgrade, which looks like any other drop, and stops when it says refused', async () => {
    // Like the host: an upgrade with a wrong token gets HTTP 401 before any WebSocket exists.
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: (_info, done) => done(false, 401) });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;
    const asked: string[] = [];
    const door = new WebSocketDoor({
      url: `ws://127.0.0.1:${port}/ws?token=old`,
      createSocket: nodeSocket,
      backoffMs: () => 60_000,
      probe: async () => {
        asked.push('probe');
        return 'refused';
      },
    });
    door.start();
    cleanups.push(() => door.stop());
    await untilStatus(door, 'refused');
    expect(asked).toEqual(['probe']);
  });

  it('goes on trying when the probe says the token is admitted (the host was only away)', async () => {
    const host = await startHost();
    const asked: string[] = [];
    const door = new WebSocketDoor({
      url: `ws://127.0.0.1:${host.port}/ws?token=t`,
      createSocket: nodeSocket,
      backoffMs: () => 30,
      probe: async () => {
        asked.push('probe');
        return 'admitted';
      },
    });
    door.start();
    cleanups.push(() => door.stop());
    await untilStatus(door, 'open');
    const reconnected = host.nextConnection();
    for (const socket of host.sockets) socket.terminate();
    await untilStatus(door, 'waiting');
    await reconnected;
    await untilStatus(door, 'open');
    expect(asked).toEqual(['probe']);
  });

  it('reads the HTTP probe: a socket URL that wants an upgrade admits, a closed port is unreachable', async () => {
    // A plain GET of a WebSocket endpoint is answered 426 Upgrade Required, as the host does for a good token.
    const host = await startHost();
    expect(await httpProbe(`http://127.0.0.1:${host.port}/ws?token=t`)()).toBe('admitted');
    await new Promise<void>((resolve) => host.server.close(() => resolve()));
    expect(await httpProbe(`http://127.0.0.1:${host.port}/ws?token=t`)()).toBe('unreachable');
  });

  it('cannot resolve a dropped file to a path', () => {
    const door = new WebSocketDoor({ url: 'ws://127.0.0.1:1/ws', createSocket: () => { throw new Error('unused'); } });
    expect(door.pathForFile({ name: 'project' })).toBeNull();
    expect(door.door).toBe('websocket');
  });
});
