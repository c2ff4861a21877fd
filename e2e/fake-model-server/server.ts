// A stand-in for the OpenAI Responses API that answers from a script. Tests and benchmarks point the real
// `openai` SDK (or the agent) at `baseUrl` and then read back what was asked and when.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IdSource } from './ids.js';
import { inputItemFromOutput, inputItemsOf, type InputItem } from './input-items.js';
import { playAnswer, sendJson } from './play-answer.js';
import type { OutputItem } from './output-items.js';
import type { RecordedRequest, ResponsesRequestBody } from './recorded-request.js';
import { RequestLog } from './request-log.js';
import { ScriptQueue, type Fallback, type Responder } from './script-queue.js';
import type { ScriptedResponse } from './scripted-response.js';
import { StoredResponses } from './stored-responses.js';

export interface FakeModelServerOptions {
  script?: ScriptedResponse[];
  /** What every request gets once the script has run out; without it such requests get HTTP 500. */
  fallback?: Fallback;
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * The one key `GET .../models` accepts (HTTP 401 for any other); without it any key, or none, is taken. Only
   * that listing checks it: it is what a connection test asks.
   */
  modelsKey?: string;
}

export interface FakeModelServer {
  /** E.g. `http://127.0.0.1:PORT/v1`; the SDK appends `/responses`. */
  baseUrl: string;
  /** Every POST to `.../responses`, in arrival order. */
  requests: RecordedRequest[];
  /** `responseEnds[i]` is when the last byte of the answer to `requests[i]` was written (same clock as `receivedAt`). */
  responseEnds: number[];
  enqueue(...responses: ScriptedResponse[]): void;
  /** Dynamic answers, tried before the queue; return undefined to let the queue answer. */
  respondWith(responder: Responder): void;
  /** Resolves with request #n (1-based) once it has arrived. */
  waitForRequest(n: number, timeoutMs?: number): Promise<RecordedRequest>;
  /**
   * Forgets these stored responses (all when omitted), as the real server does when one expires or is deleted:
   * a later `previous_response_id` naming one gets HTTP 400 `previous_response_not_found`.
   */
  forgetResponses(ids?: readonly string[]): void;
  /** The ids of the responses the server keeps (`store` not false, answer completed or incomplete and fully written). */
  storedResponseIds(): string[];
  /** How many answers are waiting at their `holdAfterDeltas` point. */
  heldAnswers(): number;
  /** Lets every answer waiting at its `holdAfterDeltas` point go on streaming. */
  releaseHeld(): void;
  /** Stops the server, cutting any stalled or still-streaming answers. Safe to call more than once. */
  close(): Promise<void>;
}

const DEFAULT_WAIT_MS = 10_000;

