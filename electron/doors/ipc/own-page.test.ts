import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { isExternalWebUrl, isOwnPage } from './own-page.js';

const pageFile = '/opt/Tandem/resources/app/out/renderer/index.html';
const page = pathToFileURL(pageFile).href;

describe('isOwnPage', () => {
  it('accepts the built page, with any query or fragment', () => {
    expect(isOwnPage(page, { pageFile })).toBe(true);
    expect(isOwnPage(`${page}?session=1#top`, { pageFile })).toBe(true);
  });

  it('refuses other files, other hosts and web pages', () => {
    expect(isOwnPage(pathToFileURL('/opt/Tandem/resources/app/out/renderer/other.html').href, { pageFile })).toBe(false);
    expect(isOwnPage(pathToFileURL('/tmp/index.html').href, { pageFile })).toBe(false);
    expect(isOwnPage(`file://evil-share${pathToFileURL(pageFile).pathname}`, { pageFile })).toBe(false);
    expect(isOwnPage('https://example.com/', { pageFile })).toBe(false);
    expect(isOwnPage('http://127.0.0.1:5173/', { pageFile })).toBe(false);
    expect(isOwnPage('about:blank', { pageFile })).toBe(false);
    expect(isOwnPage('not a url', { pageFile })).toBe(false);
  });

  it('accepts the dev server origin only when one is configured', () => {
    const source = { pageFile, devServerUrl: 'http://127.0.0.1:5173' };
    expect(isOwnPage('http://127.0.0.1:5173/', source)).toBe(true);
    expect(isOwnPage('http://127.0.0.1:5173/index.html?x=1', source)).toBe(true);
    expect(isOwnPage('http://127.0.0.1:5174/', source)).toBe(false);
    expect(isOwnPage('http://localhost:5173/', source)).toBe(false);
  });
});

describe('isExternalWebUrl', () => {
  it('lets only http and https links out to the browser', () => {
    expect(isExternalWebUrl('https://platform.openai.com/api-keys')).toBe(true);
    expect(isExternalWebUrl('http://example.com')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'vscode://open', 'mailto:a@b.c', '']) {
      expect(isExternalWebUrl(url), url).toBe(false);
    }
  });
});
