// @ts-check
// Composes the dev server: one `(req, res, next?)` handler (dispatch.js) for `node:http` (server.js) or as
// Vite/connect middleware (vite-plugin.js).
//   /parley/...             the Parley Secure Messenger API (visitor side)
//   /kommunicate/...        a Kommunicate-compatible fake (visitor and agent routes, kommunicate-api.js); both visitor
//                           APIs with fault injection, chaos and statistics of their own (visitor-apis.js)
//   /kommunicate-proxy/...  the example proxy (demo/kommunicate-proxy.js) forwarding to /kommunicate: the widget's
//                           `api-url` for Kommunicate
//   /webcare/...            the agent API (Webcare-shaped) used by the agent console, for both backends
//   /__control/...          test controls
//   /dist/*, /...   the built widget and the demo pages (unless `serveStatic: false`)

import { fileURLToPath } from 'node:url';
import { createAgentApi } from './agent-api.js';
import { createChaos } from './chaos.js';
import { defaultConfig } from './config.js';
import { createControlApi } from './control-api.js';
import { createDevProxy } from './dev-proxy.js';
import { createHandler } from './dispatch.js';
import { createFaults } from './faults.js';
import { createKommunicateApi, DEV_API_KEY } from './kommunicate-api.js';
import { createKommunicateStore } from './kommunicate-store.js';
import { createParleyApi } from './parley-api.js';
import { createStatic } from './static.js';
import { createStore } from './store.js';
import { createTestPages } from './test-pages.js';
import { createVisitorApis, VISITOR_API_NAMES } from './visitor-apis.js';

/**
 * @typedef {object} DevServerOptions
 * @property {string | null} [requireToken] answer 401 `api_key_not_valid` unless `Authorization: Bearer <token>`
 * @property {boolean} [serveStatic] serve `/dist` and the demo pages (default true)
 * @property {string} [demoDir] default: this project's `demo/`
 * @property {string} [distDir] default: this project's `dist/`
 * @property {number} [typingTimeoutMs] how long a typing event lasts without a stop (default 30 000)
 * @property {number} [maxImageBytes] default 10 000 000
 * @property {string} [kommunicateApiKey] the Api-Key `/kommunicate` requires (default `dev-kommunicate-key`)
 * @property {number} [kommunicateMaxUploadBytes] default 25 MiB
 * @property {() => number} [now] clock in epoch ms (tests)
 * @property {boolean} [debug] log one line per API request (default: the `DEBUG` environment variable is set)
 * @property {boolean} [probe] the browser tests' server: test pages, and the probe in every page (test-pages.js)
 * @property {string} [welcomeMessage] the root `welcomeMessage` of every message list (default: none, as on KPN); also
 *   `POST /__control/config {"welcomeMessage": "..."}`, until the next reset
 */

/**
 * @param {DevServerOptions} [options]
 */
export function createDevServer(options = {}) {
  const debug = options.debug ?? Boolean(process.env.DEBUG);
  const store = createStore({ now: options.now, typingTimeoutMs: options.typingTimeoutMs });
  const kommunicateStore = createKommunicateStore({ now: options.now });
  const kommunicateApiKey = options.kommunicateApiKey ?? DEV_API_KEY;
  const initialConfig = () =>
    options.welcomeMessage === undefined
      ? defaultConfig()
      : { ...defaultConfig(), welcomeMessage: options.welcomeMessage };
  const config = initialConfig();
  const faults = createFaults(VISITOR_API_NAMES);
  const chaos = createChaos();
  const testPages = options.probe ? createTestPages() : null;
  /**
   * `keepAlive` off: every answer closes its connection (`POST /__control/connections`), also those of static
   * files. `unavailable`: static paths answered with a 503 (`POST /__control/unavailable`): a chunk that cannot load.
   */
  const connections = { keepAlive: true, unavailable: /** @type {Set<string>} */ (new Set()) };
  const parley = createParleyApi({
    store,
    config: () => config,
    requireToken: options.requireToken ?? null,
    maxImageBytes: options.maxImageBytes,
  });
  const kommunicate = createKommunicateApi({
    store: kommunicateStore,
    now: options.now,
    apiKey: kommunicateApiKey,
    maxUploadBytes: options.kommunicateMaxUploadBytes,
  });
  const visitorApis = createVisitorApis({ parley, store, kommunicate, kommunicateStore });
  /** Each visitor API's statistics by its name. */
  const stats = Object.fromEntries(visitorApis.map((api) => [api.name, api.stats]));
  const agent = createAgentApi({ store, kommunicateStore, maxImageBytes: options.maxImageBytes });
  const reset = () => {
    store.reset();
    kommunicateStore.reset();
    faults.clear();
    chaos.off();
    for (const api of visitorApis) api.stats.reset();
    testPages?.reset();
    connections.keepAlive = true;
    connections.unavailable.clear();
    for (const key of Object.keys(config)) delete config[key];
    Object.assign(config, initialConfig());
  };
  const control = createControlApi({ reset, faults, chaos, stats, config, testPages, connections });
  const serveStatic =
    options.serveStatic === false
      ? null
      : createStatic({
          demoDir: options.demoDir ?? fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, ''),
          distDir: options.distDir ?? fileURLToPath(new URL('../../dist', import.meta.url)),
          html: testPages?.withProbe,
        });
  const faultDeps = { faults, chaos };
  const kommunicateProxy = createDevProxy(kommunicateApiKey);
  const handler = createHandler({
    visitorApis,
    kommunicateProxy,
    agent,
    control,
    serveStatic,
    testPages,
    connections,
    faultDeps,
    debug,
  });

  return {
    handler,
    store,
    kommunicateStore,
    faults,
    chaos,
    stats,
    /** The live account config `GET /parley/config` answers; change it in place. */
    config,
    reset,
    /** Stops pending fault delays (their connections are closed). The HTTP server is the caller's. */
    close: () => faults.close(),
  };
}
