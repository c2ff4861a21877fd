// Checks a script read from JSON (the CLI's --script and --fallback), so a typo is reported with where it
// is instead of surfacing later as a strange answer.
import type { ScriptedItem, ScriptedResponse } from './scripted-response.js';

type Json = Record<string, unknown>;

export class ScriptError extends Error {
  override name = 'ScriptError';
}

export function parseScript(value: unknown, where = 'script'): ScriptedResponse[] {
  if (!Array.isArray(value)) throw new ScriptError(`${where}: expected an array of scripted responses`);
  return value.map((entry, i) => parseScriptedResponse(entry, `${where}[${i}]`));
}

export function parseScriptedResponse(value: unknown, where = 'response'): ScriptedResponse {
  const entry = object(value, where);
  if ('httpError' in entry) {
    integer(entry.httpError, `${where}.httpError`);
    optional(entry.retryAfter, `${where}.retryAfter`, string);
    if (entry.headers !== undefined) {
      for (const [name, header] of Object.entries(object(entry.headers, `${where}.headers`))) string(header, `${where}.headers.${name}`);
    }
  } else if ('stall' in entry) {
    literalTrue(entry.stall, `${where}.stall`);
  } else if ('malformed' in entry) {
    literalTrue(entry.malformed, `${where}.malformed`);
  } else if ('rawEvents' in entry) {
    if (!Array.isArray(entry.rawEvents)) throw new ScriptError(`${where}.rawEvents: expected an array of event objects`);
    entry.rawEvents.forEach((event, i) => object(event, `${where}.rawEvents[${i}]`));
  } else if ('failed' in entry) {
    const failed = object(entry.failed, `${where}.failed`);
    string(failed.code, `${where}.failed.code`);
    string(failed.message, `${where}.failed.message`);
    optionalItems(entry.items, `${where}.items`);
  } else if ('incomplete' in entry) {
    string(object(entry.incomplete, `${where}.incomplete`).reason, `${where}.incomplete.reason`);
    optionalItems(entry.items, `${where}.items`);
  } else if ('closeEarly' in entry) {
    literalTrue(entry.closeEarly, `${where}.closeEarly`);
    optionalItems(entry.items, `${where}.items`);
    optional(entry.abrupt, `${where}.abrupt`, boolean);
  } else if ('items' in entry) {
    optionalItems(entry.items, `${where}.items`);
    optional(entry.id, `${where}.id`, string);
    optional(entry.deltaChunks, `${where}.deltaChunks`, integer);
    optional(entry.deltaDelayMs, `${where}.deltaDelayMs`, number);
    optional(entry.holdAfterDeltas, `${where}.holdAfterDeltas`, number);
    if (entry.usage !== undefined) object(entry.usage, `${where}.usage`);
  } else {
    throw new ScriptError(
      `${where}: expected one of items, httpError, closeEarly, failed, incomplete, stall, malformed, rawEvents`,
    );
  }
  return entry as unknown as ScriptedResponse;
}

function optionalItems(value: unknown, where: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new ScriptError(`${where}: expected an array of items`);
  value.forEach((item, i) => parseItem(item, `${where}[${i}]`));
}

function parseItem(value: unknown, where: string): ScriptedItem {
  const item = object(value, where);
  switch (item.type) {
    case 'message':
      string(item.text, `${where}.text`);
      break;
    case 'reasoning':
      string(item.summary, `${where}.summary`);
      optional(item.encrypted, `${where}.encrypted`, string);
      break;
    case 'function_call':
      string(item.name, `${where}.name`);
      if (typeof item.arguments !== 'string') object(item.arguments, `${where}.arguments`);
      optional(item.callId, `${where}.callId`, string);
      break;
    case 'custom_tool_call':
      string(item.name, `${where}.name`);
      string(item.input, `${where}.input`);
      optional(item.callId, `${where}.callId`, string);
      break;
    case 'local_shell_call':
      if (!Array.isArray(item.command) || item.command.length === 0) throw new ScriptError(`${where}.command: expected a non-empty array of strings`);
      item.command.forEach((word, i) => string(word, `${where}.command[${i}]`));
      optional(item.timeoutMs, `${where}.timeoutMs`, integer);
      optional(item.workdir, `${where}.workdir`, string);
      optional(item.callId, `${where}.callId`, string);
      break;
    default:
      throw new ScriptError(`${where}.type: expected message, reasoning, function_call, custom_tool_call or local_shell_call`);
  }
  return item as unknown as ScriptedItem;
}

function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ScriptError(`${where}: expected an object`);
  return value as Json;
}

function string(value: unknown, where: string): void {
  if (typeof value !== 'string') throw new ScriptError(`${where}: expected a string`);
}

function number(value: unknown, where: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ScriptError(`${where}: expected a non-negative number`);
}

function integer(value: unknown, where: string): void {
  if (!Number.isInteger(value) || (value as number) < 0) throw new ScriptError(`${where}: expected a non-negative integer`);
}

function boolean(value: unknown, where: string): void {
  if (typeof value !== 'boolean') throw new ScriptError(`${where}: expected true or false`);
}

function literalTrue(value: unknown, where: string): void {
  if (value !== true) throw new ScriptError(`${where}: expected true`);
}

function optional(value: unknown, where: string, check: (value: unknown, where: string) => void): void {
  if (value !== undefined) check(value, where);
}
