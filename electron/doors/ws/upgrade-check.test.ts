import { describe, expect, it } from 'vitest';
import { newDoorToken, tokenMatches } from './door-token.js';
import { checkUpgrade } from './upgrade-check.js';

describe('door tokens', () => {
  it('are 24 random bytes, URL-safe, and compared exactly', () => {
    const token = newDoorToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newDoorToken()).not.toBe(token);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(`${token}x`, token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(null, token)).toBe(false);
  });
});

describe('checkUpgrade', () => {
  const expected = { token: 'tok-123', port: 4100 };
  const at = (url: string, origin?: string) => checkUpgrade({ url, headers: origin === undefined ? {} : { origin } }, expected);

  it('wants the socket path, the token, and an Origin of this door or none', () => {
    expect(at('/ws?token=tok-123')).toEqual({ ok: true });
    expect(at('/ws?token=tok-123', 'http://127.0.0.1:4100')).toEqual({ ok: true });
    expect(at('/ws?token=tok-123', 'http://localhost:4100')).toEqual({ ok: true });
    expect(at('/ws')).toMatchObject({ ok: false, status: 401 });
    expect(at('/ws?token=tok-12')).toMatchObject({ ok: false, status: 401 });
    expect(at('/ws?token=tok-123&token=other')).toEqual({ ok: true });
    expect(at('/ws?token=tok-123', 'null')).toMatchObject({ ok: false, status: 403 });
    expect(at('/ws?token=tok-123', 'http://127.0.0.1:4101')).toMatchObject({ ok: false, status: 403 });
    expect(at('/ws?token=tok-123', 'https://127.0.0.1:4100')).toMatchObject({ ok: false, status: 403 });
    expect(at('/ws?token=tok-123', 'http://127.0.0.1.evil.example:4100')).toMatchObject({ ok: false, status: 403 });
    expect(at('/socket?token=tok-123')).toMatchObject({ ok: false, status: 404 });
  });
});
