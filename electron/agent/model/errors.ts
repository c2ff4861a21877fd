import { APIConnectionError, APIError, APIUserAbortError } from 'openai';

/** Why a model request failed, and whether asking again might help. */
export type ModelErrorKind =
  | 'stream' // the stream broke or closed early, bad JSON, idle timeout
  | 'http' // a status the server may recover from (5xx, 429)
  | 'connection'
  | 'rate_limit'
  | 'context_length_exceeded'
  | 'quota'
  | 'incomplete'
  | 'unauthorized'
  | 'policy' // a usage policy refused the request; the same request would be refused again
  | 'chain_lost' // the stored response a chained request named is unknown or expired: send the whole conversation
  | 'request'; // the server refused the request itself

export class ModelError extends Error {
  constructor(
    message: string,
    readonly kind: ModelErrorKind,
    readonly retryable: boolean,
    /** The server's own advice on when to try again, if it gave one. */
    readonly retryAfterMs?: number,
    /** The HTTP status the server answered with, when it answered with one. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export const QUOTA_MESSAGE = 'Quota exceeded. Check your plan and billing details.';
export const STREAM_CLOSED_MESSAGE = 'stream closed before response.completed';
export const CYBER_POLICY_MESSAGE =
  "OpenAI's safety checks refused this request as possible high-risk cybersecurity activity (cyber_policy), so the turn stopped: " +
  'asking again would be refused the same way. Rephrase the request without what may have been flagged, ' +
  'or start a new session if the conversation so far is what was flagged.';

/**
 * OpenAI's `cyber_policy` refusal, whether a `response.failed` event or an HTTP error body carried
 * it. Final, as in Codex: retrying sends the very request that was refused.
 */
function cyberPolicyError(serverMessage: string | null | undefined): ModelError {
  const said = serverMessage?.trim();
  return new ModelError(said ? `${CYBER_POLICY_MESSAGE} The server said: ${said}` : CYBER_POLICY_MESSAGE, 'policy', false);
}

/** "Please try again in 1.5s" / "in 250ms", as rate-limit messages put it. */
export function retryDelayFromMessage(message: string | undefined): number | undefined {
  const match = message && /try again in\s*([\d.]+)\s*(ms|s|seconds?)\b/i.exec(message);
  if (!match) return undefined;
  const value = Number(match[1]);
  if (!Number.isFinite(value)) return undefined;
  return match[2]!.toLowerCase() === 'ms' ? value : value * 1000;
}

function retryAfterHeader(headers: Headers | undefined): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Maps an error a failed `response.failed` event carried. */
export function errorFromFailedResponse(error: { code?: string | null; message?: string | null } | null | undefined): ModelError {
  const code = error?.code ?? 'unknown';
  const message = error?.message ?? 'the model reported a failure';
  switch (code) {
    case 'context_length_exceeded':
      return new ModelError('The conversation is longer than the model\'s context window.', 'context_length_exceeded', false);
    case 'insufficient_quota':
      return new ModelError(QUOTA_MESSAGE, 'quota', false);
    case 'cyber_policy':
      return cyberPolicyError(error?.message);
    case 'previous_response_not_found':
      return chainLost(error?.message ?? undefined);
    case 'rate_limit_exceeded':
      return new ModelError(`Rate limited: ${message}`, 'rate_limit', true, retryDelayFromMessage(message));
    default:
      return new ModelError(`The model failed: ${message}`, 'stream', true, retryDelayFromMessage(message));
  }
}

/**
 * The system's reason under a connection error (" (ECONNREFUSED)"), found down its chain of causes, so that
 * the window can say "refused" rather than "dropped".
 */
function connectionCause(err: Error): string {
  let cause: unknown = err.cause;
  for (let depth = 0; depth < 5 && cause && typeof cause === 'object'; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return ` (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return '';
}

/** Maps whatever the SDK threw into a ModelError; user aborts pass through untouched. */
export function errorFromSdk(err: unknown): unknown {
  if (err instanceof ModelError || err instanceof APIUserAbortError) return err;
  if (err instanceof APIConnectionError) return new ModelError(`Could not reach the model: ${err.message}${connectionCause(err)}`, 'connection', true);
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    const body = err.error as { code?: string; message?: string; error?: { code?: string; message?: string } } | undefined;
    const code = err.code ?? body?.code ?? body?.error?.code;
    const detail = body?.message ?? body?.error?.message ?? err.message;
    if (code === 'insufficient_quota') return new ModelError(QUOTA_MESSAGE, 'quota', false);
    if (code === 'context_length_exceeded') return errorFromFailedResponse({ code });
    if (code === 'previous_response_not_found') return chainLost(detail);
    // Before the status checks: the refusal comes as a 400 or a 403, which must not read as a bad key.
    if (code === 'cyber_policy') return cyberPolicyError(body?.message ?? body?.error?.message);
    if (status === 401 || status === 403) {
      return new ModelError(`The model server refused the API key (HTTP ${status}). Check the key in settings or OPENAI_API_KEY.`, 'unauthorized', false);
    }
    if (status === 429) return new ModelError(`Rate limited (HTTP 429): ${detail}`, 'rate_limit', true, retryAfterHeader(err.headers) ?? retryDelayFromMessage(detail));
    if (status >= 500) return new ModelError(`The model server failed (HTTP ${status}): ${detail}`, 'http', true, retryAfterHeader(err.headers));
    if (status === 0) return new ModelError(`The model stream failed: ${detail}`, 'stream', true);
    return new ModelError(`The model server refused the request (HTTP ${status}): ${detail}`, 'request', false, undefined, status);
  }
  // Bad JSON in the stream, a socket reset mid-body and the like surface as plain errors.
  const message = err instanceof Error ? err.message : String(err);
  return new ModelError(`The model stream failed: ${message}`, 'stream', true);
}

export function isAbort(err: unknown): boolean {
  return err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError');
}

/**
 * The server no longer has the response a chained request continued; the caller resends everything. A
 * chained request answered with 404 means the same (the caller knows it was chained).
 */
export function isChainLost(err: unknown, chained: boolean): boolean {
  return err instanceof ModelError && (err.kind === 'chain_lost' || (chained && err.status === 404));
}

export function chainLost(detail: string | undefined): ModelError {
  return new ModelError(`The server no longer has the earlier response (${detail ?? 'previous_response_not_found'})`, 'chain_lost', false);
}
