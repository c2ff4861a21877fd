/**
 * The page's Content Security Policy, the same for both doors: Tandem's own scripts and styles only, no
 * inline code, no eval, no frames, and connections only back to where the page came from. The renderer's
 * index.html carries the same policy in a meta tag; the doors send it as a header too, because a header also
 * covers what a meta tag cannot (frame-ancestors) and is in force before the first byte of HTML is parsed.
 */
export function contentSecurityPolicy(options: { connectSources?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connectSources ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
