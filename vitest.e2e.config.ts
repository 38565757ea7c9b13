import { defineConfig } from 'vitest/config';
import { ENGINES } from './tests/e2e/driver/engines.js';

// Real-browser tests against the dev server and the built script, once per engine: one Vitest project each
// (scripts/e2e.js picks them with `--browser`), one test file at a time.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    reporters: ['default', './tests/e2e/engine-summary.ts'],
    projects: ENGINES.map((engine) => ({ extends: true, test: { name: engine, provide: { engine } } })),
  },
});
