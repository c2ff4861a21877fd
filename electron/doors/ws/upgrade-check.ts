import type { IncomingHttpHeaders } from 'node:http';
import { tokenMatches } from './door-token.js';

export const SOCKET_PATH = '/ws';

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 | 404 | 421; reason: string };

/**
 * The names this door answers to, with the port: the loopback address, `localhost`, and the IPv6 loopback
 * (which an SSH tunnel's local end listens on too).
 */
function allowedAuthorities(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/** The origins a page of this door has: the address it was served from, by IP or by name. */
export function allowedOrigins(port: number): string[] {
  return allowedAuthorities(port).map((authority) => `http://${authority}`);
}

/**
 * Whether a request was addressed to this door. A web page can make a name of its own resolve to 127.0.0.1
 * (DNS rebinding) and then read our answers as its own, same-origin; its requests still carry that name in
 * Host, so anything not addressed to a loopback name and our port is turned away before any page, file or
 * socket is served. Browsers leave the port out of Host only for port 80.
 */
export function checkHostHeader(host: string | undefined, port: number): UpgradeVerdict {
  const authority = (host ?? '').toLowerCase();
  const allowed = allowedAuthorities(port);
  if (port === 80) allowed.push('127.0.0.1', 'localhost', '[::1]');
  if (allowed.includes(authority)) return { ok: true };
  const named = host === undefined || host === '' ? 'no host name' : `the host name ${JSON.stringify(host)}`;
  return { ok: false, status: 421, reason: `This Tandem answers only at http://127.0.0.1:${port}/ (or localhost:${port}); this request came with ${named}.` };
}

/**
 * Whether a WebSocket upgrade may proceed. The token proves the client was given the printed URL; the Origin
 * check stops a page from elsewhere (which a browser labels with its own Origin) from using a token it
 * somehow learned. The Host check comes first, as for every request (see checkHostHeader). Clients that are
 * not browsers send no Origin, and the token alone admits them.
 */
export function checkUpgrade(request: { url?: string | undefined; headers: IncomingHttpHeaders }, expected: { token: string; port: number }): UpgradeVerdict {
  const addressed = checkHostHeader(request.headers.host, expected.port);
  if (!addressed.ok) return addressed;
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://127.0.0.1');
  } catch {
    return { ok: false, status: 404, reason: 'No such socket.' };
  }
  if (url.pathname !== SOCKET_PATH) return { ok: false, status: 404, reason: `No socket at ${url.pathname}; Tandem's is at ${SOCKET_PATH}.` };
  if (!tokenMatches(url.searchParams.get('token'), expected.token)) {
    return { ok: false, status: 401, reason: 'The token is missing or wrong. Open the URL that `tandem serve` printed.' };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins(expected.port).includes(origin.toLowerCase())) {
    return { ok: false, status: 403, reason: `Pages from ${origin} may not use this socket.` };
  }
  return { ok: true };
}
