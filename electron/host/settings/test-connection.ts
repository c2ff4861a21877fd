import type { HostResult } from '../../../shared/host/contract.js';

export type ConnectionTest = HostResult<'test_connection'>;

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** A person waits on this: a server that has not answered by then is as good as unreachable. */
export const CONNECTION_TEST_TIMEOUT_MS = 5_000;

/** Why a request never got an answer, in plain words, from the error fetch throws. */
function whyUnreachable(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code = cause?.code ?? (err as { code?: string } | null)?.code;
  if ((err as Error | null)?.name === 'TimeoutError') return `no answer within ${CONNECTION_TEST_TIMEOUT_MS / 1000} s`;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused: nothing is listening there';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'that host name is not known';
    case 'ECONNRESET':
      return 'the connection was cut';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'its certificate is not trusted';
  }
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/**
 * One cheap request (GET {base}/models, which every OpenAI-style server answers and which costs no tokens)
 * telling whether a base URL and key would work.
 */
export async function testConnection(baseUrl: string | null, apiKey: string | null, fetchImpl: typeof fetch = fetch): Promise<ConnectionTest> {
  const base = (baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetchImpl(`${base}/models`, {
      headers: { accept: 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      signal: AbortSignal.timeout(CONNECTION_TEST_TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (err) {
    return { outcome: 'not_reachable', base_url: base, message: `Tandem could not reach ${base}: ${whyUnreachable(err)}. Check the base URL.` };
  }
  const text = await response.text().catch(() => '');
  if (response.status === 401 || response.status === 403) {
    const message = apiKey
      ? `${base} answered, but refused the API key (HTTP ${response.status}). Check the key.`
      : `${base} answered, but wants an API key, and none is set. Enter one.`;
    return { outcome: 'key_refused', base_url: base, message };
  }
  if (response.status >= 500) {
    return { outcome: 'not_reachable', base_url: base, message: `${base} answered with a server error (HTTP ${response.status}). Try again in a while.` };
  }
  if (response.ok && listsModels(text)) return { outcome: 'reachable', base_url: base, message: `${base} answered and took the key.` };
  return {
    outcome: 'not_responses',
    base_url: base,
    message: `Something answered at ${base} (HTTP ${response.status}), but not as an OpenAI-style API does. Check the base URL: it usually ends in /v1.`,
  };
}

/** The answer of GET /models on an OpenAI-style server: `{"object": "list", "data": [...]}`. */
function listsModels(text: string): boolean {
  try {
    const json = JSON.parse(text) as { data?: unknown } | null;
    return json !== null && typeof json === 'object' && Array.isArray(json.data);
  } catch {
    return false;
  }
}
