import { protocol, type Session } from 'electron';
import { answerPageRequest, PAGE_SCHEME } from '../doors/page-scheme.js';

/**
 * Declares tandem:// a standard, secure scheme (relative URLs, an origin of its own, a secure context for the
 * clipboard, module scripts and code caching, as https has). Must run before the app is ready.
 */
export function registerPageScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: PAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** Serves the built renderer (`root`) on tandem://app/ in this session, with the page's CSP and hardening headers. */
export function servePage(session: Session, root: string): void {
  session.protocol.handle(PAGE_SCHEME, (request) => answerPageRequest(request, root));
}
