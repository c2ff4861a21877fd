import { HostErrorCode } from './contract.js';

/**
 * A request the host refused, as a client of any door holds it: the host's words, and the refusal's code when
 * it is one a client acts on (see HostErrorCode). Handlers throw it too, to refuse with a code.
 */
export class HostRequestError extends Error {
  constructor(
    message: string,
    readonly code: HostErrorCode | null = null,
  ) {
    super(message);
    this.name = 'HostRequestError';
  }
}

/**
 * A refusal as plain data. Electron's contextBridge hands the page only the message of an Error thrown in the
 * preload, so the preload rejects with this instead, and the page's side of the door makes it a
 * HostRequestError again (see hostRequestErrorFrom).
 */
export interface HostRefusal {
  message: string;
  code: HostErrorCode | null;
}

/** Whatever a door's request rejected with, as an Error; a HostRefusal's code is kept. */
export function hostRequestErrorFrom(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  if (typeof reason === 'object' && reason !== null && typeof (reason as { message?: unknown }).message === 'string') {
    const code = HostErrorCode.safeParse((reason as { code?: unknown }).code);
    return new HostRequestError((reason as { message: string }).message, code.success ? code.data : null);
  }
  return new Error(String(reason));
}

/** The code of a refused request, or null for any other failure. */
export function hostErrorCodeOf(err: unknown): HostErrorCode | null {
  return err instanceof HostRequestError ? err.code : null;
}
