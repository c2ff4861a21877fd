import type { IncomingHttpHeaders } from 'node:http';

/** The fields a Responses API request carries (agent-behavior.md section 2); anything else passes through. */
export interface ResponsesRequestBody {
  model?: string;
  instructions?: string;
  input?: string | Array<Record<string, unknown>>;
  tools?: Array<Record<string, unknown>>;
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
  store?: boolean;
  stream?: boolean;
  prompt_cache_key?: string;
  reasoning?: { effort?: string; summary?: string } | null;
  include?: string[];
  [field: string]: unknown;
}

export interface RecordedRequest {
  /** Position in `FakeModelServer.requests` and `responseEnds` (0-based); request #N in messages is index N-1. */
  index: number;
  /** The parsed JSON body; `{}` when the body was not JSON (the server then answers 400). */
  body: ResponsesRequestBody;
  /** Size of the raw body, which the default usage estimates input tokens from. */
  bodyBytes: number;
  headers: IncomingHttpHeaders;
  /** `performance.now()` when the request's headers arrived. */
  receivedAt: number;
}
