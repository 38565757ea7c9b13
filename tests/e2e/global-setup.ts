// Starts the dev server (the Parley API, the agent API, the test controls, test pages with the probe, and the
// built widget) once for all end-to-end test files, on a random port, and hands its URL to the tests as `inject('baseUrl')`.
//
// The server serves a snapshot of `dist/` taken here, not `dist/` itself: `npm run build` starts with
// `rm -rf dist`, and a build running alongside the tests (watch mode, another terminal) would otherwise make
// `/dist/parley-chat.js` a 404 in the middle of a run.
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { listen } from '../../demo/server/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Set per Vitest project (vitest.e2e.config.ts). */
    engine: import('./driver/engines.js').Engine;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dist = fileURLToPath(new URL('../../dist', import.meta.url));
  const script = join(dist, 'parley-chat.js');
  const missing = () =>
    new Error(`The end-to-end tests use the built widget, and ${script} is missing: run npm run build first.`);
  if (!(await stat(script).catch(() => null))?.isFile()) throw missing();
  const snapshot = await mkdtemp(join(tmpdir(), 'parley-e2e-dist-'));
  await cp(dist, snapshot, { recursive: true });
  if (!(await stat(join(snapshot, 'parley-chat.js')).catch(() => null))?.isFile()) throw missing();

  const server = await listen({ port: 0, distDir: snapshot, probe: true });
  project.provide('baseUrl', server.url);
  return async () => {
    await server.close();
    await rm(snapshot, { recursive: true, force: true });
  };
}
