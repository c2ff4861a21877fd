import type { ItemsAnswer, ScriptedItem } from './scripted-response.js';

export function message(text: string): ScriptedItem {
  return { type: 'message', text };
}

export function reasoning(summary: string, encrypted?: string): ScriptedItem {
  return encrypted === undefined ? { type: 'reasoning', summary } : { type: 'reasoning', summary, encrypted };
}

export function functionCall(name: string, args: string | object, callId?: string): ScriptedItem {
  return callId === undefined ? { type: 'function_call', name, arguments: args } : { type: 'function_call', name, arguments: args, callId };
}

/** A call of the agent's `shell_command` tool, the way the model asks to run a command line. */
export function shellCommand(
  command: string,
  extra: { timeout_ms?: number; workdir?: string; callId?: string } = {},
): ScriptedItem {
  const { callId, ...options } = extra;
  return functionCall('shell_command', { command, ...options }, callId);
}

/** A freeform `apply_patch` call; `input` is the patch text (`*** Begin Patch` ... `*** End Patch`). */
export function applyPatch(input: string, callId?: string): ScriptedItem {
  return callId === undefined ? { type: 'custom_tool_call', name: 'apply_patch', input } : { type: 'custom_tool_call', name: 'apply_patch', input, callId };
}

export function localShellCall(
  command: string[],
  extra: { timeoutMs?: number; workdir?: string; callId?: string } = {},
): ScriptedItem {
  return { type: 'local_shell_call', command, ...extra };
}

/** A normal answer made of these items. */
export function reply(...items: ScriptedItem[]): ItemsAnswer {
  return { items };
}
