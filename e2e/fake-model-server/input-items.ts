// Items in the form a client sends them in `input`: what the server keeps of a conversation, and what a
// chained request's model effectively sees. Output items lose their server-side ids here, as the agent's
// history does (electron/agent/model/client.ts `historyItemFromOutput`); kept separate so the fake is a
// second opinion on that conversion, not a copy of it.
import type { OutputItem } from './output-items.js';
import type { ResponsesRequestBody } from './recorded-request.js';

export type InputItem = Record<string, unknown>;

/** A request's own `input` as items; a bare string is one user message, as the real API reads it. */
export function inputItemsOf(input: ResponsesRequestBody['input']): InputItem[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  return Array.isArray(input) ? input : [];
}

export function inputItemFromOutput(item: OutputItem): InputItem {
  switch (item.type) {
    case 'message':
      return { type: 'message', role: 'assistant', content: item.content.map((part) => ({ type: 'output_text', text: part.text })) };
    case 'reasoning':
      return {
        type: 'reasoning',
        summary: item.summary.map((part) => ({ type: 'summary_text', text: part.text })),
        encrypted_content: item.encrypted_content ?? null,
      };
    case 'function_call':
      return { type: 'function_call', name: item.name, arguments: item.arguments, call_id: item.call_id };
    case 'custom_tool_call':
      return { type: 'custom_tool_call', name: item.name, input: item.input, call_id: item.call_id };
    case 'local_shell_call':
      return {
        type: 'local_shell_call',
        call_id: item.call_id,
        status: item.status,
        action: {
          type: 'exec',
          command: item.action.command,
          timeout_ms: item.action.timeout_ms ?? null,
          working_directory: item.action.working_directory ?? null,
        },
      };
  }
}
