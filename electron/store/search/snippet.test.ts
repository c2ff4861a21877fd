import { describe, expect, it } from 'vitest';
import { findIgnoringCase, snippetAround, SNIPPET_CHARS } from './snippet.js';

const matched = ({ snippet, match }: { snippet: string; match: [number, number] }) => snippet.slice(match[0], match[1]);

describe('snippetAround', () => {
  it('keeps a short text whole, on one line, with the match where it is', () => {
    const text = 'npm test\n\n  failed:   3 tests';
    const at = text.indexOf('failed');
    const result = snippetAround(text, at, at + 6);
    expect(result.snippet).toBe('npm test failed: 3 tests');
    expect(matched(result)).toBe('failed');
  });

  it('cuts a long text around the match to about 120 characters, marking the cuts', () => {
    const text = `${'a '.repeat(500)}NEEDLE${' b'.repeat(500)}`;
    const at = text.indexOf('NEEDLE');
    const result = snippetAround(text, at, at + 6);
    expect(result.snippet.startsWith('…')).toBe(true);
    expect(result.snippet.endsWith('…')).toBe(true);
    expect(result.snippet.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2);
    expect(result.snippet.length).toBeGreaterThan(SNIPPET_CHARS - 4);
    expect(matched(result)).toBe('NEEDLE');
    const middle = (result.match[0] + result.match[1]) / 2;
    expect(Math.abs(middle - result.snippet.length / 2)).toBeLessThan(4);
  });

  it('shows the start of a match longer than the snippet', () => {
    const text = `intro ${'x'.repeat(300)} outro`;
    const result = snippetAround(text, 6, 306);
    expect(result.match[0]).toBe(1);
    expect(matched(result)).toBe('x'.repeat(SNIPPET_CHARS));
  });

  it('collapses white space inside the match too, and never splits a character at a cut', () => {
    const text = `${'😀'.repeat(100)} two\n\nwords ${'😀'.repeat(100)}`;
    const at = text.indexOf('two');
    const result = snippetAround(text, at, at + 'two\n\nwords'.length);
    expect(matched(result)).toBe('two words');
    expect(result.snippet).not.toMatch(/^…[\uDC00-\uDFFF]/);
    expect(result.snippet).not.toMatch(/[\uD800-\uDBFF]…$/);
  });
});

describe('findIgnoringCase', () => {
  it('finds a query in a text whose lowercase form has another length', () => {
    const text = 'İstanbul: Grüße aus der STADT';
    expect(findIgnoringCase(text, 'stadt')).toEqual([text.indexOf('STADT'), text.indexOf('STADT') + 5]);
    expect(findIgnoringCase(text, 'a.b')).toBeNull();
  });
});
