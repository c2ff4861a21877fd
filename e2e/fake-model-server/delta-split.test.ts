import { describe, expect, it } from 'vitest';
import { splitByWords, splitIntoChunks } from './delta-split.js';

describe('splitIntoChunks', () => {
  it('cuts text into the asked number of pieces that join back to it', () => {
    const text = 'abcdefghij'.repeat(101);

    const pieces = splitIntoChunks(text, 7);

    expect(pieces).toHaveLength(7);
    expect(pieces.join('')).toBe(text);
    expect(Math.max(...pieces.map((p) => p.length)) - Math.min(...pieces.map((p) => p.length))).toBeLessThanOrEqual(1);
  });

  it('gives one piece per character when asked for more pieces than characters', () => {
    expect(splitIntoChunks('abc', 10)).toEqual(['a', 'b', 'c']);
  });

  it('never cuts a surrogate pair in two', () => {
    const text = '😀'.repeat(5);

    const pieces = splitIntoChunks(text, 10);

    expect(pieces.join('')).toBe(text);
    expect(pieces).toEqual(Array(5).fill('😀'));
  });

  it('gives no pieces for empty text', () => {
    expect(splitIntoChunks('', 3)).toEqual([]);
  });
});

describe('splitByWords', () => {
  it('starts a new piece every eighth word and keeps all whitespace', () => {
    const text = '  one two three four five six seven eight nine\nten  ';

    const pieces = splitByWords(text);

    expect(pieces).toEqual(['  one two three four five six seven eight ', 'nine\nten  ']);
  });

  it('keeps a short text whole', () => {
    expect(splitByWords('Hello there.')).toEqual(['Hello there.']);
  });
});
