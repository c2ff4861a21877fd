import { afterEach, describe, expect, it } from 'vitest';
import { message, shellCommand } from '../../e2e/fake-model-server/index.js';
import { SessionHarness } from './test-support/harness.js';
import { COMPACTION_PROMPT, COMPACTION_SUMMARY_PREFIX } from './prompt/compaction.js';

let harness: SessionHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

type Item = { type: string; role?: string; content?: { text: string }[]; call_id?: string };
const textOf = (item: Item) => (item.content ?? []).map((part) => part.text).join('');

describe('compaction', () => {
  it('sends a summary request without tools and rebuilds the history from it', async () => {
    harness = await SessionHarness.start({
      script: [
        { items: [shellCommand('echo build output', { callId: 'c1' })] },
        { items: [message('first task done')] },
        { items: [message('SUMMARY: built the thing, tests pass.')] },
        { items: [message('continuing')] },
      ],
    });
    harness.send('build the thing');
    await harness.waitFor('task_complete');
    harness.submit({ type: 'compact' });
    // The summary goes with the event, for a window to show (and a reload to show again).
    expect((await harness.waitFor('context_compacted')).summary).toBe('SUMMARY: built the thing, tests pass.');
    expect((await harness.waitFor('warning')).message).toMatch(/less accurate/);
    await harness.waitFor('task_complete');

    const compactRequest = harness.server.requests[2]!.body;
    expect(compactRequest.tools).toEqual([]);
    const compactInput = compactRequest.input as Item[];
    expect(textOf(compactInput.at(-1)!)).toBe(COMPACTION_PROMPT);
    expect(compactInput.some((item) => item.call_id === 'c1')).toBe(true);

    harness.send('now the docs');
    await harness.waitFor('task_complete');
    const after = harness.server.requests[3]!.body.input as Item[];
    expect(after[0]).toMatchObject({ role: 'developer' });
    expect(textOf(after[1]!)).toContain('<environment_context>');
    expect(after.slice(2).map((item) => textOf(item))).toEqual([
      'build the thing',
      `${COMPACTION_SUMMARY_PREFIX}SUMMARY: built the thing, tests pass.`,
      'now the docs',
    ]);
    expect(after.some((item) => item.call_id === 'c1')).toBe(false);
  });

  it('compacts on its own when usage reaches 90% of the context window', async () => {
    harness = await SessionHarness.start({
      contextWindow: 10_000,
      script: [
        { items: [message('big answer')], usage: { input_tokens: 9_000, output_tokens: 400, total_tokens: 9_400 } },
        { items: [message('the summary')] },
        { items: [message('fresh answer')] },
      ],
    });
    harness.send('first');
    await harness.waitFor('task_complete');
    expect(harness.of('token_count').at(-1)!.info!.model_context_window).toBe(10_000);
    harness.send('second');
    await harness.waitFor('context_compacted');
    const done = await harness.waitFor('task_complete');
    expect(done.last_agent_message).toBe('fresh answer');
    expect(textOf((harness.server.requests[1]!.body.input as Item[]).at(-1)!)).toBe(COMPACTION_PROMPT);
    const last = harness.server.requests[2]!.body.input as Item[];
    expect(textOf(last.at(-2)!)).toBe(`${COMPACTION_SUMMARY_PREFIX}the summary`);
    expect(textOf(last.at(-1)!)).toBe('second');
  });

  it('drops the oldest item and retries when the compaction request itself overflows', async () => {
    harness = await SessionHarness.start({
      script: [
        { items: [message('one')] },
        { items: [message('two')] },
        { failed: { code: 'context_length_exceeded', message: 'too long' } },
        { items: [message('summary after trimming')] },
      ],
    });
    harness.send('first');
    await harness.waitFor('task_complete');
    harness.send('second');
    await harness.waitFor('task_complete');
    harness.submit({ type: 'compact' });
    await harness.waitFor('context_compacted');
    const [overflowed, retried] = [harness.server.requests[2]!.body.input as Item[], harness.server.requests[3]!.body.input as Item[]];
    expect(retried.length).toBe(overflowed.length - 1);
    expect(overflowed.some((item) => textOf(item) === 'first')).toBe(true);
    expect(retried.some((item) => textOf(item) === 'first')).toBe(false);
  });
});

describe('compaction in the middle of a long turn', () => {
  it('keeps the turn\'s request after the summary and drops the work the summary covers', async () => {
    const big = 'x'.repeat(14_000);
    harness = await SessionHarness.start({
      contextWindow: 4_000,
      script: [
        { items: [shellCommand(`printf '${big}'`, { callId: 'c1' })], usage: { total_tokens: 1_000 } },
        { items: [message('summary of the work so far')] },
        { items: [shellCommand('echo small', { callId: 'c2' })], usage: { total_tokens: 1_200 } },
        { items: [message('finished')], usage: { total_tokens: 1_300 } },
      ],
    });
    harness.send('do the long task');
    const done = await harness.waitFor('task_complete');
    expect(done.last_agent_message).toBe('finished');
    expect(harness.of('context_compacted')).toHaveLength(1);
    const afterCompaction = harness.server.requests[2]!.body.input as Item[];
    const texts = afterCompaction.map(textOf);
    expect(texts).toContain('do the long task');
    expect(texts.indexOf('do the long task')).toBeGreaterThan(texts.findIndex((t) => t.startsWith(COMPACTION_SUMMARY_PREFIX)));
    expect(JSON.stringify(afterCompaction)).not.toContain(big);
  });
});
