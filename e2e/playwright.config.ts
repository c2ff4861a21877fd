import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './support/chromium.js';
import { prepareTestHome } from '../test-support/test-home.js';

// `tandem serve` runs with a HOME of its own, as the unit tests do (see test-support/test-home.ts).
process.env.HOME = prepareTestHome();

// The window, end to end, in Chromium through `tandem serve` and the fake model server.
export default defineConfig({
  testDir: './browser',
  outputDir: '../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  // A guard against a hung test, not a measure: the longest tests take 45 s on these shared two-core machines under
  // load, so a minute was too close.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
});
