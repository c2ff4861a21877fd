import { describe, expect, it } from 'vitest';
import { TITLE_MAX_CHARS, sessionTitle } from './session-title.js';

describe('sessionTitle', () => {
  it('keeps a short request as it is, on one line', () => {
    expect(sessionTitle('  Fix the\n\tfailing   test  ')).toBe('Fix the failing test');
  });

  it('cuts a long request on a word boundary and marks the cut', () => {
    const request = 'Refactor the session store so that listing thousands of sessions stays fast and the index survives crashes';
    const title = sessionTitle(request);
    expect(title).toBe('Refactor the session store so that listing thousands of sessions stays fast and…');
    expect(Array.from(title).length).toBeLessThanOrEqual(TITLE_MAX_CHARS);
  });

  it('cuts inside a very long word rather than leaving almost nothing', () => {
    const title = sessionTitle(`Open https://example.com/${'a'.repeat(200)}`);
    expect(Array.from(title)).toHaveLength(TITLE_MAX_CHARS);
    expect(title.startsWith('Open https://example.com/aaa')).toBe(true);
    expect(title.endsWith('…')).toBe(true);
  });

  it('never splits a character outside the basic plane', () => {
    const title = sessionTitle('🚀'.repeat(100));
    expect(Array.from(title)).toEqual([...Array.from('🚀'.repeat(TITLE_MAX_CHARS - 1)), '…']);
  });
});
