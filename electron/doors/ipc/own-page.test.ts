import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { PAGE_URL } from '../page-scheme.js';
import { isExternalWebUrl, isOwnPage } from './own-page.js';

const pageUrl = PAGE_URL;

describe('isOwnPage', () => {
  it('accepts the page on the app scheme, with any query or fragment', () => {
    expect(isOwnPage(pageUrl, { pageUrl })).toBe(true);
    expect(isOwnPage(`${pageUrl}?session=1#top`, { pageUrl })).toBe(true);
  });

  it('refuses other pages of the scheme, other hosts, file:// and web pages', () => {
    expect(isOwnPage('tandem://app/other.html', { pageUrl })).toBe(false);
    expect(isOwnPage('tandem://evil/index.html', { pageUrl })).toBe(false);
    // The built page opened as a file is not the app's page: file:// is never trusted.
    expect(isOwnPage(pathToFileURL('/opt/Tandem/resources/app.asar/out/renderer/index.html').href, { pageUrl })).toBe(false);
    expect(isOwnPage('https://app/index.html', { pageUrl })).toBe(false);
    expect(isOwnPage('https://example.com/', { pageUrl })).toBe(false);
    expect(isOwnPage('http://127.0.0.1:5173/', { pageUrl })).toBe(false);
    expect(isOwnPage('about:blank', { pageUrl })).toBe(false);
    expect(isOwnPage('not a url', { pageUrl })).toBe(false);
  });

  it('accepts the dev server origin only when one is configured', () => {
    const source = { pageUrl, devServerUrl: 'http://127.0.0.1:5173' };
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
