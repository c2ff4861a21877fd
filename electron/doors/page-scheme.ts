import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy } from './content-security-policy.js';
import { contentTypeFor } from './ws/content-types.js';
import { fileForPath, hardeningHeaders } from './ws/static-files.js';

/*
 * The desktop window's page comes from Tandem's own scheme, tandem://app/, not from file:// (Electron's security
 * checklist: file:// pages get privileges no web page has, which the packaged app's grantFileProtocolExtraPrivileges
 * fuse takes away). The scheme serves out/renderer only, and every answer carries the headers `tandem serve`
 * sends: the CSP, nosniff, no referrer, no framing. This part is plain web Request/Response and runs under Node;
 * electron/app/page-scheme.ts registers it with Electron's protocol.handle.
 */

export const PAGE_SCHEME = 'tandem';
export const PAGE_HOST = 'app';
/** The URL the window loads. */
export const PAGE_URL = `${PAGE_SCHEME}://${PAGE_HOST}/index.html`;

/** The headers of every answer of the scheme, files and refusals alike. */
export function pageHeaders(): Record<string, string> {
  return hardeningHeaders(contentSecurityPolicy());
}

function refuse(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { ...pageHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Answers one request of the scheme from `root` (the built renderer, inside app.asar when packaged): GET and
 * HEAD of a file under it; nothing above it, no other host, no listing.
 */
export async function answerPageRequest(request: Request, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Only GET and HEAD are served here.');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refuse(400, 'Not a URL.');
  }
  if (url.protocol !== `${PAGE_SCHEME}:` || url.host !== PAGE_HOST) return refuse(404, 'Not found.');
  const file = fileForPath(root, url.pathname);
  if (file === null) return refuse(400, 'That path leaves the page and is refused.');
  // A symbolic link under the root must not lead out of it.
  const [realRoot, realFile] = await Promise.all([realpath(root).catch(() => null), realpath(file).catch(() => null)]);
  if (realRoot === null) return refuse(503, 'The Tandem page is not built. Run `npm run build`, then reload.');
  if (realFile === null) return refuse(404, 'Not found.');
  if (!realFile.startsWith(realRoot + path.sep)) return refuse(400, 'That path leaves the page and is refused.');
  const info = await stat(realFile).catch(() => null);
  if (!info?.isFile()) return refuse(404, 'Not found.');
  const headers = { ...pageHeaders(), 'Content-Type': contentTypeFor(file), 'Content-Length': String(info.size) };
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(await readFile(realFile), { status: 200, headers });
}
