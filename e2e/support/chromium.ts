import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const WELL_KNOWN = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * The browser the end-to-end tests drive: CHROMIUM_PATH, then a system Chromium or Chrome, else
 * Playwright's own download if one was installed (`npx playwright install chromium`). Says plainly
 * what is missing when there is none.
 */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but nothing is there.`);
    return fromEnv;
  }
  const found = WELL_KNOWN.find((candidate) => existsSync(candidate));
  if (found) return found;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const resolved = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (resolved) return resolved;
    } catch {
      // not on PATH
    }
  }
  // Playwright's own browser, if installed; undefined lets Playwright use it.
  return undefined;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
