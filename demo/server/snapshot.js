// @ts-check
// The dev server as the browser tests, the soak and the bench run it: on a random port, with the probe in every page,
// serving a copy of dist/ taken at its start (`npm run build` starts with `rm -rf dist`, and a build running meanwhile
// would otherwise make the widget's files vanish mid-run); and a client of its JSON APIs.

import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listen } from './server.js';

/** dist/ has not been built (or lacks `needed`). */
export class MissingBuild extends Error {}

const isFile = async (/** @type {string} */ path) => Boolean((await stat(path).catch(() => null))?.isFile());

/**
 * @param {string} needed a file of dist/ that must be there, e.g. `parley-chat.js`
 */
export async function listenOnSnapshot(needed) {
  const dist = fileURLToPath(new URL('../../dist', import.meta.url));
  const missing = () => new MissingBuild(`${join(dist, needed)} is missing: run npm run build first.`);
  if (!(await isFile(join(dist, needed)))) throw missing();
  const distDir = await mkdtemp(join(tmpdir(), 'parley-dist-'));
  await cp(dist, distDir, { recursive: true });
  if (!(await isFile(join(distDir, needed)))) throw missing(); // removed while it was copied
  const server = await listen({ port: 0, distDir, probe: true });
  return {
    url: server.url,
    distDir,
    store: server.store,
    kommunicateStore: server.dev.kommunicateStore,
    async close() {
      await server.close();
      await rm(distDir, { recursive: true, force: true });
    },
  };
}

/**
 * Calls the server's JSON APIs (`/__control/…`, the agent API): rejects with the method, path and answer on an HTTP
 * error.
 * @param {string} base the server's URL
 */
export const jsonClient =
  (base) =>
  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<any>}
   */
  async (method, path, body) => {
    const response = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
