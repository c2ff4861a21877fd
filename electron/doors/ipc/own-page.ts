/** Where Tandem's own page is loaded from: the app's scheme, or Vite's dev server during development. */
export interface PageSource {
  /** The page's URL, e.g. tandem://app/index.html (electron/doors/page-scheme.ts). */
  pageUrl: string;
  /** e.g. http://127.0.0.1:5173; only in development. */
  devServerUrl?: string | undefined;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a frame's URL is Tandem's own page, the only page the host answers. Anything else (a page the
 * window was somehow navigated to, a frame injected into ours, a file:// page) gets nothing, however
 * well-formed its request.
 */
export function isOwnPage(url: string, source: PageSource): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (source.devServerUrl) {
    const dev = new URL(source.devServerUrl);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === dev.origin;
  }
  const page = new URL(source.pageUrl);
  // Compared part by part: a custom scheme's origin reads "null" in some URL parsers.
  return parsed.protocol === page.protocol && parsed.host === page.host && parsed.pathname === page.pathname;
}

/** Links the window may hand to the system browser: web pages only, never file:, javascript: or app schemes. */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}
