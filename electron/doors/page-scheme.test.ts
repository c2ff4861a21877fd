import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerPageRequest, PAGE_URL } from './page-scheme.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tandem-page-scheme-'));
const root = path.join(scratch, 'renderer');
mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Tandem</title>');
writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(path.join(scratch, 'secret.txt'), 'not for the page');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => answerPageRequest(new Request(url, { method }), root);

describe('the tandem:// scheme', () => {
  it('serves the page and its files with their types and the hardening headers', async () => {
    const page = await get(PAGE_URL);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Tandem</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-frame-options')).toBe('DENY');

    const script = await get('tandem://app/assets/index-abc.js?v=1');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('answers HEAD without a body, and refuses other methods', async () => {
    const head = await get(PAGE_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('<!doctype html><title>Tandem</title>'.length));
    expect(await head.text()).toBe('');
    expect((await get(PAGE_URL, 'POST')).status).toBe(405);
  });

  it('never serves what lies outside the built page, however the path is spelled', async () => {
    for (const url of ['tandem://app/../secret.txt', 'tandem://app/%2e%2e/secret.txt', 'tandem://app/assets/..%2f..%2fsecret.txt']) {
      const answer = await get(url);
      expect([400, 404], url).toContain(answer.status);
      expect(await answer.text(), url).not.toContain('not for the page');
      // Refusals carry the headers too.
      expect(answer.headers.get('content-security-policy'), url).toContain("default-src 'none'");
    }
  });

  it('serves one host only, and no folders', async () => {
    expect((await get('tandem://other/index.html')).status).toBe(404);
    expect((await get('tandem://app/assets/')).status).toBe(404);
    expect((await get('tandem://app/missing.js')).status).toBe(404);
  });

  it('follows no symbolic link out of the page', async () => {
    symlinkSync(path.join(scratch, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
    const answer = await get('tandem://app/assets/link.txt');
    expect(answer.status).not.toBe(200);
    expect(await answer.text()).not.toContain('not for the page');
  });
});
