// @ts-check
// Test controls at `/__control`: reset, fault rules, chaos (random faults), statistics and the request log (per
// visitor API, `?api=parley|kommunicate`), the account config, keep-alive connections, static files made
// unavailable, and (with `probe: true`) test pages and the problems pages reported.
// Plain JSON answers (no Parley envelope): these are for test code, not for the widget.

import { readBody, parseFields } from './http.js';

/** @typedef {import('./http.js').Reply} Reply */

/**
 * @param {{ reset: () => void, faults: import('./faults.js').Faults, chaos: import('./chaos.js').Chaos,
 *   stats: Record<string, import('./stats.js').Stats>, config: Record<string, unknown>,
 *   testPages: import('./test-pages.js').TestPages | null,
 *   connections: { keepAlive: boolean, unavailable: Set<string> } }} deps
 *   stats: each visitor API's statistics by its name (`parley`, `kommunicate`: `?api=` of `/stats` and `/requests`,
 *   default `parley`); config: the live config object `GET /parley/config` answers (changed in place)
 */
export function createControlApi({ reset, faults, chaos, stats, config, testPages, connections }) {
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {string} path the path after `/__control`
   * @param {URLSearchParams} query
   * @returns {Promise<Reply>}
   */
  return async function handle(req, path, query) {
    const route = `${req.method} ${path}`;
    switch (route) {
      case 'POST /reset':
        reset();
        return json(200, { ok: true });
      case 'GET /faults':
        return json(200, faults.list());
      case 'DELETE /faults':
        faults.clear();
        return json(200, { ok: true });
      case 'POST /faults': {
        const input = await readJson(req);
        return unlessInvalid(() => ({ added: faults.add(input) }));
      }
      case 'GET /chaos':
        return json(200, chaos.state());
      case 'DELETE /chaos':
        chaos.off();
        return json(200, { ok: true, chaos: chaos.state() });
      case 'POST /chaos': {
        const input = await readJson(req);
        return unlessInvalid(() => ({ chaos: chaos.configure(input) }));
      }
      case 'GET /stats':
        return withStats(stats, query, (of) => of.summary());
      case 'GET /requests': {
        const limit = Number(query.get('limit') ?? 50);
        return withStats(stats, query, (of) => of.last(Number.isFinite(limit) ? limit : 50));
      }
      case 'GET /config':
        return json(200, config);
      case 'POST /config': {
        const input = await readJson(req);
        if (!input || typeof input !== 'object' || Array.isArray(input)) {
          return json(400, { ok: false, error: 'a JSON object' });
        }
        Object.assign(config, input);
        return json(200, config);
      }
      case 'POST /connections': {
        const input = /** @type {{ keepAlive?: unknown }} */ (await readJson(req));
        if (typeof input?.keepAlive !== 'boolean') return json(400, { ok: false, error: '{ keepAlive: boolean }' });
        connections.keepAlive = input.keepAlive;
        return json(200, { ok: true, keepAlive: connections.keepAlive });
      }
      case 'POST /unavailable': {
        const input = /** @type {{ path?: unknown }} */ (await readJson(req));
        if (typeof input?.path !== 'string') return json(400, { ok: false, error: '{ path: string }' });
        connections.unavailable.add(input.path);
        return json(200, { ok: true, unavailable: [...connections.unavailable] });
      }
      case 'DELETE /unavailable':
        connections.unavailable.clear();
        return json(200, { ok: true });
      default:
        return (
          (testPages && testPageControl(testPages, route, req)) ??
          json(404, { ok: false, error: `unknown control ${route}` })
        );
    }
  };
}

/**
 * The controls of the browser tests' server: `POST /pages {path, html, headers?}` serves a page until the next
 * reset; the probe script; `POST /problems` (from the probe) and `GET /problems`.
 * @param {import('./test-pages.js').TestPages} testPages
 * @param {string} route
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Reply> | null}
 */
function testPageControl(testPages, route, req) {
  switch (route) {
    case 'GET /probe.js':
      return Promise.resolve({
        status: 200,
        body: testPages.probe(),
        headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
      });
    case 'POST /pages':
      return readJson(req).then((input) => {
        const {
          path,
          html,
          headers = {},
        } = /** @type {{ path?: unknown, html?: unknown, headers?: unknown }} */ (input ?? {});
        if (typeof path !== 'string' || typeof html !== 'string' || typeof headers !== 'object' || !headers) {
          return json(400, { ok: false, error: '{ path: string, html: string, headers?: object }' });
        }
        return unlessInvalid(() => {
          testPages.add(path, { html, headers: /** @type {Record<string, string>} */ (headers) });
          return { path };
        });
      });
    case 'POST /problems':
      return readJson(req).then((input) => {
        testPages.report(input);
        return json(200, { ok: true });
      });
    case 'GET /problems':
      return Promise.resolve(json(200, testPages.problems()));
    default:
      return null;
  }
}

/**
 * @param {number} status
 * @param {unknown} body
 * @returns {Reply}
 */
const json = (status, body) => ({ status, body });

/**
 * Answers from the statistics of the API `?api=` names (default `parley`).
 * @param {Record<string, import('./stats.js').Stats>} stats
 * @param {URLSearchParams} query
 * @param {(of: import('./stats.js').Stats) => unknown} answer
 */
function withStats(stats, query, answer) {
  const api = query.get('api') ?? 'parley';
  const of = Object.hasOwn(stats, api) ? stats[api] : undefined;
  return of
    ? json(200, answer(of))
    : json(400, { ok: false, error: `api must be one of ${Object.keys(stats).join(', ')}` });
}

/**
 * Applies a test's input: `{ ok: true, ...result }`, or a 400 with the message of the validation error thrown.
 * @param {() => Record<string, unknown>} apply
 * @returns {Reply}
 */
function unlessInvalid(apply) {
  try {
    return json(200, { ok: true, ...apply() });
  } catch (error) {
    return json(400, { ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<unknown>}
 */
async function readJson(req) {
  const { body } = await readBody(req, 1_000_000);
  const text = body.toString('utf8').trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return parseFields(body, 'application/json');
}