export async function startFakeModelServer(options: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const ids = new IdSource();
  const log = new RequestLog();
  const queue = new ScriptQueue(options.script ?? [], options.fallback);
  const stored = new StoredResponses();
  /** Releases of the answers held at their `holdAfterDeltas` point. */
  const held = new Set<() => void>();

  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    const receivedAt = performance.now();
    res.setHeader('x-request-id', ids.next('req'));
    if (req.method === 'GET' && isModelsPath(req.url)) {
      req.resume();
      const wanted = options.modelsKey;
      if (wanted !== undefined && req.headers.authorization !== `Bearer ${wanted}`) {
        sendJson(res, 401, { error: { message: 'fake model server: incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      } else {
        sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'tandem-tests' }] });
      }
      return;
    }
    if (req.method !== 'POST' || !isResponsesPath(req.url)) {
      req.resume();
      sendJson(res, 404, { error: { message: `fake model server: no route for ${req.method ?? ''} ${req.url ?? ''}`, type: 'invalid_request_error', param: null, code: null } });
      return;
    }
    readBody(req, (raw) => answer(raw, req, res, receivedAt));
  });
  // Benchmarks time the gap between an answer's end and the next request: small writes must not wait on Nagle.
  server.on('connection', (socket) => socket.setNoDelay(true));

  const answer = (raw: Buffer, req: IncomingMessage, res: ServerResponse, receivedAt: number): void => {
    const body = parseBody(raw);
    const seen = body === undefined ? undefined : whatTheModelSees(body, stored);
    const effectiveInput = seen?.kind === 'input' ? seen.input : null;
    const request = log.add({ body: body ?? {}, effectiveInput, bodyBytes: raw.length, headers: req.headers, receivedAt, bodyReceivedAt: performance.now() });
    const ended = (): void => log.markEnded(request);
    const number = request.index + 1;
    if (body === undefined || seen === undefined) {
      sendJson(res, 400, errorBody(`fake model server: request #${number} body is not a JSON object`, 'invalid_request_error'));
      ended();
      return;
    }
    if (seen.kind === 'refused') {
      // Refused before the script is consulted, so the scripted answer stays for the request that follows.
      sendJson(res, 400, { error: seen.error });
      ended();
      return;
    }
    let scripted: ScriptedResponse | undefined;
    try {
      scripted = queue.answerFor(request);
    } catch (error) {
      sendJson(res, 500, errorBody(`fake model server: the responder for request #${number} threw: ${String(error)}`, 'server_error'));
      ended();
      return;
    }
    if (scripted === undefined) {
      sendJson(res, 500, errorBody(`fake model server: no scripted response left for request #${number}`, 'server_error'));
      ended();
      return;
    }
    const onResponseWritten = (responseId: string, output: OutputItem[]): void => {
      if (body.store !== false) stored.remember(responseId, { input: seen.input, output: output.map(inputItemFromOutput) });
    };
    playAnswer(request, scripted, res, { ids, onFinished: ended, onResponseWritten, hold: () => new Promise<void>((release) => held.add(release)) });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: log.requests,
    responseEnds: log.responseEnds,
    enqueue: (...responses) => queue.enqueue(responses),
    respondWith: (responder) => queue.respondWith(responder),
    waitForRequest: (n, timeoutMs = DEFAULT_WAIT_MS) => log.waitFor(n, timeoutMs),
    forgetResponses: (ids) => stored.forget(ids),
    storedResponseIds: () => stored.ids(),
    heldAnswers: () => held.size,
    releaseHeld: () => {
      const releases = [...held];
      held.clear();
      for (const release of releases) release();
    },
    close: () => {
      // Idempotent, so a test may close early and its afterEach close again.
      closing ??= new Promise<void>((resolve, reject) => {
        log.close();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The listing of models under the base URL, `/v1/models` (a base URL without its /v1 gets 404, as OpenAI's would). */
function isModelsPath(url: string | undefined): boolean {
  return (url ?? '').split('?', 1)[0] === '/v1/models';
}

function isResponsesPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  return path.endsWith('/responses');
}

function readBody(req: IncomingMessage, done: (raw: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => done(chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks)));
}

function parseBody(raw: Buffer): ResponsesRequestBody | undefined {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as ResponsesRequestBody) : undefined;
  } catch {
    return undefined;
  }
}

type OpenAiError = { message: string; type: string; param: string | null; code: string | null };

type ModelView = { kind: 'input'; input: InputItem[] } | { kind: 'refused'; error: OpenAiError };

/** What the model sees for this request, or the error the real API gives when `previous_response_id` cannot be continued. */
function whatTheModelSees(body: ResponsesRequestBody, stored: StoredResponses): ModelView {
  const own = inputItemsOf(body.input);
  const previous = body.previous_response_id;
  if (previous === undefined || previous === null) return { kind: 'input', input: own };
  if (typeof previous !== 'string') {
    return { kind: 'refused', error: { message: "Invalid type for 'previous_response_id': expected a string.", type: 'invalid_request_error', param: 'previous_response_id', code: 'invalid_type' } };
  }
  const conversation = stored.conversationUpTo(previous);
  if (conversation === undefined) {
    return { kind: 'refused', error: { message: `Previous response with id '${previous}' not found.`, type: 'invalid_request_error', param: 'previous_response_id', code: 'previous_response_not_found' } };
  }
  return { kind: 'input', input: [...conversation, ...own] };
}

function errorBody(message: string, type: string): { error: Record<string, unknown> } {
  return { error: { message, type, param: null, code: null } };
}
