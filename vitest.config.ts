import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const shared = { environment: 'happy-dom', setupFiles: ['tests/setup.ts'], restoreMocks: true };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['tests/**/*.test.{ts,tsx}'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
        },
      },
      // The session, the element and the UI once more with the script-tag bundle's own signals and renderer
      // (src/lib/signals.ts, src/lib/preact.ts).
      {
        resolve: {
          alias: {
            '@preact/signals-core': fileURLToPath(new URL('src/lib/signals.ts', import.meta.url)),
            preact: fileURLToPath(new URL('src/lib/preact.ts', import.meta.url)),
          },
        },
        test: {
          ...shared,
          name: 'lite',
          include: ['tests/chat/session-*.test.ts', 'tests/element/**/*.test.ts', 'tests/ui/**/*.test.{ts,tsx}'],
        },
      },
      // The session and the element once more against a fake backend unlike Parley (tests/helpers/fake-transport.ts):
      // UUID ids, time cursors, no typing, sends without an id, a conversation handle.
      {
        test: {
          ...shared,
          name: 'neutral',
          env: { FAKE_TRANSPORT: 'neutral' },
          include: ['tests/chat/session-*.test.ts', 'tests/element/**/*.test.ts'],
        },
      },
    ],
  },
});
