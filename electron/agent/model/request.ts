import type { HistoryItem } from '../history/items.js';
import type { ReasoningEffort } from '../../../shared/protocol/index.js';
import type { ToolSpec } from '../tools/spec.js';

/** The body of one Responses API request, as Tandem sends it. */
export interface ModelRequest {
  model: string;
  instructions: string;
  input: HistoryItem[];
  tools: ToolSpec[];
  tool_choice: 'auto';
  parallel_tool_calls: boolean;
  /** True only when the session keeps its conversation on the server (then requests chain). */
  store: boolean;
  /** The stored response this request continues; `input` then holds only what came after it. */
  previous_response_id?: string;
  prompt_cache_key: string;
  reasoning?: { effort: ReasoningEffort; summary: 'auto' | 'concise' | 'detailed' };
  include?: string[];
}

/** Reasoning models take `reasoning` and hand back encrypted reasoning to send on the next request. */
export function isReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5|codex)/i.test(model);
}

export function buildModelRequest(args: {
  model: string;
  instructions: string;
  input: HistoryItem[];
  tools: ToolSpec[];
  sessionId: string;
  effort: ReasoningEffort | null;
  /** Keep the conversation on the server, continuing `previousResponseId` when there is one. */
  serverState?: { previousResponseId: string | null } | undefined;
}): ModelRequest {
  const request: ModelRequest = {
    model: args.model,
    instructions: args.instructions,
    input: args.input,
    tools: args.tools,
    tool_choice: 'auto',
    parallel_tool_calls: true,
    store: args.serverState !== undefined,
    prompt_cache_key: args.sessionId,
  };
  if (args.serverState?.previousResponseId) request.previous_response_id = args.serverState.previousResponseId;
  if (isReasoningModel(args.model)) {
    request.reasoning = { effort: args.effort ?? 'medium', summary: 'auto' };
    request.include = ['reasoning.encrypted_content'];
  }
  return request;
}
