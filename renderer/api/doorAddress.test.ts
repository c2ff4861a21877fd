import { describe, expect, it } from 'vitest';
import { doorProbeUrl, doorSocketUrl, doorTokenOf } from './doorAddress.js';

const page = { protocol: 'http:', host: '127.0.0.1:4815', search: '', hash: '' };

describe('the door address', () => {
  it('takes the token from the query or the fragment', () => {
    expect(doorTokenOf({ search: '?token=abc123', hash: '' })).toBe('abc123');
    expect(doorTokenOf({ search: '', hash: '#token=def456' })).toBe('def456');
    expect(doorTokenOf({ search: '?x=1', hash: '#y=2' })).toBeNull();
  });

  it('is the /ws path on the page’s own host, with the token escaped', () => {
    expect(doorSocketUrl({ ...page, search: '?token=a+b/c' })).toBe('ws://127.0.0.1:4815/ws?token=a%20b%2Fc');
    expect(doorSocketUrl({ ...page, protocol: 'https:', host: 'box.example:443', hash: '#token=t' })).toBe('wss://box.example:443/ws?token=t');
    expect(doorSocketUrl(page)).toBe('ws://127.0.0.1:4815/ws?token=');
  });

  it('is probed over plain HTTP at the same URL', () => {
    expect(doorProbeUrl({ ...page, search: '?token=t' })).toBe('http://127.0.0.1:4815/ws?token=t');
    expect(doorProbeUrl({ ...page, protocol: 'https:', search: '?token=t' })).toBe('https://127.0.0.1:4815/ws?token=t');
  });
});
