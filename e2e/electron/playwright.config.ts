import { defineConfig } from '@playwright/test';

// The desktop app itself, driven through Playwright's Electron support. It needs the Electron binary, which
// `npm install` downloads on a person's machine (not on the build machines of this project): run it with
// `npm run test:electron`.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/electron',
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
