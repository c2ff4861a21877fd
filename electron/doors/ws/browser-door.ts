import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { HostEvent } from '../../../shared/host/contract.js';
import type { Host } from '../../host/index.js';
import { contentSecurityPolicy } from '../content-security-policy.js';
import { newDoorToken } from './door-token.js';
import { readFrame, replyFrame, SOCKET_MAX_PAYLOAD } from './frames.js';
import { hardeningHeaders, serveStatic, type StaticSite } from './static-files.js';
import { allowedOrigins, checkHostHeader, checkUpgrade, SOCKET_PATH } from './upgrade-check.js';

/**
 * A client that lets this much of our output pile up unread is cut off (it reconnects and replays what it
 * missed) rather than let the host's memory grow without bound.
 */
export const MAX_UNSENT_BYTES = 64 * 1024 * 1024;
/** Events of one turn of the event loop go in one frame up to about this many characters. */
const EVENT_BATCH_CHARS = 256 * 1024;

export interface BrowserDoorOptions {
  host: Host;
  /** The built renderer, served as the page (out/renderer). */
  staticRoot: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** Tests may fix it; otherwise a fresh one is made. */
  token?: string;
  warn?: (message: string) => void;
}

export interface BrowserDoor {
  readonly port: number;
  readonly token: string;
  /** The URL to open: the page, with the token, and the session to show when one is given. */
  url(sessionId?: string): string;
  /** Closes every connection and stops listening. Safe to call more than once. */
  close(): Promise<void>;
}

function refuse(socket: Socket, status: number, reason: string): void {
  const statusText: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request' };
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Bad Request'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.once('finish', () => socket.destroy());
}

function isSocketPath(url: string | undefined): boolean {
  return (url ?? '').split(/[?#]/, 1)[0] === SOCKET_PATH;
}

/**
 * A plain GET of the socket's URL says whether an upgrade would be admitted (426: yes, upgrade; 401 or 403:
 * no). A browser cannot see why an upgrade was refused (its WebSocket only reports 1006), so a page that
 * keeps failing to connect asks here to tell a wrong token from a server that is down.
 */
function answerSocketProbe(req: IncomingMessage, res: ServerResponse, site: StaticSite & { token: string; port: number }): void {
  const verdict = checkUpgrade(req, { token: site.token, port: site.port });
  const body = verdict.ok ? 'Connect with a WebSocket.\n' : `${verdict.reason}\n`;
  const status = verdict.ok ? 426 : verdict.status;
  res.writeHead(status, { ...site.headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...(verdict.ok ? { Upgrade: 'websocket' } : {}) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function rawToBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * The browser door of `tandem serve`: the renderer as static files and a WebSocket at /ws, on 127.0.0.1
 * only, answering only requests addressed to a loopback name and its port (see checkHostHeader). The socket
 * admits clients that present the run's token from a page of this door; over it flow the host's requests
 * (each frame answered by a reply with its id) and every session's events, to every client.
 */
export async function startBrowserDoor(options: BrowserDoorOptions): Promise<BrowserDoor> {
  const { host } = options;
  const token = options.token ?? newDoorToken();
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: SOCKET_MAX_PAYLOAD, perMessageDeflate: false });
  const clients = new Set<WebSocket>();
  let site: (StaticSite & { token: string; port: number }) | null = null;
  let port = 0;
  let nextClient = 1;

  // Node's own answer to a request without Host would be a bare 400; ours says why (see checkHostHeader).
  const server: Server = createServer({ requireHostHeader: false }, (req, res) => {
    if (!site) {
      res.writeHead(503).end();
      return;
    }
    const addressed = checkHostHeader(req.headers.host, site.port);
    if (!addressed.ok) {
      const body = `${addressed.reason}\n`;
      res.writeHead(addressed.status, { ...site.headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (isSocketPath(req.url)) {
      answerSocketProbe(req, res, site);
      return;
    }
    serveStatic(req, res, site).catch((err: unknown) => {
      warn(`Tandem: serving ${req.url ?? ''} failed: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500, site?.headers ?? {});
      res.end();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const verdict = checkUpgrade(req, { token, port });
    if (!verdict.ok) {
      refuse(socket, verdict.status, verdict.reason);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function send(ws: WebSocket, text: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_UNSENT_BYTES) {
      ws.close(1013, 'Too far behind; reconnect to catch up.');
      return;
    }
    ws.send(text);
  }

  function accept(ws: WebSocket): void {
    const context = { door: 'websocket' as const, client: `ws-${nextClient++}` };
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', (err) => warn(`Tandem: WebSocket client ${context.client}: ${err.message}`));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const frame = readFrame(rawToBuffer(data), isBinary);
      if (!frame.ok) {
        send(ws, replyFrame(frame.id, { ok: false, error: frame.error }));
        return;
      }
      void host.handle(frame.name, frame.params, context).then((reply) => {
        // Events said before the reply go before it, as they would unbatched.
        sendEvents();
        send(ws, replyFrame(frame.id, reply));
      });
    });
  }

  // Events are sent once per turn of the event loop: what the host said meanwhile (a stream's deltas, the
  // deltas of several sessions streaming at once) goes in one frame, so that a page parses a frame per turn
  // rather than one per delta, and the socket writes once. Each event is serialised once, as it comes.
  let queued: string[] = [];
  let queuedChars = 0;
  let flushScheduled = false;
  function sendEvents(): void {
    if (queued.length === 0) return;
    const events = queued;
    queued = [];
    queuedChars = 0;
    const text = events.length === 1 ? `{"kind":"event","event":${events[0]}}` : `{"kind":"events","events":[${events.join(',')}]}`;
    for (const ws of clients) send(ws, text);
  }
  const unsubscribe = host.onEvent((event: HostEvent) => {
    if (clients.size === 0) return;
    const json = JSON.stringify(event);
    // A frame stays well under what a page takes (MAX_WS_FRAME_BYTES); a large event goes in a frame of its own.
    if (queuedChars + json.length > EVENT_BATCH_CHARS) sendEvents();
    queued.push(json);
    queuedChars += json.length + 1;
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      sendEvents();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origins = allowedOrigins(port);
  site = {
    token,
    port,
    root: options.staticRoot,
    headers: hardeningHeaders(contentSecurityPolicy({ connectSources: origins.map((origin) => `${origin.replace(/^http/, 'ws')}${SOCKET_PATH}`) })),
  };

  let closing: Promise<void> | null = null;
  return {
    port,
    token,
    url: (sessionId) => {
      const url = new URL(`http://127.0.0.1:${port}/`);
      url.searchParams.set('token', token);
      if (sessionId !== undefined) url.searchParams.set('session', sessionId);
      return url.toString();
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        unsubscribe();
        // What the host said last (the sessions' shutdown_complete) goes out before the goodbye.
        sendEvents();
        for (const ws of clients) ws.close(1001, 'Tandem is shutting down.');
        sockets.close();
        server.close(() => resolve());
        // Page loads in flight are cut (a reload finds the next run); WebSockets, no longer the HTTP server's
        // once upgraded, get a second to finish their closing handshake before they are cut too.
        server.closeAllConnections();
        setTimeout(() => {
          for (const ws of clients) ws.terminate();
        }, 1_000).unref();
      });
      return closing;
    },
  };
}
