// Scripted items made concrete: the finished output items exactly as `response.output_item.done` and
// `response.completed` carry them, with field names from the SDK's responses.d.ts.
import type { IdSource } from './ids.js';
import type { ScriptedItem } from './scripted-response.js';

export type OutputItem =
  | { type: 'message'; id: string; status: 'completed'; role: 'assistant'; content: OutputText[] }
  | { type: 'reasoning'; id: string; summary: SummaryText[]; encrypted_content?: string }
  | { type: 'function_call'; id: string; status: 'completed'; call_id: string; name: string; arguments: string }
  | { type: 'custom_tool_call'; id: string; call_id: string; name: string; input: string }
  | { type: 'local_shell_call'; id: string; status: 'completed'; call_id: string; action: LocalShellAction };

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: never[];
  logprobs: never[];
}

export interface SummaryText {
  type: 'summary_text';
  text: string;
}

export interface LocalShellAction {
  type: 'exec';
  command: string[];
  env: Record<string, string>;
  timeout_ms?: number;
  working_directory?: string;
}

export function outputText(text: string): OutputText {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function toOutputItem(item: ScriptedItem, ids: IdSource): OutputItem {
  switch (item.type) {
    case 'message':
      return { type: 'message', id: ids.next('msg'), status: 'completed', role: 'assistant', content: [outputText(item.text)] };
    case 'reasoning': {
      const summary: SummaryText[] = item.summary === '' ? [] : [{ type: 'summary_text', text: item.summary }];
      const done: OutputItem = { type: 'reasoning', id: ids.next('rs'), summary };
      if (item.encrypted !== undefined) done.encrypted_content = item.encrypted;
      return done;
    }
    case 'function_call':
      return {
        type: 'function_call',
        id: ids.next('fc'),
        status: 'completed',
        call_id: item.callId ?? ids.next('call'),
        name: item.name,
        arguments: typeof item.arguments === 'string' ? item.arguments : JSON.stringify(item.arguments),
      };
    case 'custom_tool_call':
      return { type: 'custom_tool_call', id: ids.next('ctc'), call_id: item.callId ?? ids.next('call'), name: item.name, input: item.input };
    case 'local_shell_call': {
      const action: LocalShellAction = { type: 'exec', command: item.command, env: {} };
      if (item.timeoutMs !== undefined) action.timeout_ms = item.timeoutMs;
      if (item.workdir !== undefined) action.working_directory = item.workdir;
      return { type: 'local_shell_call', id: ids.next('lsc'), status: 'completed', call_id: item.callId ?? ids.next('call'), action };
    }
  }
}

/** Characters of visible output, for the usage estimate. */
export function outputChars(item: OutputItem): number {
  switch (item.type) {
    case 'message':
      return item.content.reduce((sum, part) => sum + part.text.length, 0);
    case 'reasoning':
      return 0;
    case 'function_call':
      return item.name.length + item.arguments.length;
    case 'custom_tool_call':
      return item.name.length + item.input.length;
    case 'local_shell_call':
      return item.action.command.reduce((sum, word) => sum + word.length + 1, 0);
  }
}

export function reasoningChars(item: OutputItem): number {
  return item.type === 'reasoning' ? item.summary.reduce((sum, part) => sum + part.text.length, 0) : 0;
}
