import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where Tandem's own page is loaded from: the built file, or Vite's dev server during development. */
export interface PageSource {
  /** Absolute path of out/renderer/index.html. */
  pageFile: string;
  /** e.g. http://127.0.0.1:5173; only in development. */
  devServerUrl?: string | undefined;
}

/**
 * Whether a frame's URL is Tandem's own page, the only page the host answers. Anything else (a page the
 * window was somehow navigated to, a frame injected into ours) gets nothing, however well-formed its request.
 */
export function isOwnPage(url: string, source: PageSource): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    return parsed.pathname === pathToFileURL(path.resolve(source.pageFile)).pathname && parsed.host === '';
  }
  if (source.devServerUrl) {
    const dev = new URL(source.devServerUrl);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === dev.origin;
  }
  return false;
}

/** Links the window may hand to the system browser: web pages only, never file:, javascript: or app schemes. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
