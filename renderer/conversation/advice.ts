/**
 * Turns the agent's error, warning and retry messages into plain words and a next step. The agent's words
 * are written for logs; a person needs to know what broke and what to do about it.
 */

export interface Explanation {
  text: string;
  advice: string | null;
  /** The problem is a missing or refused API key: the window should lead the person to Settings. */
  needsApiKey: boolean;
}

interface Rule {
  test: RegExp;
  text: string;
  advice: string;
  needsApiKey?: boolean;
}

const errorRules: Rule[] = [
  {
    test: /api[ _-]?key|OPENAI_API_KEY|\b401\b|unauthori[sz]ed|authentication|invalid_api_key|incorrect api key/i,
    text: 'The model provider did not accept the API key, or none is set.',
    advice: 'Open Settings, enter your API key, then send your message again.',
    needsApiKey: true,
  },
  {
    test: /quota|insufficient_quota|billing/i,
    text: 'Your model provider says the quota is used up.',
    advice: "Check your plan and billing with the provider, then send your message again.",
  },
  {
    test: /context[_ ]length|context window|maximum context|too many tokens/i,
    text: 'The conversation no longer fits in the model’s context.',
    advice: 'Start a new session for this project, or ask the agent to compact the conversation.',
  },
  {
    test: /rate[ _-]?limit|\b429\b|too many requests/i,
    text: 'The model provider is limiting how fast Tandem may ask.',
    advice: 'Wait a minute, then send your message again.',
  },
  {
    test: /model.*(not found|does not exist|not exist)|\b404\b|unknown model/i,
    text: 'The model provider does not know the model that is set.',
    advice: 'Open Settings and check the model name and base URL.',
  },
  {
    test: /HTTP 5\d\d|server failed|server error|overloaded|service unavailable/i,
    text: 'The model provider had a problem on its side.',
    advice: 'Wait a little, then send your message again.',
  },
  {
    test: /ECONNREFUSED|connection refused/i,
    text: 'Nothing answered at the model provider’s address: the connection was refused.',
    advice: 'Check the base URL in Settings (Test connection tries it), then send your message again.',
  },
  {
    test: /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|fetch failed|network|connect|could not reach|timed? ?out|stream closed|stream failed|stream disconnected|socket/i,
    text: 'Tandem could not reach the model provider.',
    advice: 'Check your network and the base URL in Settings, then send your message again.',
  },
];

export function explainError(message: string): Explanation {
  const rule = errorRules.find((r) => r.test.test(message));
  if (rule) return { text: rule.text, advice: rule.advice, needsApiKey: rule.needsApiKey ?? false };
  return {
    text: message.trim() || 'Something went wrong.',
    advice: 'Send your message again. If it keeps happening, check Settings.',
    needsApiKey: false,
  };
}

export interface RetryProgress {
  attempt: number | null;
  maxAttempts: number | null;
}

/** Reads "n/5" out of a stream_error when the numbers are not given as fields. */
export function retryProgress(message: string, attempt?: number, maxAttempts?: number): RetryProgress {
  const match = /(\d+)\s*\/\s*(\d+)/.exec(message);
  return {
    attempt: attempt ?? (match?.[1] !== undefined ? Number(match[1]) : null),
    maxAttempts: maxAttempts ?? (match?.[2] !== undefined ? Number(match[2]) : null),
  };
}

/** Why a request is being tried again, in plain words, from the agent's stream_error message. */
function retryCause(message: string): string {
  if (/ECONNREFUSED|connection refused/i.test(message)) return 'Tandem could not connect to the model provider: the connection was refused';
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(message)) return 'Tandem could not find the model provider: its host name is not known';
  if (/timed? ?out|ETIMEDOUT|idle/i.test(message)) return 'The model provider did not answer in time';
  if (/rate[ _-]?limit|\b429\b/i.test(message)) return 'The model provider asked Tandem to slow down';
  if (/HTTP 5\d\d|server error|overloaded|model failed/i.test(message)) return 'The model provider had a problem on its side';
  if (/Could not reach|Connection error|fetch failed/i.test(message)) return 'Tandem could not reach the model provider';
  return 'The connection to the model dropped';
}

export function explainRetry(progress: RetryProgress, message = ''): Explanation {
  const count =
    progress.attempt !== null
      ? progress.maxAttempts !== null
        ? ` (try ${progress.attempt} of ${progress.maxAttempts})`
        : ` (try ${progress.attempt})`
      : '';
  return {
    text: `${retryCause(message)}; Tandem is trying again${count}.`,
    advice: null,
    needsApiKey: false,
  };
}
