import type { IncomingHttpHeaders } from 'node:http';
import { tokenMatches } from './door-token.js';

export const SOCKET_PATH = '/ws';

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 | 404; reason: string };

/** The origins a page of this door has: the address it was served from, by IP or by name. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * Whether a WebSocket upgrade may proceed. The token proves the client was given the printed URL; the Origin
 * check stops a page from elsewhere (which a browser labels with its own Origin) from using a token it
 * somehow learned, and a DNS-rebound name from reaching the socket at all. Clients that are not browsers
 * send no Origin, and the token alone admits them.
 */
export function checkUpgrade(request: { url?: string | undefined; headers: IncomingHttpHeaders }, expected: { token: string; port: number }): UpgradeVerdict {
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
