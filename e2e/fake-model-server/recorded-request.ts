import type { IncomingHttpHeaders } from 'node:http';
import type { InputItem } from './input-items.js';

/** The fields a Responses API request carries (agent-behavior.md section 2); anything else passes through. */
export interface ResponsesRequestBody {
  model?: string;
  instructions?: string;
  input?: string | Array<Record<string, unknown>>;
  tools?: Array<Record<string, unknown>>;
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
  /** Whether the server keeps the response for `previous_response_id`; the real API's default is true. */
  store?: boolean;
  previous_response_id?: string | null;
  stream?: boolean;
  prompt_cache_key?: string;
  reasoning?: { effort?: string; summary?: string } | null;
  include?: string[];
  [field: string]: unknown;
}

export interface RecordedRequest {
  /** Position in `FakeModelServer.requests` and `responseEnds` (0-based); request #N in messages is index N-1. */
  index: number;
  /** The parsed JSON body, what was sent; `{}` when the body was not JSON (the server then answers 400). */
  body: ResponsesRequestBody;
  /**
   * What the model effectively saw: the stored conversation of `previous_response_id` (its input, then its
   * output) followed by this request's `input`; just `input` for an unchained request. Null when the server
   * refused the request (a body that is not JSON, an unknown previous response).
   */
  effectiveInput: InputItem[] | null;
  /** Bytes of the raw request body as uploaded, which the default usage estimates input tokens from. */
  bodyBytes: number;
  headers: IncomingHttpHeaders;
  /** `performance.now()` when the request's headers arrived. */
  receivedAt: number;
  /** `performance.now()` when the last byte of its body arrived: the moment the request was fully sent. */
  bodyReceivedAt: number;
}
