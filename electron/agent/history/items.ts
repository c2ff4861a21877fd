/**
 * The conversation as the Responses API takes it back in `input`. These mirror the SDK's input item
 * shapes, narrowed to what Tandem keeps; ids the server assigned are not kept, since with `store: false`
 * the server cannot resolve them.
 */
export type TextPart = { type: 'input_text' | 'output_text'; text: string };
/** An image the person attached, as the Responses API takes it: a data URL. */
export type ImagePart = { type: 'input_image'; image_url: string; detail: 'auto' };
export type ContentPart = TextPart | ImagePart;

export type MessageItem = { type: 'message'; role: 'user' | 'assistant' | 'developer'; content: ContentPart[] };
export type ReasoningItem = {
  type: 'reasoning';
  summary: { type: 'summary_text'; text: string }[];
  encrypted_content?: string | null;
};
export type FunctionCallItem = { type: 'function_call'; name: string; arguments: string; call_id: string };
export type FunctionCallOutputItem = { type: 'function_call_output'; call_id: string; output: string };
export type CustomToolCallItem = { type: 'custom_tool_call'; name: string; input: string; call_id: string };
export type CustomToolCallOutputItem = { type: 'custom_tool_call_output'; call_id: string; output: string };
export type LocalShellCallItem = {
  type: 'local_shell_call';
  call_id: string;
  status: 'completed' | 'in_progress' | 'incomplete';
  action: { type: 'exec'; command: string[]; timeout_ms?: number | null; working_directory?: string | null; env?: Record<string, string> };
};

export type CallItem = FunctionCallItem | CustomToolCallItem | LocalShellCallItem;
export type OutputItem = FunctionCallOutputItem | CustomToolCallOutputItem;
export type HistoryItem = MessageItem | ReasoningItem | CallItem | OutputItem;

export function isCall(item: HistoryItem): item is CallItem {
  return item.type === 'function_call' || item.type === 'custom_tool_call' || item.type === 'local_shell_call';
}

export function isOutput(item: HistoryItem): item is OutputItem {
  return item.type === 'function_call_output' || item.type === 'custom_tool_call_output';
}

/** The output item that answers a call: custom tools get custom outputs; function and local shell calls get function outputs. */
export function outputFor(call: CallItem, output: string): OutputItem {
  return call.type === 'custom_tool_call'
    ? { type: 'custom_tool_call_output', call_id: call.call_id, output }
    : { type: 'function_call_output', call_id: call.call_id, output };
}

/** A person's message: its text, then the images it carried. */
export function userMessage(text: string, images: readonly string[] = []): MessageItem {
  // A message of pictures alone has no words to send.
  const content: ContentPart[] = text === '' && images.length > 0 ? [] : [{ type: 'input_text', text }];
  for (const url of images) content.push({ type: 'input_image', image_url: url, detail: 'auto' });
  return { type: 'message', role: 'user', content };
}

/** The words of a message; its images have none. */
export function messageText(item: MessageItem): string {
  return item.content.map((part) => (part.type === 'input_image' ? '' : part.text)).join('');
}

/** How many images a history item carries (each costs the model about IMAGE_TOKEN_ESTIMATE tokens, whatever its bytes). */
export function imageCount(item: HistoryItem): number {
  return item.type === 'message' ? item.content.filter((part) => part.type === 'input_image').length : 0;
}
