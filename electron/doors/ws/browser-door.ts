import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Host } from '../../host/index.js';
import type { ClientSockets } from './client-sockets.js';
import { contentSecurityPolicy } from '../content-security-policy.js';
import { newDoorToken } from './door-token.js';
import { hardeningHeaders, serveStatic, type StaticSite } from './static-files.js';
import { allowedOrigins, checkHostHeader, checkUpgrade, SOCKET_PATH } from './upgrade-check.js';

export interface BrowserDoorOptions {
  /**
   * The host, or a function that loads it (called once). The page is served from the moment the door listens;
   * a loader is called when a socket first asks to be admitted (the upgrade waits for the host), or once the door
   * has answered no request for LOAD_WHEN_QUIET_MS, so that loading it (a few hundred milliseconds of one
   * thread) never holds back the page's own files. `tandem serve` prints its URL before it has a host.
   */
  host: Host | (() => Promise<Host>);
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

/** A door handed a host loader loads it once it has been this long without a request (see BrowserDoorOptions.host). */
export const LOAD_WHEN_QUIET_MS = 1_000;

function refuse(socket: Socket, status: number, reason: string): void {
  const statusText: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request', 503: 'Service Unavailable' };
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

/**
 * The browser door of `tandem serve`: the renderer as static files and a WebSocket at /ws, on 127.0.0.1
 * only, answering only requests addressed to a loopback name and its port (see checkHostHeader). The socket
 * admits clients that present the run's token from a page of this door; over it flow the host's requests
 * (each frame answered by a reply with its id) and every session's events, to every client.
 */
export async function startBrowserDoor(options: BrowserDoorOptions): Promise<BrowserDoor> {
  const token = options.token ?? newDoorToken();
  const warn = options.warn ?? ((message: string) => console.warn(message));
  let site: (StaticSite & { token: string; port: number }) | null = null;
  let port = 0;
  // The socket half (ws, the protocol's schemas) and the host, loaded when first needed; see openClientSockets.
  let sockets: Promise<ClientSockets> | null = null;
  const loadSockets = (): Promise<ClientSockets> => {
    if (sockets) return sockets;
    clearTimeout(quiet);
    const host = typeof options.host === 'function' ? options.host() : options.host;
    sockets = Promise.all([import('./client-sockets.js'), host]).then(([{ openClientSockets }, loaded]) => openClientSockets(loaded, warn));
    // Whoever loads the host hears of its failure; the door refuses upgrades with 503 (below).
    sockets.catch(() => undefined);
    return sockets;
  };
  let quiet: NodeJS.Timeout | undefined;
  const loadWhenQuiet = () => {
    if (sockets) return;
    clearTimeout(quiet);
    quiet = setTimeout(() => void loadSockets(), LOAD_WHEN_QUIET_MS);
    quiet.unref();
  };

  // Node's own answer to a request without Host would be a bare 400; ours says why (see checkHostHeader).
  const server: Server = createServer({ requireHostHeader: false }, (req, res) => {
    loadWhenQuiet();
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
    loadSockets().then(
      (ready) => ready.admit(req, socket, head),
      () => refuse(socket, 503, 'Tandem could not start its host; see where `tandem serve` was started.'),
    );
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
  if (typeof options.host === 'function') loadWhenQuiet();
  else void loadSockets();

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
      closing ??= (async () => {
        clearTimeout(quiet);
        // A door whose host never came has no sockets to close.
        const ready = await sockets?.catch(() => null);
        ready?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Page loads in flight are cut (a reload finds the next run).
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
