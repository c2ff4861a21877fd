import { describe, expect, it } from 'vitest';
import { ABORTED_OUTPUT, History } from './history.js';
import { userMessage, type HistoryItem } from './items.js';
import { countLines, estimateTokens, truncateForModel, truncateMiddle } from './truncate.js';

const call = (id: string): HistoryItem => ({ type: 'function_call', name: 'shell_command', arguments: '{}', call_id: id });
const out = (id: string, output = 'ok'): HistoryItem => ({ type: 'function_call_output', call_id: id, output });

describe('History', () => {
  it('gives a call without output the synthetic output right after it', () => {
    const history = new History([userMessage('hi'), call('a'), call('b'), out('b')]);
    expect(history.forPrompt()).toEqual([userMessage('hi'), call('a'), out('a', ABORTED_OUTPUT), call('b'), out('b')]);
  });

  it('drops an output whose call is gone', () => {
    const history = new History([userMessage('hi'), out('ghost'), call('a'), out('a')]);
    expect(history.forPrompt()).toEqual([userMessage('hi'), call('a'), out('a')]);
  });

  it('removes the partner of the oldest item with it', () => {
    const history = new History([call('a'), userMessage('between'), out('a'), userMessage('last')]);
    history.removeOldest();
    expect(history.all()).toEqual([userMessage('between'), userMessage('last')]);
  });

  it('custom tool calls are answered with custom outputs', () => {
    const history = new History([{ type: 'custom_tool_call', name: 'apply_patch', input: 'x', call_id: 'p' }]);
    expect(history.forPrompt()[1]).toEqual({ type: 'custom_tool_call_output', call_id: 'p', output: ABORTED_OUTPUT });
  });

  it('counts tokens from the server figure plus an estimate of what came after', () => {
    const history = new History([userMessage('hello')]);
    const before = history.estimatedTokens();
    expect(before).toBeGreaterThan(0);
    history.noteServerUsage(1_000);
    expect(history.estimatedTokens()).toBe(1_000);
    history.record(userMessage('x'.repeat(400)));
    expect(history.estimatedTokens()).toBeGreaterThan(1_100);
    expect(history.estimatedTokens()).toBeLessThan(1_150);
  });

  it('tells its observer of every change', () => {
    const seen: string[] = [];
    const history = new History();
    history.observer = { recorded: (items) => seen.push(`+${items.length}`), replaced: (items) => seen.push(`=${items.length}`) };
    history.record(userMessage('a'), userMessage('b'));
    history.replace([userMessage('c')]);
    expect(seen).toEqual(['+2', '=1']);
  });
});

describe('truncation', () => {
  it('leaves text within the budget alone', () => {
    expect(truncateForModel('short\noutput\n')).toBe('short\noutput\n');
  });

  it('keeps the head and tail with a marker, on UTF-8 boundaries', () => {
    const text = 'é'.repeat(50_000);
    const { body, truncated, totalLines } = truncateMiddle(text, 1_000);
    expect(truncated).toBe(true);
    expect(totalLines).toBe(1);
    expect(body).toMatch(/^é+…\d+ tokens truncated…é+$/);
    expect(body).not.toContain('\uFFFD');
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(4_000 + 40);
  });

  it('puts the line count first for generic tool output', () => {
    const text = Array.from({ length: 30_000 }, (_, i) => `line ${i}`).join('\n');
    const result = truncateForModel(text);
    expect(result.startsWith('Total output lines: 30000\n\nline 0\n')).toBe(true);
    expect(result.endsWith('line 29999')).toBe(true);
  });

  it('counts lines and estimates tokens', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a\nb\n')).toBe(2);
    expect(countLines('a\nb')).toBe(2);
    expect(estimateTokens('abcd'.repeat(10))).toBe(10);
  });
});
