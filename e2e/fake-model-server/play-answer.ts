// Plays one scripted answer onto an HTTP response: the normal stream, or one of the ways real servers fail.
import type { ServerResponse } from 'node:http';
import { pumpEvents } from './event-pump.js';
import type { IdSource } from './ids.js';
import { toOutputItem, type OutputItem } from './output-items.js';
import type { RecordedRequest } from './recorded-request.js';
import { finalResponse, responseEvents, type Ending, type ResponsePlan } from './response-events.js';
import { classifyAnswer, type HttpErrorAnswer, type ScriptedItem, type ScriptedResponse } from './scripted-response.js';
import { malformedFrame, sseFrame } from './sse-frame.js';

export interface PlayContext {
  ids: IdSource;
  /** Marks the moment the answer's last byte went out. */
  onFinished: () => void;
  /**
   * Called just before `onFinished` for an answer that ended `completed` or `incomplete` (the responses a real
   * server lets a later request continue), with its id and output items.
   */
  onResponseWritten: (responseId: string, output: OutputItem[]) => void;
  /** Resolves once the test releases held answers (see ItemsAnswer.holdAfterDeltas). */
  hold: () => Promise<void>;
}

const FALLBACK_MODEL = 'fake-model';

export function playAnswer(request: RecordedRequest, response: ScriptedResponse, res: ServerResponse, context: PlayContext): void {
  const classified = classifyAnswer(response);
  const streamed = request.body.stream === true;
  const plan = (items: ScriptedItem[] | undefined, ending: Ending, id?: string): ResponsePlan => ({
    id: id ?? context.ids.next('resp'),
    model: typeof request.body.model === 'string' ? request.body.model : FALLBACK_MODEL,
    createdAt: Math.floor(Date.now() / 1000),
    parallelToolCalls: request.body.parallel_tool_calls ?? false,
    requestBytes: request.bodyBytes,
    store: request.body.store !== false,
    previousResponseId: typeof request.body.previous_response_id === 'string' ? request.body.previous_response_id : null,
    items: (items ?? []).map((item) => toOutputItem(item, context.ids)),
    ending,
  });

  switch (classified.kind) {
    case 'httpError':
      sendHttpError(res, classified.answer, context);
      return;
    case 'items': {
      const { answer } = classified;
      const ending: Ending = answer.usage === undefined ? { kind: 'completed' } : { kind: 'completed', usage: answer.usage };
      const itemsPlan = plan(answer.items, ending, answer.id);
      if (answer.deltaChunks !== undefined) itemsPlan.deltaChunks = answer.deltaChunks;
      playPlan(res, itemsPlan, streamed, context, answer.deltaDelayMs, answer.holdAfterDeltas);
      return;
    }
    case 'failed':
      playPlan(res, plan(classified.answer.items, { kind: 'failed', error: classified.answer.failed }), streamed, context);
      return;
    case 'incomplete': {
      const { answer } = classified;
      const ending: Ending = { kind: 'incomplete', reason: answer.incomplete.reason };
      if (answer.usage !== undefined) ending.usage = answer.usage;
      playPlan(res, plan(answer.items, ending), streamed, context);
      return;
    }
    case 'closeEarly': {
      startEventStream(res);
      pumpEvents(res, responseEvents(plan(classified.answer.items, { kind: 'cut' })), {
        finish: classified.answer.abrupt === true ? 'destroy' : 'end',
        onFinished: context.onFinished,
      });
      return;
    }
    case 'stall':
      // Headers go out so the client's request resolves; then nothing until the server closes.
      startEventStream(res);
      res.flushHeaders();
      return;
    case 'malformed': {
      startEventStream(res);
      const created = responseEvents(plan([], { kind: 'cut' })).next();
      if (!created.done) res.write(sseFrame(created.value.event));
      res.end(malformedFrame('response.output_text.delta'));
      context.onFinished();
      return;
    }
    case 'rawEvents': {
      startEventStream(res);
      const frames = classified.answer.rawEvents.map(sseFrame);
      const last = frames.pop();
      for (const frame of frames) res.write(frame);
      res.end(last);
      context.onFinished();
      return;
    }
  }
}

function playPlan(res: ServerResponse, plan: ResponsePlan, streamed: boolean, context: PlayContext, deltaDelayMs?: number, holdAfterDeltas?: number): void {
  const onFinished = (): void => {
    if (plan.ending.kind === 'completed' || plan.ending.kind === 'incomplete') context.onResponseWritten(plan.id, plan.items);
    context.onFinished();
  };
  if (!streamed) {
    // A request without `stream: true` gets the finished response as one JSON body, as the real API does.
    sendJson(res, 200, finalResponse(plan));
    onFinished();
    return;
  }
  startEventStream(res);
  pumpEvents(res, responseEvents(plan), {
    finish: 'end',
    onFinished,
    hold: context.hold,
    ...(deltaDelayMs === undefined ? {} : { deltaDelayMs }),
    ...(holdAfterDeltas === undefined ? {} : { holdAfterDeltas }),
  });
}

function startEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
}

function sendHttpError(res: ServerResponse, answer: HttpErrorAnswer, context: PlayContext): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.retryAfter !== undefined) headers['retry-after'] = answer.retryAfter;
  const body = answer.body ?? {
    error: {
      message: `fake model server: scripted HTTP ${answer.httpError}`,
      type: answer.httpError === 429 ? 'rate_limit_error' : 'server_error',
      param: null,
      code: answer.httpError === 429 ? 'rate_limit_exceeded' : null,
    },
  };
  sendJson(res, answer.httpError, body, headers);
  context.onFinished();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}
