import { describe, expect, it, vi } from 'vitest';
import { updateFeed, type UpdateFeedContext } from './update-feed.js';

function context(overrides: Partial<UpdateFeedContext> = {}): UpdateFeedContext {
  return { packaged: true, resourcesPath: '/opt/Tandem/resources', env: {}, exists: () => false, ...overrides };
}

describe('updateFeed', () => {
  it('is off until a feed is configured', () => {
    expect(updateFeed(context())).toBeNull();
  });

  it('uses the app-update.yml electron-builder wrote when a publish URL was given at packaging', () => {
    const exists = (file: string) => file === '/opt/Tandem/resources/app-update.yml';
    expect(updateFeed(context({ exists }))).toEqual({ kind: 'packaged', configFile: '/opt/Tandem/resources/app-update.yml' });
  });

  it('lets TANDEM_UPDATE_URL name a generic feed, https only (or http on this machine)', () => {
    expect(updateFeed(context({ env: { TANDEM_UPDATE_URL: 'https://updates.example.com/tandem/' } }))).toEqual({ kind: 'url', url: 'https://updates.example.com/tandem/' });
    expect(updateFeed(context({ env: { TANDEM_UPDATE_URL: 'http://127.0.0.1:8080/' } }))).toEqual({ kind: 'url', url: 'http://127.0.0.1:8080/' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(updateFeed(context({ env: { TANDEM_UPDATE_URL: 'http://updates.example.com/' } }))).toBeNull();
    expect(updateFeed(context({ env: { TANDEM_UPDATE_URL: 'not a url' } }))).toBeNull();
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('never updates an app that is not packaged (npm start)', () => {
    expect(updateFeed(context({ packaged: false, env: { TANDEM_UPDATE_URL: 'https://updates.example.com/' }, exists: () => true }))).toBeNull();
  });
});
