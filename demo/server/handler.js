// @ts-check
// Composes the dev server: one `(req, res, next?)` handler for `node:http` or as Vite/connect middleware.
//   /parley/...     the Parley Secure Messenger API (visitor side), with fault injection, chaos and statistics
//   /webcare/...    the agent API (Webcare-shaped) used by the agent console
//   /__control/...  test controls
//   /dist/*, /...   the built widget and the demo pages (unless `serveStatic: false`)

import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAgentApi } from './agent-api.js';
import { createChaos } from './chaos.js';
import { defaultConfig } from './config.js';
import { createControlApi } from './control-api.js';
import { answerWithFaults, createFaults } from './faults.js';
import { applyCors, answerPreflight, writeReply } from './http.js';
import { createParleyApi, routeOf } from './parley-api.js';
import { createStatic } from './static.js';
import { createStats, requestRecord } from './stats.js';
import { createStore } from './store.js';

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {(error?: unknown) => void} Next */
/** @typedef {(req: Request, res: Response, next?: Next) => void} Handler */

/**
 * @typedef {object} DevServerOptions
 * @property {string | null} [requireToken] answer 401 `api_key_not_valid` unless `Authorization: Bearer <token>`
 * @property {boolean} [serveStatic] serve `/dist` and the demo pages (default true)
 * @property {string} [demoDir] default: this project's `demo/`
 * @property {string} [distDir] default: this project's `dist/`
 * @property {number} [typingTimeoutMs] how long a typing event lasts without a stop (default 30 000)
 * @property {number} [maxImageBytes] default 10 000 000
 * @property {() => number} [now] clock in epoch ms (tests)
 * @property {boolean} [debug] log one line per API request (default: the `DEBUG` environment variable is set)
 */

const MOUNTS = ['/parley', '/webcare', '/__control'];

/**
 * @param {DevServerOptions} [options]
 */
