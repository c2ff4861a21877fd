import path from 'node:path';

/**
 * Where updates come from, or null when updates are off. They are off until a feed is configured: either at
 * packaging time (`npm run dist -- -c.publish.provider=generic -c.publish.url=URL`, which makes electron-builder
 * write resources/app-update.yml), or at run time with TANDEM_UPDATE_URL (a generic feed: a folder holding
 * latest*.yml and the builds). Only a packaged app updates; `npm start` never does.
 */
export type UpdateFeed = { kind: 'packaged'; configFile: string } | { kind: 'url'; url: string };

export interface UpdateFeedContext {
  packaged: boolean;
  resourcesPath: string;
  env: Record<string, string | undefined>;
  exists(file: string): boolean;
}

/** The feed's URL must be https, or http on this machine (a test server). */
function acceptableFeedUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]')) return url.href;
  return null;
}

export function updateFeed(context: UpdateFeedContext): UpdateFeed | null {
  if (!context.packaged) return null;
  const configured = context.env.TANDEM_UPDATE_URL?.trim();
  if (configured) {
    const url = acceptableFeedUrl(configured);
    if (url) return { kind: 'url', url };
    console.warn(`Tandem: TANDEM_UPDATE_URL is not an https URL (${configured}); updates stay off.`);
    return null;
  }
  const configFile = path.join(context.resourcesPath, 'app-update.yml');
  return context.exists(configFile) ? { kind: 'packaged', configFile } : null;
}
