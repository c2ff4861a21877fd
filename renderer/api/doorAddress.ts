/** Where the page reads its door token from: `?token=` (what `tandem serve` prints) or `#token=`. */
export interface PageLocation {
  protocol: string;
  host: string;
  search: string;
  hash: string;
}

export function doorTokenOf(location: Pick<PageLocation, 'search' | 'hash'>): string | null {
  const fromQuery = new URLSearchParams(location.search).get('token');
  if (fromQuery) return fromQuery;
  // The fragment never reaches a server's logs, so some people prefer to pass the token there.
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  return fromHash || null;
}

/** The WebSocket door on the same host and port that served the page. */
export function doorSocketUrl(location: PageLocation): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = doorTokenOf(location) ?? '';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}

/** The same URL over plain HTTP, which the host answers with whether the token would be admitted. */
export function doorProbeUrl(location: PageLocation): string {
  return doorSocketUrl(location).replace(/^ws/, 'http');
}
