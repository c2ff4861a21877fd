// The event sequence of one streamed answer, in the order the real Responses API sends it, so that both a
// raw `responses.create({stream: true})` consumer and the SDK's accumulating `responses.stream()` helper
// accept it. Events are produced lazily: a paced answer of thousands of deltas costs nothing up front.
import { splitByWords, splitIntoChunks } from './delta-split.js';
import { outputChars, outputText, reasoningChars, type OutputItem } from './output-items.js';
import type { UsageOverrides } from './scripted-response.js';
import { buildUsage } from './usage.js';

export interface StreamEvent {
  type: string;
  [field: string]: unknown;
}

export interface OutgoingEvent {
  event: StreamEvent;
  /** Deltas are what `deltaDelayMs` paces; everything else goes out as soon as it is due. */
  isDelta: boolean;
}

export type Ending =
  | { kind: 'completed'; usage?: UsageOverrides }
  | { kind: 'failed'; error: { code: string; message: string } }
  | { kind: 'incomplete'; reason: string; usage?: UsageOverrides }
  /** The stream stops after the items, with no closing event. */
  | { kind: 'cut' };

export interface ResponsePlan {
  id: string;
  model: string;
  createdAt: number;
  parallelToolCalls: boolean;
  requestBytes: number;
  /** Echoed from the request, as the real API echoes them. */
  store: boolean;
  previousResponseId: string | null;
  items: OutputItem[];
  ending: Ending;
  deltaChunks?: number;
}

export function* responseEvents(plan: ResponsePlan): Generator<OutgoingEvent, void, undefined> {
  let sequence = 0;
  const make = (type: string, fields: Record<string, unknown>, isDelta = false): OutgoingEvent => ({
    event: { type, sequence_number: sequence++, ...fields },
    isDelta,
  });

  const opening = responseObject(plan, 'in_progress', []);
  yield make('response.created', { response: opening });
  yield make('response.in_progress', { response: opening });

  for (const [outputIndex, item] of plan.items.entries()) {
    for (const { type, fields, isDelta } of itemEvents(item, outputIndex, plan.deltaChunks)) {
      yield make(type, fields, isDelta);
    }
  }

  const closing = closingEvent(plan);
  if (closing !== undefined) yield make(closing.type, { response: closing.response });
}

/** The finished response object, as a non-streaming request gets it. */
export function finalResponse(plan: ResponsePlan): Record<string, unknown> {
  return closingEvent(plan)?.response ?? responseObject(plan, 'in_progress', plan.items);
}

function closingEvent(plan: ResponsePlan): { type: string; response: Record<string, unknown> } | undefined {
  const { ending } = plan;
  switch (ending.kind) {
    case 'completed':
      return {
        type: 'response.completed',
        response: responseObject(plan, 'completed', plan.items, {
          completed_at: Math.floor(Date.now() / 1000),
          usage: usageFor(plan, ending.usage),
        }),
      };
    case 'failed':
      return { type: 'response.failed', response: responseObject(plan, 'failed', plan.items, { error: ending.error }) };
    case 'incomplete':
      return {
        type: 'response.incomplete',
        response: responseObject(plan, 'incomplete', plan.items, {
          incomplete_details: { reason: ending.reason },
          usage: usageFor(plan, ending.usage),
        }),
      };
    case 'cut':
      return undefined;
  }
}

function usageFor(plan: ResponsePlan, overrides: UsageOverrides | undefined) {
  let chars = 0;
  let reasoning = 0;
  for (const item of plan.items) {
    chars += outputChars(item);
    reasoning += reasoningChars(item);
  }
  return buildUsage({ requestBytes: plan.requestBytes, outputChars: chars, reasoningChars: reasoning }, overrides);
}

function responseObject(
  plan: ResponsePlan,
  status: string,
  output: OutputItem[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: plan.id,
    object: 'response',
    created_at: plan.createdAt,
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: plan.model,
    output,
    parallel_tool_calls: plan.parallelToolCalls,
    previous_response_id: plan.previousResponseId,
    store: plan.store,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: null,
    metadata: {},
    ...extra,
  };
}

interface ItemEvent {
  type: string;
  fields: Record<string, unknown>;
  isDelta: boolean;
}

function* itemEvents(item: OutputItem, outputIndex: number, deltaChunks: number | undefined): Generator<ItemEvent, void, undefined> {
  const at = { output_index: outputIndex };
  const plain = (type: string, fields: Record<string, unknown>): ItemEvent => ({ type, fields, isDelta: false });
  const delta = (type: string, fields: Record<string, unknown>): ItemEvent => ({ type, fields, isDelta: true });
  const itemAt = { item_id: item.id, ...at };

  switch (item.type) {
    case 'message': {
      yield plain('response.output_item.added', { ...at, item: { ...item, status: 'in_progress', content: [] } });
      for (const [contentIndex, part] of item.content.entries()) {
        const partAt = { ...itemAt, content_index: contentIndex };
        yield plain('response.content_part.added', { ...partAt, part: outputText('') });
        const pieces = deltaChunks === undefined ? splitByWords(part.text) : splitIntoChunks(part.text, deltaChunks);
        for (const piece of pieces) yield delta('response.output_text.delta', { ...partAt, delta: piece, logprobs: [] });
        yield plain('response.output_text.done', { ...partAt, text: part.text, logprobs: [] });
        yield plain('response.content_part.done', { ...partAt, part });
      }
      break;
    }
    case 'reasoning': {
      const { summary, ...rest } = item;
      yield plain('response.output_item.added', { ...at, item: { ...rest, summary: [] } });
      for (const [summaryIndex, part] of summary.entries()) {
        const partAt = { ...itemAt, summary_index: summaryIndex };
        yield plain('response.reasoning_summary_part.added', { ...partAt, part: { type: 'summary_text', text: '' } });
        for (const piece of splitByWords(part.text)) yield delta('response.reasoning_summary_text.delta', { ...partAt, delta: piece });
        yield plain('response.reasoning_summary_text.done', { ...partAt, text: part.text });
        yield plain('response.reasoning_summary_part.done', { ...partAt, part });
      }
      break;
    }
    case 'function_call':
      yield plain('response.output_item.added', { ...at, item: { ...item, status: 'in_progress', arguments: '' } });
      yield delta('response.function_call_arguments.delta', { ...itemAt, delta: item.arguments });
      yield plain('response.function_call_arguments.done', { ...itemAt, name: item.name, arguments: item.arguments });
      break;
    case 'custom_tool_call':
      yield plain('response.output_item.added', { ...at, item: { ...item, input: '' } });
      yield delta('response.custom_tool_call_input.delta', { ...itemAt, delta: item.input });
      yield plain('response.custom_tool_call_input.done', { ...itemAt, input: item.input });
      break;
    case 'local_shell_call':
      yield plain('response.output_item.added', { ...at, item: { ...item, status: 'in_progress' } });
      break;
  }
  yield plain('response.output_item.done', { ...at, item });
}
