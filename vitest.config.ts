import { defineConfig } from 'vitest/config';
import { TEST_HOME } from './test-support/test-home.js';

export default defineConfig({
  test: {
    // Playwright owns e2e/**/*.spec.ts; Vitest takes the unit and integration tests beside the code.
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'e2e/fake-model-server/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['./test-support/global-setup.ts'],
    env: { HOME: TEST_HOME },
  },
});
