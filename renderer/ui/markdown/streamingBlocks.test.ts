import { describe, expect, it } from 'vitest';
import { splitStreamingMarkdown, type StreamingSplit } from './streamingBlocks.js';

/** The split of `text` reached by feeding it in pieces of `step` characters, each split resuming the last. */
function streamed(text: string, step: number): StreamingSplit {
  let split: StreamingSplit | undefined;
  for (let end = step; end < text.length + step; end += step) split = splitStreamingMarkdown(text.slice(0, end), split);
  if (!split) throw new Error('nothing streamed');
  return split;
}

describe('splitStreamingMarkdown', () => {
  it('settles paragraphs at blank lines once the next one has begun', () => {
    const split = splitStreamingMarkdown('First paragraph.\n\nSecond **one**.\n\nThird, still arri');
    expect(split.settled).toEqual(['First paragraph.\n\n', 'Second **one**.\n\n']);
    expect(split.tail).toBe('Third, still arri');
    expect(split.openFence).toBeNull();
  });

  it('keeps a paragraph in the tail until a line after the blank one starts', () => {
    expect(splitStreamingMarkdown('Only this.\n\n').settled).toEqual([]);
    expect(splitStreamingMarkdown('Only this.\n\n').tail).toBe('Only this.\n\n');
  });

  it('never splits inside a fenced code block, blank lines and all', () => {
    const text = 'Look:\n```ts\nconst a = 1;\n\nconst b = 2;\n```\nAfter the code.';
    const split = splitStreamingMarkdown(text);
    expect(split.settled).toEqual(['Look:\n', '```ts\nconst a = 1;\n\nconst b = 2;\n```\n']);
    expect(split.tail).toBe('After the code.');
  });

  it('reports an open fence in the tail with its language and code so far', () => {
    const split = splitStreamingMarkdown('Here:\n\n~~~python extra\nprint(1)\n\nprint(2');
    expect(split.settled).toEqual(['Here:\n\n']);
    expect(split.openFence).toEqual({ language: 'python', code: 'print(1)\n\nprint(2' });
  });

  it('needs a closing fence of the same kind and at least the same length', () => {
    const split = splitStreamingMarkdown('````\n```\n~~~~\nstill code\n');
    expect(split.settled).toEqual([]);
    expect(split.openFence?.code).toBe('```\n~~~~\nstill code\n');
    expect(splitStreamingMarkdown('````\ncode\n`````\nnext').settled).toEqual(['````\ncode\n`````\n']);
  });

  it('does not take inline code with three backticks for a fence', () => {
    const split = splitStreamingMarkdown('```not a fence``` and text\n\nnext');
    expect(split.settled).toEqual(['```not a fence``` and text\n\n']);
    expect(split.openFence).toBeNull();
  });

  it('keeps an indented line after a blank line with the block above (a list item goes on)', () => {
    const text = '1. First step\n\n   More about the first step.\n\n2. Second step\n';
    const split = splitStreamingMarkdown(text);
    expect(split.settled).toEqual(['1. First step\n\n   More about the first step.\n\n']);
    expect(split.tail).toBe('2. Second step\n');
  });

  it('keeps an indented fence inside its list item, blank lines included', () => {
    const text = '- item\n  ```\n  a\n\n  b\n  ```\n- next';
    const split = splitStreamingMarkdown(text);
    expect(split.settled).toEqual([]);
    expect(split.tail).toBe(text);
    expect(split.openFence).toBeNull();
  });

  it('gives the same blocks however the text arrives, and they add up to the text', () => {
    const text = [
      '# Plan\n\nWe change **two** files:\n\n- `a.ts`\n- `b.ts`\n\n```ts\nexport const a = 1;\n\nexport const b = 2;\n```\n',
      'Then run it:\n```bash\nnpm test\n```\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\nDone.',
    ].join('');
    const whole = splitStreamingMarkdown(text);
    for (const step of [1, 3, 7, 40]) {
      const split = streamed(text, step);
      expect(split.settled).toEqual(whole.settled);
      expect(split.tail).toBe(whole.tail);
    }
    expect(whole.settled.join('') + whole.tail).toBe(text);
    expect(whole.settled.length).toBeGreaterThan(4);
  });

  it('starts afresh when the text no longer begins with what was settled', () => {
    const before = splitStreamingMarkdown('One.\n\nTwo.\n\nThr');
    const after = splitStreamingMarkdown('Other.\n\nTwo.', before);
    expect(after.settled).toEqual(['Other.\n\n']);
    expect(after.tail).toBe('Two.');
  });
});
