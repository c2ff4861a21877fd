import OpenAI, { BadRequestError, InternalServerError, RateLimitError, type APIError } from 'openai';
import type { ResponseCreateParamsStreaming, ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPatch, localShellCall, message, reasoning, shellCommand, startFakeModelServer, type FakeModelServer, type FakeModelServerOptions } from './index.js';

let server: FakeModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: FakeModelServerOptions = {}): Promise<{ server: FakeModelServer; client: OpenAI }> {
  server = await startFakeModelServer(options);
  const client = new OpenAI({ apiKey: 'test-key', baseURL: server.baseUrl, maxRetries: 0, logLevel: 'off' });
  return { server, client };
}

function streamRequest(client: OpenAI, input = 'hello', signal?: AbortSignal) {
  return client.responses.create({ model: 'gpt-test', input, stream: true }, signal === undefined ? {} : { signal });
}

async function collect(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function deltasOf(events: ResponseStreamEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
}

describe('fake model server, through the openai SDK', () => {
  it('streams a message whose deltas join to the text and ends with usage', async () => {
    const text = 'The quick brown fox jumps over the lazy dog, and then it runs far away into the woods.';
    const { client } = await start({ script: [{ items: [message(text)] }] });

    const events = await collect(await streamRequest(client));

    expect(events[0]?.type).toBe('response.created');
    expect(deltasOf(events).length).toBeGreaterThan(1);
    expect(deltasOf(events).join('')).toBe(text);
    const completed = events.at(-1);
    expect(completed?.type).toBe('response.completed');
    if (completed?.type !== 'response.completed') throw new Error('unreachable');
    const usage = completed.response.usage;
    expect(usage?.input_tokens).toBeGreaterThan(0);
    expect(usage?.output_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.input_tokens ?? 0) + (usage?.output_tokens ?? 0));
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('writes each event as an event line naming its type and one JSON data line', async () => {
    const { server } = await start({ script: [{ items: [message('Running it.'), shellCommand('echo hi')] }] });

    const response = await fetch(`${server.baseUrl}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', input: [], stream: true }),
    });
    const frames = (await response.text()).split('\n\n').filter((frame) => frame !== '');

    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(frames.length).toBeGreaterThan(5);
    for (const frame of frames) {
      const [eventLine, dataLine, ...rest] = frame.split('\n');
      expect(rest).toEqual([]);
      const data = JSON.parse(dataLine?.replace(/^data: /, '') ?? '') as { type: string };
      expect(eventLine).toBe(`event: ${data.type}`);
    }
  });

  it('cuts a message into exactly deltaChunks deltas, paced by deltaDelayMs', async () => {
    const text = 'word '.repeat(300);
    const { client } = await start({ script: [{ items: [message(text)], deltaChunks: 200, deltaDelayMs: 1 }] });

    const deltas = deltasOf(await collect(await streamRequest(client)));

    expect(deltas).toHaveLength(200);
    expect(deltas.join('')).toBe(text);
  });

  it('holds an answer after holdAfterDeltas deltas until releaseHeld, then streams the rest', async () => {
    const text = 'word '.repeat(40);
    const { server, client } = await start({ script: [{ items: [message(text)], deltaChunks: 10, holdAfterDeltas: 4 }] });

    const seen: string[] = [];
    const stream = await streamRequest(client);
    const iterator = stream[Symbol.asyncIterator]();
    while (seen.length < 4) {
      const next = await iterator.next();
      if (next.done) throw new Error('the stream ended before the hold');
      if (next.value.type === 'response.output_text.delta') seen.push(next.value.delta);
    }
    // Nothing more comes while the answer is held, however long the test waits.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.heldAnswers()).toBe(1);
    const later = iterator.next();
    const raced = await Promise.race([later.then(() => 'event'), new Promise((resolve) => setTimeout(() => resolve('nothing'), 200))]);
    expect(raced).toBe('nothing');

    server.releaseHeld();
    expect(server.heldAnswers()).toBe(0);
    const first = await later;
    const rest: ResponseStreamEvent[] = first.done ? [] : [first.value];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect([...seen, ...deltasOf(rest)].join('')).toBe(text);
    expect(deltasOf(rest)).toHaveLength(6);
    expect(rest.at(-1)?.type).toBe('response.completed');
  });

  it('is accepted by the SDK accumulating stream helper', async () => {
    const { client } = await start({
      script: [{ items: [reasoning('Thinking about it.', 'opaque-blob'), message('All done.'), shellCommand('ls')], usage: { input_tokens: 1234 } }],
    });

    const final = await client.responses.stream({ model: 'gpt-test', input: 'go' }).finalResponse();

    expect(final.output_text).toBe('All done.');
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(final.output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'Thinking about it.' }], encrypted_content: 'opaque-blob' });
    expect(final.usage?.input_tokens).toBe(1234);
  });

  it('sends tool calls as output items with unique call ids', async () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch';
    const { client } = await start({
      script: [
        { items: [shellCommand('echo hi', { timeout_ms: 5000 })] },
        { items: [applyPatch(patch), localShellCall(['echo', 'hi'], { timeoutMs: 3000, workdir: '/tmp' })] },
      ],
    });

    const first = await collect(await streamRequest(client));
    const second = await collect(await streamRequest(client));

    const done = [...first, ...second].flatMap((event) => (event.type === 'response.output_item.done' ? [event.item] : []));
    expect(done).toHaveLength(3);
    const [call, custom, local] = done;
    expect(call).toMatchObject({ type: 'function_call', name: 'shell_command', call_id: 'call_1' });
    if (call?.type !== 'function_call') throw new Error('unreachable');
    expect(JSON.parse(call.arguments)).toEqual({ command: 'echo hi', timeout_ms: 5000 });
    expect(custom).toEqual({ type: 'custom_tool_call', id: expect.any(String), call_id: 'call_2', name: 'apply_patch', input: patch });
    expect(local).toMatchObject({
      type: 'local_shell_call',
      call_id: 'call_3',
      status: 'completed',
      action: { type: 'exec', command: ['echo', 'hi'], timeout_ms: 3000, working_directory: '/tmp' },
    });
  });

  it('answers a scripted HTTP 500 with an error status', async () => {
    const { client } = await start({ script: [{ httpError: 500 }] });

    const failure = await streamRequest(client).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(InternalServerError);
    expect((failure as APIError).status).toBe(500);
  });

  it('answers a scripted 429 with its retry-after header', async () => {
    const { client } = await start({ script: [{ httpError: 429, retryAfter: '2' }] });

    const failure = await streamRequest(client).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RateLimitError);
    expect((failure as APIError).headers?.get('retry-after')).toBe('2');
  });

  it('ends a closeEarly stream cleanly without response.completed', async () => {
    const { client } = await start({ script: [{ closeEarly: true, items: [message('partial answer')] }] });

    const events = await collect(await streamRequest(client));

    expect(events.map((event) => event.type)).toContain('response.output_item.done');
    expect(events.map((event) => event.type)).not.toContain('response.completed');
  });

  it('resets the connection for an abrupt closeEarly, which the SDK reports as an error', async () => {
    const { client } = await start({ script: [{ closeEarly: true, abrupt: true, items: [message('partial answer')] }] });

    const stream = await streamRequest(client);

    await expect(collect(stream)).rejects.toThrow();
  });

  it('plays response.failed with the error inside the response', async () => {
    const { client } = await start({ script: [{ failed: { code: 'context_length_exceeded', message: 'Your input exceeds the context window.' } }] });

    const events = await collect(await streamRequest(client));

    const last = events.at(-1);
    expect(last?.type).toBe('response.failed');
    if (last?.type !== 'response.failed') throw new Error('unreachable');
    expect(last.response.status).toBe('failed');
    expect(last.response.error).toEqual({ code: 'context_length_exceeded', message: 'Your input exceeds the context window.' });
  });

  it('plays response.incomplete with its reason', async () => {
    const { client } = await start({ script: [{ incomplete: { reason: 'content_filter' } }] });

    const events = await collect(await streamRequest(client));

    const last = events.at(-1);
    expect(last?.type).toBe('response.incomplete');
    if (last?.type !== 'response.incomplete') throw new Error('unreachable');
    expect(last.response.incomplete_details).toEqual({ reason: 'content_filter' });
  });

  it('stalls after the headers until the client aborts', async () => {
    const { server, client } = await start({ script: [{ stall: true }] });
    const controller = new AbortController();

    const stream = await streamRequest(client, 'hello', controller.signal);
    const iterating = collect(stream);
    controller.abort();

    expect(await iterating).toEqual([]);
    expect(server.responseEnds[0]).toBeUndefined();
  });

  it('cuts a stalled stream when it closes', async () => {
    const { server, client } = await start({ script: [{ stall: true }] });

    const stream = await streamRequest(client);
    const iterating = collect(stream);
    await server.close();

    await expect(iterating).rejects.toThrow();
  });

  it('sends a data line that is not JSON, which the SDK fails to parse', async () => {
    const { client } = await start({ script: [{ malformed: true }] });

    const stream = await streamRequest(client);

    await expect(collect(stream)).rejects.toBeInstanceOf(SyntaxError);
  });

  it('sends raw events exactly as given', async () => {
    const raw = [
      { type: 'response.created', response: { id: 'resp_raw' } },
      { type: 'response.completed', response: { id: 'resp_raw', usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 } } },
    ];
    const { client } = await start({ script: [{ rawEvents: raw }] });

    const events = await collect(await streamRequest(client));

    expect(events).toEqual(raw);
  });

  it('records every request with its body, headers and timings', async () => {
    const { server, client } = await start({ script: [{ items: [message('one')] }, { items: [message('two')] }] });

    await collect(await streamRequest(client, 'first'));
    const secondArrived = server.waitForRequest(2);
    await collect(await streamRequest(client, 'second'));
    const second = await secondArrived;

    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]).toMatchObject({ index: 0, body: { model: 'gpt-test', input: 'first', stream: true } });
    expect(second).toBe(server.requests[1]);
    expect(second.body.input).toBe('second');
    expect(second.headers.authorization).toBe('Bearer test-key');
    const [firstRequest] = server.requests;
    expect(firstRequest?.bodyReceivedAt).toBeGreaterThanOrEqual(firstRequest?.receivedAt ?? Infinity);
    expect(server.responseEnds[0]).toBeGreaterThanOrEqual(firstRequest?.bodyReceivedAt ?? Infinity);
    expect(second.receivedAt).toBeGreaterThanOrEqual(server.responseEnds[0] ?? Infinity);
  });

  it('says so with HTTP 500 when no scripted response is left', async () => {
    const { server, client } = await start({ script: [{ items: [message('only one')] }] });

    await collect(await streamRequest(client));
    const failure = await streamRequest(client).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(InternalServerError);
    expect((failure as Error).message).toContain('fake model server: no scripted response left for request #2');
    expect(server.requests).toHaveLength(2);
  });

  it('answers from responders first, then the queue, then the fallback', async () => {
    const { server, client } = await start({ fallback: (request) => ({ items: [message(`fallback for #${request.index + 1}`)] }) });
    server.enqueue({ items: [message('queued')] });
    server.respondWith((request) => (request.body.input === 'special' ? { items: [message('dynamic')] } : undefined));

    const texts: string[] = [];
    for (const input of ['special', 'plain', 'plain']) texts.push(deltasOf(await collect(await streamRequest(client, input))).join(''));

    expect(texts).toEqual(['dynamic', 'queued', 'fallback for #3']);
  });

  it('gives a non-streaming request the finished response as JSON', async () => {
    const { client } = await start({ script: [{ items: [message('not streamed')] }] });

    const response = await client.responses.create({ model: 'gpt-test', input: 'hi' });

    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('not streamed');
  });

  it('rejects waitForRequest when the request never comes', async () => {
    const { server } = await start();

    await expect(server.waitForRequest(1, 20)).rejects.toThrow('request #1 did not arrive');
  });
});

describe('fake model server, keeping conversations on the server', () => {
  type Turn = Omit<ResponseCreateParamsStreaming, 'model' | 'stream'>;

  /** Streams one request and gives back the completed response (id, echoed fields) as the SDK parsed it. */
  async function completedResponse(client: OpenAI, turn: Turn) {
    const events = await collect(await client.responses.create({ model: 'gpt-test', stream: true, ...turn }));
    const completed = events.at(-1);
    if (completed?.type !== 'response.completed') throw new Error(`expected response.completed, got ${completed?.type ?? 'nothing'}`);
    return completed.response;
  }

  // The real API's response object carries `store`; the SDK's Response type leaves it out.
  const storeOf = (response: object): unknown => (response as { store?: unknown }).store;

  const user = (text: string): ResponseInputItem => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });

  it('continues a stored response: the model sees its input and output, then the new items', async () => {
    const { server, client } = await start({
      script: [
        { items: [reasoning('Look first.', 'enc-1'), message('Listing.'), shellCommand('ls', { callId: 'call_1' })] },
        { items: [applyPatch('*** Begin Patch\n*** End Patch', 'call_2'), localShellCall(['echo', 'hi'], { callId: 'call_3', timeoutMs: 500 })] },
        { items: [message('Done.')] },
      ],
    });
    const first = await completedResponse(client, { input: [user('list the files')], store: true });
    const callOutput: ResponseInputItem = { type: 'function_call_output', call_id: 'call_1', output: 'README.md' };
    const second = await completedResponse(client, { input: [callOutput], store: true, previous_response_id: first.id });
    const laterItems: ResponseInputItem[] = [
      { type: 'custom_tool_call_output', call_id: 'call_2', output: 'Done!' },
      { type: 'local_shell_call_output', id: 'call_3', output: 'hi' },
      user('thanks'),
    ];
    const third = await completedResponse(client, { input: laterItems, store: true, previous_response_id: second.id });

    const conversation = [
      user('list the files'),
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Look first.' }], encrypted_content: 'enc-1' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Listing.' }] },
      { type: 'function_call', name: 'shell_command', arguments: JSON.stringify({ command: 'ls' }), call_id: 'call_1' },
      callOutput,
      { type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch', call_id: 'call_2' },
      {
        type: 'local_shell_call',
        call_id: 'call_3',
        status: 'completed',
        action: { type: 'exec', command: ['echo', 'hi'], timeout_ms: 500, working_directory: null },
      },
      ...laterItems,
    ];
    expect(server.requests.map((request) => request.effectiveInput?.length)).toEqual([1, 5, 10]);
    expect(server.requests[2]?.effectiveInput).toEqual(conversation);
    expect(server.requests[2]?.body.input).toEqual(laterItems);
    expect(server.requests[2]?.bodyBytes).toBeLessThan(JSON.stringify({ ...server.requests[2]?.body, input: conversation }).length);
    expect([first, second, third].map((response) => [storeOf(response), response.previous_response_id])).toEqual([
      [true, null],
      [true, first.id],
      [true, second.id],
    ]);
    expect(server.storedResponseIds()).toEqual([first.id, second.id, third.id]);
  });

  it('stores under a scripted id, and reads a string input as one user message', async () => {
    const { server, client } = await start({ script: [{ id: 'resp_custom', items: [message('Hi.')] }, { items: [message('Again.')] }] });

    await completedResponse(client, { input: 'hello', store: true });
    await completedResponse(client, { input: 'once more', previous_response_id: 'resp_custom' });

    expect(server.requests[1]?.effectiveInput).toEqual([
      user('hello'),
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi.' }] },
      user('once more'),
    ]);
  });

  it('answers an unknown previous_response_id with HTTP 400 previous_response_not_found, keeping the script', async () => {
    const { server, client } = await start({ script: [{ items: [message('scripted')] }] });

    const failure = await streamRequestChained(client, 'resp_missing').catch((error: unknown) => error);
    const next = await completedResponse(client, { input: 'plain', store: true });

    expect(failure).toBeInstanceOf(BadRequestError);
    expect((failure as APIError).status).toBe(400);
    expect((failure as APIError).error).toEqual({
      message: "Previous response with id 'resp_missing' not found.",
      type: 'invalid_request_error',
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
    expect((failure as APIError).code).toBe('previous_response_not_found');
    expect(next.output).toMatchObject([{ type: 'message', content: [{ text: 'scripted' }] }]);
    expect(server.requests.map((request) => request.effectiveInput?.length ?? null)).toEqual([null, 1]);
    expect(server.responseEnds[0]).toBeGreaterThanOrEqual(server.requests[0]?.receivedAt ?? Infinity);
  });

  it('forgets some responses or all of them, after which their ids are unknown', async () => {
    const { server, client } = await start({ fallback: { items: [message('ok')] } });
    const a = await completedResponse(client, { input: 'a', store: true });
    const b = await completedResponse(client, { input: 'b', store: true });
    const c = await completedResponse(client, { input: 'c', store: true });

    server.forgetResponses([a.id]);
    const afterOne = server.storedResponseIds();
    const forgotten = await streamRequestChained(client, a.id).catch((error: unknown) => error);
    const kept = await completedResponse(client, { input: 'b2', store: true, previous_response_id: b.id });
    server.forgetResponses();
    const forgottenToo = await streamRequestChained(client, c.id).catch((error: unknown) => error);

    expect(afterOne).toEqual([b.id, c.id]);
    expect((forgotten as APIError).code).toBe('previous_response_not_found');
    expect(kept.previous_response_id).toBe(b.id);
    expect((forgottenToo as APIError).code).toBe('previous_response_not_found');
    expect(server.storedResponseIds()).toEqual([]);
  });

  it('keeps nothing for store: false, and keeps responses by default as the real API does', async () => {
    const { server, client } = await start({ fallback: { items: [message('ok')] } });

    const unstored = await completedResponse(client, { input: 'a', store: false });
    const byDefault = await completedResponse(client, { input: 'b' });
    const chainedUnstored = await completedResponse(client, { input: 'c', store: false, previous_response_id: byDefault.id });
    const failure = await streamRequestChained(client, unstored.id).catch((error: unknown) => error);

    expect([unstored, byDefault, chainedUnstored].map(storeOf)).toEqual([false, true, false]);
    expect(server.storedResponseIds()).toEqual([byDefault.id]);
    expect(server.requests[2]?.effectiveInput).toHaveLength(3);
    expect((failure as APIError).code).toBe('previous_response_not_found');
  });

  it('keeps no answer that failed or was cut off', async () => {
    const { server, client } = await start({
      script: [{ failed: { code: 'server_error', message: 'boom' } }, { closeEarly: true, items: [message('partial')] }],
    });

    await collect(await client.responses.create({ model: 'gpt-test', input: 'a', store: true, stream: true }));
    await collect(await client.responses.create({ model: 'gpt-test', input: 'b', store: true, stream: true }));

    expect(server.storedResponseIds()).toEqual([]);
  });

  function streamRequestChained(client: OpenAI, previousResponseId: string) {
    return client.responses.create({ model: 'gpt-test', input: 'next', store: true, previous_response_id: previousResponseId, stream: true });
  }
});
