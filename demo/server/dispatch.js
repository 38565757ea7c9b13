// @ts-check
// Routes one request of the dev server (composed in handler.js) to its API, or to the static files.

import { answerWithFaults } from './faults.js';
import { applyCors, answerPreflight, writeReply } from './http.js';
import { requestRecord } from './stats.js';

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {(error?: unknown) => void} Next */
/** @typedef {(req: Request, res: Response, next?: Next) => void} Handler */

/**
 * @typedef {object} Parts what the dev server answers with
 * @property {import('./faults.js').VisitorApi[]} visitorApis `/parley`, `/kommunicate`
 * @property {(req: Request, res: Response) => void} kommunicateProxy the example proxy, for `/kommunicate-proxy`
 * @property {ReturnType<typeof import('./agent-api.js').createAgentApi>} agent
 * @property {ReturnType<typeof import('./control-api.js').createControlApi>} control
 * @property {ReturnType<typeof import('./static.js').createStatic> | null} serveStatic
 * @property {import('./test-pages.js').TestPages | null} testPages
 * @property {{ keepAlive: boolean, unavailable: Set<string> }} connections
 * @property {import('./faults.js').FaultDeps} faultDeps
 * @property {boolean} debug
 */
/**
 * @typedef {Parts & { served: WeakMap<import('node:net').Socket, number> }} Context
 *   `served`: requests per connection; chaos tells a reused keep-alive connection from a new one.
 */

const PROXY_MOUNT = '/kommunicate-proxy';
const MOUNTS = ['/parley', '/kommunicate', PROXY_MOUNT, '/webcare', '/__control'];

/**
 * @param {Parts} parts
 * @returns {Handler}
 */
export function createHandler(parts) {
  /** @type {Context} */
  const ctx = { ...parts, served: new WeakMap() };
  return (req, res, next) => {
    ctx.served.set(req.socket, (ctx.served.get(req.socket) ?? 0) + 1);
    dispatch(ctx, req, res, next).catch((error) => {
      console.error('[parley-dev] handler error', error);
      if (!res.headersSent) writeReply(res, { status: 500, body: { error: String(error) } });
      else res.destroy();
    });
  };
}

/**
 * @param {Context} ctx
 * @param {Request} req
 * @param {Response} res
 * @param {Next} [next]
 */
async function dispatch(ctx, req, res, next) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const pathname = url.pathname.replace(/\/{2,}/g, '/');
  const mount = MOUNTS.find((m) => pathname === m || pathname.startsWith(`${m}/`));
  closeWhileChaos(ctx, res);
  if (!mount) {
    if (ctx.connections.unavailable.has(pathname)) {
      writeReply(res, {
        status: 503,
        body: 'Unavailable (a test made it so)\n',
        headers: { 'Content-Type': 'text/plain' },
      });
      return;
    }
    if (ctx.testPages && serveTestPage(ctx.testPages, req, res, pathname)) return;
    if (ctx.serveStatic && (await ctx.serveStatic(req, res, pathname))) return;
    res.removeHeader('Connection');
    if (next) return next();
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Not found\n');
    return;
  }
  if (mount === PROXY_MOUNT) {
    // The proxy answers its preflights and CORS itself, as it would on a site owner's server.
    req.url = `${pathname.slice(mount.length) || '/'}${url.search}`;
    return ctx.kommunicateProxy(req, res);
  }
  const path = pathname.slice(mount.length).replace(/(.)\/$/, '$1') || '/';
  const visitorApi = ctx.visitorApis.find((api) => api.mount === mount);
  if (req.method === 'OPTIONS') {
    const methods =
      visitorApi?.methods ?? (mount === '/__control' ? 'GET, POST, DELETE, OPTIONS' : 'GET, POST, OPTIONS');
    return answerPreflight(req, res, methods);
  }
  applyCors(req, res);
  if (visitorApi) return visitorRequest(ctx, visitorApi, { req, res, path, url });
  const started = performance.now();
  const reply =
    mount === '/webcare'
      ? await ctx.agent.handle(req, path, url.searchParams)
      : await ctx.control(req, path, url.searchParams);
  closeWhileChaos(ctx, res); // `POST /__control/chaos` may just have turned it on
  writeReply(res, reply, req.method === 'HEAD');
  if (ctx.debug) logLine(req.method, pathname, reply.status, started, '');
}

/**
 * While chaos is on, every answer closes its connection, so each request comes on a new one (see chaos.js); also
 * while a test turned keep-alive off.
 * @param {Context} ctx
 * @param {Response} res
 */
function closeWhileChaos(ctx, res) {
  if (ctx.faultDeps.chaos.enabled() || !ctx.connections.keepAlive) res.setHeader('Connection', 'close');
}

/**
 * A page (or script) a test registered, an HTML page with the probe; true when it was one.
 * @param {import('./test-pages.js').TestPages} testPages
 * @param {Request} req
 * @param {Response} res
 * @param {string} pathname
 */
function serveTestPage(testPages, req, res, pathname) {
  const page = req.method === 'GET' ? testPages.page(pathname) : null;
  if (!page) return false;
  const headers = { 'Content-Type': 'text/html; charset=utf-8', ...page.headers };
  const html = headers['Content-Type'].startsWith('text/html');
  writeReply(res, { status: 200, body: html ? testPages.withProbe(page.html) : page.html, headers });
  return true;
}

/**
 * A visitor API request: recorded in the API's statistics, then answered (see faults.js).
 * @param {Context} ctx
 * @param {import('./faults.js').VisitorApi} api
 * @param {{ req: Request, res: Response, path: string, url: URL }} request path: after the mount
 */
async function visitorRequest(ctx, api, { req, res, path, url }) {
  const started = performance.now();
  const record = requestRecord(req, path + url.search, api.identityHeader);
  const route = api.routeName(path);
  api.stats.record(record, route);
  const call = { url: path.slice(1), method: record.method, started };
  const reusedConnection = (ctx.served.get(req.socket) ?? 0) > 1;
  const handle = () => api.handle(req, path, url.searchParams, call);
  try {
    await answerWithFaults(ctx.faultDeps, { api, req, res, path, route, call, record, reusedConnection, handle });
  } finally {
    if (ctx.debug) logVisitorRequest(record, api.mount + path, started);
  }
}

/**
 * @param {import('./stats.js').RequestRecord} record
 * @param {string} path from the mount on, e.g. `/parley/messages`
 * @param {number} started
 */
function logVisitorRequest(record, path, started) {
  const outcome = `${record.dropped ? 'dropped' : record.status}${record.chaos ? ` (chaos ${record.chaos})` : ''}`;
  logLine(record.method, path, outcome, started, record.deviceId);
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
