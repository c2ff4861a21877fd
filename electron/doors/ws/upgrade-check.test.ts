import { describe, expect, it } from 'vitest';
import { newDoorToken, tokenMatches } from './door-token.js';
import { checkHostHeader, checkUpgrade } from './upgrade-check.js';

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
  const at = (url: string, origin?: string, host = '127.0.0.1:4100') => checkUpgrade({ url, headers: origin === undefined ? { host } : { host, origin } }, expected);

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

describe('checkHostHeader', () => {
  it('admits requests addressed to a loopback name and this port, in any case', () => {
    for (const host of ['127.0.0.1:4100', 'localhost:4100', 'LOCALHOST:4100', 'LocalHost:4100', '[::1]:4100']) {
      expect(checkHostHeader(host, 4100), host).toEqual({ ok: true });
    }
  });

  it('turns away another name, another port, a missing port and a missing Host with 421', () => {
    for (const host of [undefined, '', 'evil.example:4100', 'evil.example', '127.0.0.1:4101', '127.0.0.1', 'localhost', 'localhost.:4100', '127.0.0.1.evil.example:4100', 'localhost:4100@evil.example', ' localhost:4100', '[::1]']) {
      expect(checkHostHeader(host, 4100), String(host)).toMatchObject({ ok: false, status: 421 });
    }
    expect(checkHostHeader('evil.example:4100', 4100)).toEqual({
      ok: false,
      status: 421,
      reason: 'This Tandem answers only at http://127.0.0.1:4100/ (or localhost:4100); this request came with the host name "evil.example:4100".',
    });
    expect(checkHostHeader(undefined, 4100)).toMatchObject({ reason: expect.stringContaining('came with no host name') });
  });

  it('takes a bare name on port 80, where browsers leave the port out', () => {
    expect(checkHostHeader('localhost', 80)).toEqual({ ok: true });
    expect(checkHostHeader('localhost:80', 80)).toEqual({ ok: true });
    expect(checkHostHeader('evil.example', 80)).toMatchObject({ ok: false, status: 421 });
  });

  it('comes first in checkUpgrade: a DNS-rebound name is refused even with the token and no Origin', () => {
    const verdict = checkUpgrade({ url: '/ws?token=tok-123', headers: { host: 'evil.example:4100' } }, { token: 'tok-123', port: 4100 });
    expect(verdict).toMatchObject({ ok: false, status: 421 });
    expect(checkUpgrade({ url: '/ws?token=tok-123', headers: { host: '[::1]:4100', origin: 'http://[::1]:4100' } }, { token: 'tok-123', port: 4100 })).toEqual({ ok: true });
  });
});
