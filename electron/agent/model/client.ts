import OpenAI from 'openai';
import type { ResponseStreamEvent, ResponseOutputItem, ResponseUsage } from 'openai/resources/responses/responses';
import type { TokenUsage } from '../../../shared/protocol/index.js';
import type { HistoryItem } from '../history/items.js';
import { ModelError, STREAM_CLOSED_MESSAGE, errorFromFailedResponse, errorFromSdk } from './errors.js';
import type { ModelRequest } from './request.js';

/** What the turn loop needs from one streamed response. */
export type ModelStreamEvent =
  | { type: 'text_delta'; delta: string }
  | { type: 'reasoning_delta'; delta: string }
  | { type: 'item_done'; item: HistoryItem }
  | { type: 'completed'; responseId: string; usage: TokenUsage | null };

export const IDLE_STREAM_TIMEOUT_MS = 300_000;

export interface ModelClientOptions {
  apiKey: string;
  baseURL?: string | undefined;
  idleTimeoutMs?: number;
}

/** One streaming POST to `{base}/responses` per call, through the openai SDK, with Tandem's error mapping. */
export class ModelClient {
  private readonly client: OpenAI;
  private readonly idleTimeoutMs: number;

  constructor(options: ModelClientOptions) {
    // Retries are the turn loop's (with stream_error notices), so the SDK must not retry on its own.
    // Failures reach the person as events, so the SDK's own console logging stays off.
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: 10 * 60_000, logLevel: 'off' });
    this.idleTimeoutMs = options.idleTimeoutMs ?? IDLE_STREAM_TIMEOUT_MS;
  }

  /** `onOpened` is called once the server has answered the request (its headers came), before any event. */
  async *stream(request: ModelRequest, signal: AbortSignal, onOpened?: () => void): AsyncGenerator<ModelStreamEvent> {
    const attempt = new AbortController();
    const onAbort = () => attempt.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // One timer for the whole stream, checked against the last event's time when it fires: re-arming a timer for
    // every delta cost more than anything else Tandem does with one.
    let lastEventAt = performance.now();
    let idled = false;
    let idleTimer: NodeJS.Timeout | undefined;
    const watchIdle = (afterMs: number) => {
      idleTimer = setTimeout(() => {
        const quietMs = performance.now() - lastEventAt;
        if (quietMs < this.idleTimeoutMs) {
          watchIdle(this.idleTimeoutMs - quietMs);
          return;
        }
        idled = true;
        attempt.abort();
      }, afterMs);
    };
    try {
      watchIdle(this.idleTimeoutMs);
      const body = { ...request, stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming;
      const stream = await this.client.responses.create(body, { signal: attempt.signal });
      onOpened?.();
      for await (const event of stream as AsyncIterable<ResponseStreamEvent>) {
        lastEventAt = performance.now();
        const mapped = mapStreamEvent(event);
        if (mapped === 'ignore') continue;
        yield mapped;
        if (mapped.type === 'completed') return;
      }
      throw new ModelError(STREAM_CLOSED_MESSAGE, 'stream', true);
    } catch (err) {
      if (idled && !signal.aborted) throw new ModelError(`idle timeout: no stream event for ${Math.round(this.idleTimeoutMs / 1000)} s`, 'stream', true);
      if (signal.aborted) throw signal.reason ?? err;
      throw errorFromSdk(err);
    } finally {
      clearTimeout(idleTimer);
      signal.removeEventListener('abort', onAbort);
      attempt.abort();
    }
  }
}

function mapStreamEvent(event: ResponseStreamEvent): ModelStreamEvent | 'ignore' {
  switch (event.type) {
    case 'response.output_text.delta':
      return { type: 'text_delta', delta: event.delta };
    case 'response.reasoning_summary_text.delta':
      return { type: 'reasoning_delta', delta: event.delta };
    case 'response.output_item.done': {
      const item = historyItemFromOutput(event.item);
      return item ? { type: 'item_done', item } : 'ignore';
    }
    case 'response.completed':
      return { type: 'completed', responseId: event.response.id, usage: tokenUsage(event.response.usage) };
    case 'response.failed':
      throw errorFromFailedResponse(event.response.error);
    case 'response.incomplete': {
      const reason = event.response.incomplete_details?.reason ?? 'unknown';
      throw new ModelError(`Incomplete response returned, reason: ${reason}`, 'incomplete', false);
    }
    case 'error':
      throw errorFromFailedResponse({ code: event.code, message: event.message });
    default:
      return 'ignore';
  }
}

export function tokenUsage(usage: ResponseUsage | undefined | null): TokenUsage | null {
  if (!usage) return null;
  return {
    input_tokens: usage.input_tokens ?? 0,
    cached_input_tokens: usage.input_tokens_details?.cached_tokens ?? 0,
    output_tokens: usage.output_tokens ?? 0,
    reasoning_output_tokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
    total_tokens: usage.total_tokens ?? 0,
  };
}

/** Keeps what history needs of a finished output item; server-side ids are dropped (store is false). */
export function historyItemFromOutput(item: ResponseOutputItem): HistoryItem | null {
  switch (item.type) {
    case 'message':
      return {
        type: 'message',
        role: 'assistant',
        content: item.content.map((part) => ({ type: 'output_text' as const, text: part.type === 'output_text' ? part.text : part.refusal })),
      };
    case 'reasoning':
      return {
        type: 'reasoning',
        summary: item.summary.map((part) => ({ type: 'summary_text' as const, text: part.text })),
        encrypted_content: item.encrypted_content ?? null,
      };
    case 'function_call':
      return { type: 'function_call', name: item.name, arguments: item.arguments, call_id: item.call_id };
    case 'custom_tool_call':
      return { type: 'custom_tool_call', name: item.name, input: item.input, call_id: item.call_id };
    case 'local_shell_call':
      return {
        type: 'local_shell_call',
        call_id: item.call_id ?? item.id,
        status: item.status,
        action: {
          type: 'exec',
          command: item.action.command,
          timeout_ms: item.action.timeout_ms ?? null,
          working_directory: item.action.working_directory ?? null,
        },
      };
    default:
      return null;
  }
}
