import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeFor } from './content-types.js';

/** The built renderer a door serves, and the headers every answer carries (the CSP among them). */
export interface StaticSite {
  /** Absolute; out/renderer. */
  root: string;
  headers: Record<string, string>;
}

/** Headers that harden every answer, files and errors alike. */
export function hardeningHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // The page's URL holds the door token: it must not leak to anything the page links to.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

function send(res: ServerResponse, site: StaticSite, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...site.headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/**
 * The file a request path names inside the root, or null when the path tries to leave it. Each segment is
 * decoded on its own, so an encoded slash or dot-dot (`..%2f`, `%2e%2e`) is seen for what it is.
 */
export function fileForPath(root: string, rawPath: string): string | null {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.') continue;
    if (segment === '..' || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  if (segments.length === 0) segments.push('index.html');
  const file = path.resolve(root, ...segments);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * Answers a GET or HEAD for a file of the site. No directory listings, no paths outside the root (symbolic
 * links included), and the site's headers on every answer.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, site: StaticSite): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, site, 405, 'Only GET and HEAD are served here.\n', { Allow: 'GET, HEAD' });
    return;
  }
  const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  const file = fileForPath(site.root, rawPath);
  if (file === null) {
    send(res, site, 400, 'That path leaves the site and is refused.\n');
    return;
  }
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await realpath(site.root);
  } catch {
    send(res, site, 503, 'The Tandem page is not built. Run `npm run build`, then reload.\n');
    return;
  }
  try {
    realFile = await realpath(file);
  } catch {
    send(res, site, 404, 'Not found.\n');
    return;
  }
  if (!realFile.startsWith(realRoot + path.sep)) {
    send(res, site, 400, 'That path leaves the site and is refused.\n');
    return;
  }
  const info = await stat(realFile).catch(() => null);
  if (!info?.isFile()) {
    send(res, site, 404, 'Not found.\n');
    return;
  }
  res.writeHead(200, { ...site.headers, 'Content-Type': contentTypeFor(realFile), 'Content-Length': info.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(realFile);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
