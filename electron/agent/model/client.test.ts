import { describe, expect, it } from 'vitest';
import { message, startFakeModelServer, type ScriptedResponse } from '../../../e2e/fake-model-server/index.js';
import { useCleanups } from '../../../test-support/cleanups.js';
import { ModelClient, type ModelStreamEvent } from './client.js';
import { ModelError } from './errors.js';

const { defer } = useCleanups();

async function streamOnce(answer: ScriptedResponse, idleTimeoutMs: number): Promise<ModelStreamEvent[]> {
  const server = await startFakeModelServer({ script: [answer] });
  defer(() => server.close());
  const client = new ModelClient({ apiKey: 'test-key', baseURL: server.baseUrl, idleTimeoutMs });
  const events: ModelStreamEvent[] = [];
  const request = { model: 'test-model', input: [{ type: 'message' as const, role: 'user' as const, content: [{ type: 'input_text' as const, text: 'hi' }] }], store: false };
  for await (const event of client.stream(request as Parameters<ModelClient['stream']>[0], new AbortController().signal)) events.push(event);
  return events;
}

describe('the model stream going quiet', () => {
  it('ends a stream that says nothing for the idle timeout, as a retryable stream error', async () => {
    const failure = await streamOnce({ stall: true }, 300).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ModelError);
    expect(failure).toMatchObject({ kind: 'stream', retryable: true });
    expect((failure as Error).message).toMatch(/^idle timeout: no stream event for/);
  });

  it('lets a stream that keeps talking run far longer than the idle timeout', async () => {
    // 25 deltas 100 ms apart: the stream lasts 2.5 s, its quietest stretch about 0.1 s.
    const words = Array.from({ length: 25 }, (_, i) => `w${i}`).join(' ');
    const events = await streamOnce({ items: [message(words)], deltaChunks: 25, deltaDelayMs: 100 }, 1_000);
    const text = events.flatMap((event) => (event.type === 'text_delta' ? [event.delta] : [])).join('');
    expect(text).toBe(words);
    expect(events.at(-1)?.type).toBe('completed');
  });
});
