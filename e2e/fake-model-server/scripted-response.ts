// What a test tells the fake model to answer. Kept as plain JSON-shaped data so the same values work in
// TypeScript tests and in the CLI's script files.

export type ScriptedItem =
  | { type: 'message'; text: string }
  | { type: 'reasoning'; summary: string; encrypted?: string }
  | { type: 'function_call'; name: string; arguments: string | object; callId?: string }
  | { type: 'custom_tool_call'; name: string; input: string; callId?: string }
  | { type: 'local_shell_call'; command: string[]; timeoutMs?: number; workdir?: string; callId?: string };

export interface Usage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface UsageOverrides {
  input_tokens?: number;
  input_tokens_details?: { cached_tokens?: number };
  output_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number };
  total_tokens?: number;
}

/** A normal answer: the items stream out, then `response.completed`. */
export interface ItemsAnswer {
  items: ScriptedItem[];
  usage?: UsageOverrides;
  /** The response id; `resp_<n>` when absent. */
  id?: string;
  /** How many deltas each message's text is cut into; about one per eight words when absent. */
  deltaChunks?: number;
  /** Gap between consecutive deltas (of any item), kept on an absolute schedule so it does not drift. */
  deltaDelayMs?: number;
  /**
   * Stops the stream after this many deltas until the test calls `releaseHeld()` on the server, so that a test
   * can look at a half-streamed answer however slow the machine is.
   */
  holdAfterDeltas?: number;
}

export interface HttpErrorAnswer {
  httpError: number;
  /** The JSON body; an OpenAI-style `{error: {...}}` when absent. */
  body?: unknown;
  retryAfter?: string;
  /** Any further response headers, e.g. `retry-after-ms`. */
  headers?: Record<string, string>;
}

export interface CloseEarlyAnswer {
  closeEarly: true;
  items?: ScriptedItem[];
  /** Reset the connection instead of ending the HTTP body cleanly. */
  abrupt?: boolean;
}

export interface FailedAnswer {
  failed: { code: 'context_length_exceeded' | 'insufficient_quota' | 'rate_limit_exceeded' | 'server_error' | (string & {}); message: string };
  /** Items streamed before the failure. */
  items?: ScriptedItem[];
}

export interface IncompleteAnswer {
  incomplete: { reason: 'max_output_tokens' | 'content_filter' | (string & {}) };
  items?: ScriptedItem[];
  usage?: UsageOverrides;
}

export interface StallAnswer {
  stall: true;
}

export interface MalformedAnswer {
  malformed: true;
}

export interface RawEventsAnswer {
  rawEvents: object[];
}

export type ScriptedResponse =
  | ItemsAnswer
  | HttpErrorAnswer
  | CloseEarlyAnswer
  | FailedAnswer
  | IncompleteAnswer
  | StallAnswer
  | MalformedAnswer
  | RawEventsAnswer;

export type ClassifiedAnswer =
  | { kind: 'items'; answer: ItemsAnswer }
  | { kind: 'httpError'; answer: HttpErrorAnswer }
  | { kind: 'closeEarly'; answer: CloseEarlyAnswer }
  | { kind: 'failed'; answer: FailedAnswer }
  | { kind: 'incomplete'; answer: IncompleteAnswer }
  | { kind: 'stall'; answer: StallAnswer }
  | { kind: 'malformed'; answer: MalformedAnswer }
  | { kind: 'rawEvents'; answer: RawEventsAnswer };

/** Names the variant by its marker key, so players can switch exhaustively. */
export function classifyAnswer(response: ScriptedResponse): ClassifiedAnswer {
  if ('httpError' in response) return { kind: 'httpError', answer: response };
  if ('stall' in response) return { kind: 'stall', answer: response };
  if ('malformed' in response) return { kind: 'malformed', answer: response };
  if ('rawEvents' in response) return { kind: 'rawEvents', answer: response };
  if ('failed' in response) return { kind: 'failed', answer: response };
  if ('incomplete' in response) return { kind: 'incomplete', answer: response };
  if ('closeEarly' in response) return { kind: 'closeEarly', answer: response };
  return { kind: 'items', answer: response };
}