export function createDevServer(options = {}) {
  const debug = options.debug ?? Boolean(process.env.DEBUG);
  const store = createStore({ now: options.now, typingTimeoutMs: options.typingTimeoutMs });
  const config = defaultConfig();
  const faults = createFaults();
  const chaos = createChaos();
  const stats = createStats();
  const parley = createParleyApi({
    store,
    config: () => config,
    requireToken: options.requireToken ?? null,
    maxImageBytes: options.maxImageBytes,
  });
  const agent = createAgentApi({ store, maxImageBytes: options.maxImageBytes });
  const reset = () => {
    store.reset();
    faults.clear();
    chaos.off();
    stats.reset();
    for (const key of Object.keys(config)) delete config[key];
    Object.assign(config, defaultConfig());
  };
  const control = createControlApi({ reset, faults, chaos, stats, store, config });
  const serveStatic =
    options.serveStatic === false
      ? null
      : createStatic({
          demoDir: options.demoDir ?? fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, ''),
          distDir: options.distDir ?? fileURLToPath(new URL('../../dist', import.meta.url)),
        });
  const faultDeps = { faults, chaos, stats, store };
  /** Requests per connection: chaos tells a reused keep-alive connection from a new one. */
  /** @type {WeakMap<import('node:net').Socket, number>} */
  const served = new WeakMap();

  /** @type {Handler} */
  function handler(req, res, next) {
    served.set(req.socket, (served.get(req.socket) ?? 0) + 1);
    dispatch(req, res, next).catch((error) => {
      console.error('[parley-dev] handler error', error);
      if (!res.headersSent) writeReply(res, { status: 500, body: { error: String(error) } });
      else res.destroy();
    });
  }

  /**
   * @param {Request} req
   * @param {Response} res
   * @param {Next} [next]
   */
  async function dispatch(req, res, next) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname.replace(/\/{2,}/g, '/');
    const mount = MOUNTS.find((m) => pathname === m || pathname.startsWith(`${m}/`));
    closeWhileChaos(res);
    if (!mount) {
      if (serveStatic && (await serveStatic(req, res, pathname))) return;
      res.removeHeader('Connection');
      if (next) return next();
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Not found\n');
      return;
    }
    const path = pathname.slice(mount.length).replace(/(.)\/$/, '$1') || '/';
    if (req.method === 'OPTIONS') {
      return answerPreflight(req, res, mount === '/__control' ? 'GET, POST, DELETE, OPTIONS' : 'GET, POST, OPTIONS');
    }
    applyCors(req, res);
    if (mount === '/parley') return parleyRequest(req, res, path, url.search);
    const started = performance.now();
    const reply =
      mount === '/webcare'
        ? await agent.handle(req, path, url.searchParams)
        : await control(req, path, url.searchParams);
    closeWhileChaos(res); // `POST /__control/chaos` may just have turned it on
    writeReply(res, reply, req.method === 'HEAD');
    if (debug) logLine(req.method, pathname, reply.status, started, '');
  }

  /**
   * While chaos is on, every answer closes its connection, so each request comes on a new one (see chaos.js).
   * @param {Response} res
   */
  function closeWhileChaos(res) {
    if (chaos.enabled()) res.setHeader('Connection', 'close');
  }

  /**
   * A Parley API request: recorded, then answered (see faults.js).
   * @param {Request} req
   * @param {Response} res
   * @param {string} path after `/parley`
   * @param {string} search
   */
  async function parleyRequest(req, res, path, search) {
    const started = performance.now();
    const record = requestRecord(req, path + search);
    const route = routeOf(path)?.route.name ?? path;
    stats.record(record, route);
    const call = { url: path.slice(1), method: record.method, started };
    const reusedConnection = (served.get(req.socket) ?? 0) > 1;
    const handle = () => parley.handle(req, path, call);
    try {
      await answerWithFaults(faultDeps, { req, res, path, route, call, record, reusedConnection, handle });
    } finally {
      if (debug) logParleyRequest(record, path, started);
    }
  }

  return {
    handler,
    store,
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

/**
 * @param {import('./stats.js').RequestRecord} record
 * @param {string} path after `/parley`
 * @param {number} started
 */
function logParleyRequest(record, path, started) {
  const outcome = `${record.dropped ? 'dropped' : record.status}${record.chaos ? ` (chaos ${record.chaos})` : ''}`;
  logLine(record.method, `/parley${path}`, outcome, started, record.deviceId);
}

/**
 * @param {string | undefined} method
 * @param {string} path
 * @param {number | string} status
 * @param {number} started
 * @param {string | null} deviceId
 */
function logLine(method, path, status, started, deviceId) {
  const ms = Math.round(performance.now() - started);
  const device = deviceId ? ` device=${deviceId.slice(0, 12)}` : '';
  console.log(`[parley-dev] ${method} ${path} ${status} ${ms}ms${device}`);
}

/**
 * Starts the dev server on its own HTTP server. Port 0 picks a free port.
 * @param {DevServerOptions & { port?: number, host?: string }} [options]
 */
export async function listen(options = {}) {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const dev = createDevServer(rest);
  const server = createServer(dev.handler);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${actualPort}`;
  /** @type {Promise<void> | null} */
  let closing = null;
  return {
    /** e.g. `http://127.0.0.1:5180` */
    url,
    /** the widget's `api-url`: `${url}/parley` */
    apiUrl: `${url}/parley`,
    port: actualPort,
    server,
    store: dev.store,
    dev,
    /** Closes the server: idle keep-alive sockets at once, busy ones after a grace period. */
    close() {
      closing ??= new Promise((resolve) => {
        dev.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return closing;
    },
  };
}

/**
 * The dev server as a Vite plugin: `plugins: [parleyDevServerPlugin()]` mounts the APIs on Vite's dev and
 * preview servers. Static files stay Vite's unless `serveStatic: true`.
 * @param {DevServerOptions} [options]
 * @returns {import('vite').Plugin}
 */
export function parleyDevServerPlugin(options = {}) {
  /** @param {import('vite').ViteDevServer | import('vite').PreviewServer} server */
  const mount = (server) => {
    const dev = createDevServer({ serveStatic: false, ...options });
    server.middlewares.use(dev.handler);
    server.httpServer?.once('close', () => dev.close());
  };
  return {
    name: 'parley-dev-server',
    configureServer: mount,
    configurePreviewServer: mount,
  };
}
