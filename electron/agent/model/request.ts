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
  store: false;
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
}): ModelRequest {
  const request: ModelRequest = {
    model: args.model,
    instructions: args.instructions,
    input: args.input,
    tools: args.tools,
    tool_choice: 'auto',
    parallel_tool_calls: true,
    store: false,
    prompt_cache_key: args.sessionId,
  };
  if (isReasoningModel(args.model)) {
    request.reasoning = { effort: args.effort ?? 'medium', summary: 'auto' };
    request.include = ['reasoning.encrypted_content'];
  }
  return request;
}
