import { describe, expect, it } from 'vitest';
import { normalisePunctuation, seekLines } from './seek.js';

describe('seekLines', () => {
  it('finds an exact match at or after the start', () => {
    expect(seekLines(['a', 'b', 'a', 'b'], ['a', 'b'], 0, false)).toBe(0);
    expect(seekLines(['a', 'b', 'a', 'b'], ['a', 'b'], 1, false)).toBe(2);
    expect(seekLines(['a', 'b'], ['a', 'b', 'c'], 0, false)).toBeNull();
  });

  it('falls back to ignoring trailing whitespace, then surrounding whitespace, then typographic punctuation', () => {
    expect(seekLines(['x', 'foo  \t', 'bar '], ['foo', 'bar'], 0, false)).toBe(1);
    expect(seekLines(['x', '    foo', '\tbar  '], ['foo', 'bar'], 0, false)).toBe(1);
    expect(seekLines(['x', 'say \u201Chi\u201D \u2014 it\u2019s\u00A0ok\u2026'], ['say "hi" - it\'s ok...'], 0, false)).toBe(1);
    expect(seekLines(['say "hi"'], ['say "bye"'], 0, false)).toBeNull();
  });

  it('prefers a stricter match further down to a looser one nearer', () => {
    expect(seekLines(['  foo', 'foo'], ['foo'], 0, false)).toBe(1);
  });

  it('with atEnd only matches the last lines of the file', () => {
    expect(seekLines(['end', 'middle', 'end'], ['end'], 0, true)).toBe(2);
    expect(seekLines(['end', 'middle'], ['end'], 0, true)).toBeNull();
  });

  it('normalises dashes, quotes and odd spaces to ASCII', () => {
    expect(normalisePunctuation('a\u2013b \u2018c\u2019 \u201Ed\u201F\u3000e\u2212f')).toBe('a-b \'c\' "d" e-f');
  });
});
