// Starts the dev server (the Parley API, the agent API, the test controls, test pages with the probe, and the
// built widget) once for all end-to-end test files, on a random port, and hands its URL to the tests as `inject('baseUrl')`.
//
// The server serves a snapshot of `dist/` taken here (demo/server/snapshot.js says why).
import type { TestProject } from 'vitest/node';
import { listenOnSnapshot } from '../../demo/server/snapshot.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Set per Vitest project (vitest.e2e.config.ts). */
    engine: import('./driver/engines.js').Engine;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await listenOnSnapshot('parley-chat.js');
  project.provide('baseUrl', server.url);
  return () => server.close();
}
