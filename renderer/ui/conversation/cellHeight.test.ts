import { describe, expect, it } from 'vitest';
import type { AssistantCell, CommandCell } from '../../conversation/cells.js';
import { estimateCellHeight, markdownHeight } from './cellHeight.js';

const assistant = (text: string): AssistantCell => ({ id: 'c1', kind: 'assistant', text, streaming: false });
const command = (output: string, state: CommandCell['state'], exitCode: number | null): CommandCell => ({
  id: 'c2',
  kind: 'command',
  callId: 'call',
  command: ['bash', '-lc', 'ls'],
  cwd: '/tmp',
  output,
  outputTrimmed: false,
  state,
  exitCode,
  durationMs: 5,
  startedAt: 0,
});

describe('estimateCellHeight', () => {
  // The figures measured in Chromium at the widest layout: a two-line answer 55.5 px, a one-line request
  // 59 px, a finished command with folded output 79.5 px.
  it('comes close to what common rows measure', () => {
    expect(estimateCellHeight(assistant('x'.repeat(130)))).toBeGreaterThanOrEqual(50);
    expect(estimateCellHeight(assistant('x'.repeat(130)))).toBeLessThanOrEqual(62);
    expect(estimateCellHeight({ id: 'u', kind: 'user', text: 'Turn 12: look at src/module12.ts', delivery: 'recorded' })).toBe(59);
    expect(estimateCellHeight(command('a\nb\n', 'done', 0))).toBe(80);
  });

  it('grows with wrapped lines, paragraphs and code', () => {
    const one = markdownHeight('A short line.');
    expect(markdownHeight('x'.repeat(500))).toBeGreaterThan(3 * one);
    expect(markdownHeight('One.\n\nTwo.')).toBeGreaterThan(2 * one);
    const code = markdownHeight('Look:\n\n```ts\nconst a = 1;\nconst b = 2;\nconst c = 3;\n```');
    expect(code).toBeGreaterThan(markdownHeight('Look:') + 3 * 19);
  });

  it('counts the output of a failed command, which shows unfolded, up to its box', () => {
    const folded = estimateCellHeight(command('line\n'.repeat(5), 'done', 0));
    const failed = estimateCellHeight(command('line\n'.repeat(5), 'done', 1));
    const long = estimateCellHeight(command('line\n'.repeat(500), 'done', 1));
    expect(failed).toBeGreaterThan(folded + 5 * 19);
    expect(long).toBeLessThanOrEqual(folded + 360 + 6);
  });
});
