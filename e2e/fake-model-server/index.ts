export { startFakeModelServer, type FakeModelServer, type FakeModelServerOptions } from './server.js';
export type { Fallback, Responder } from './script-queue.js';
export type { RecordedRequest, ResponsesRequestBody } from './recorded-request.js';
export type { InputItem } from './input-items.js';
export type {
  CloseEarlyAnswer,
  FailedAnswer,
  HttpErrorAnswer,
  IncompleteAnswer,
  ItemsAnswer,
  MalformedAnswer,
  RawEventsAnswer,
  ScriptedItem,
  ScriptedResponse,
  StallAnswer,
  Usage,
  UsageOverrides,
} from './scripted-response.js';
export { applyPatch, functionCall, localShellCall, message, reasoning, reply, shellCommand } from './builders.js';
export { parseScript, parseScriptedResponse, ScriptError } from './script-file.js';
