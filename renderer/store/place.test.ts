import { describe, expect, it } from 'vitest';
import { addressFor, sessionInAddress } from './place.js';

describe("the page's address", () => {
  it('names the session shown and keeps the door token', () => {
    expect(addressFor('http://127.0.0.1:4000/?token=abc', 'sess-1')).toBe('/?token=abc&session=sess-1');
    expect(addressFor('http://127.0.0.1:4000/?token=abc&session=old#x', 'new')).toBe('/?token=abc&session=new#x');
    expect(addressFor('http://127.0.0.1:4000/?token=abc&session=old', null)).toBe('/?token=abc');
    expect(sessionInAddress('?token=abc&session=sess-1')).toBe('sess-1');
    expect(sessionInAddress('?token=abc')).toBeNull();
  });
});
