#!/usr/bin/env node
// @ts-check
// An example pass-through proxy a site owner runs between the widget and Kommunicate, in plain `node:http`:
// it keeps the Api-Key secret (the browser never sees it), pins every request to its visitor (`Of-User-Id`, see
// `identify`), lets only the widget's six visitor routes through, and returns Kommunicate's answers unchanged
// (status, body, Content-Type, Retry-After). Wire spec: /tmp/an/kommunicate-wire.md.
//
//   KOMMUNICATE_API_KEY=... node demo/kommunicate-proxy.js --upstream https://services.kommunicate.io --port 8787 \
//     [--host 127.0.0.1] [--origin https://www.example.com]...
//
// The widget then uses `api-url="https://<this proxy>"`. It remembers which groups and files are each visitor's
// in memory (the most recent MAX_VISITORS visitors); after a restart it asks Kommunicate again.

import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/**
 * @typedef {{ status: number, contentType: string | undefined, retryAfter: string | undefined, body: Buffer }} Answer
 */
/**
 * @typedef {object} ProxyOptions
 * @property {string} upstream Kommunicate's base URL, e.g. `https://services.kommunicate.io`
 * @property {string} apiKey
 * @property {(req: Request) => string | null | Promise<string | null>} [identify] the visitor's id, or null to
 *   refuse (403). Default: the `Of-User-Id` header as the widget sends it (its device id), unverified; a site with
 *   logins would check `Authorization: Bearer <token>` here and return the user's own id.
 * @property {string[]} [origins] the sites allowed to call (CORS); default: any origin
 * @property {number} [timeoutMs] how long to wait for Kommunicate (default 30 s; then 504)
 */

const VISITOR_ID = /^[A-Za-z0-9_.:-]{10,100}$/;
const MAX_JSON_BYTES = 100_000;
const MAX_ANSWER_BYTES = 10_000_000;
const MAX_VISITORS = 10_000;
/** `METHOD path` → what the proxy checks before it forwards. */
const ROUTES = /** @type {const} */ ({
  'POST /rest/ws/group/conversation': 'create',
  'GET /rest/ws/group/v2/info': 'info',
  'GET /rest/ws/message/list': 'list',
  'GET /rest/ws/message/v2/list': 'list',
  'POST /rest/ws/message/send': 'send',
  'POST /rest/ws/upload/image': 'upload',
  'GET /rest/ws/file/url': 'fileUrl',
});

/**
 * @param {ProxyOptions} options
 * @returns {(req: Request, res: Response) => void}
 */
export function createKommunicateProxy({ upstream, apiKey, identify = visitorHeader, origins, timeoutMs = 30_000 }) {
  const base = upstream.replace(/\/+$/, '');
  /** visitor → ids of its groups */
  const groups = new Map();
  /** visitor → blobKeys it uploaded or was shown */
  const files = new Map();
  /** @type {Forward} */
  const forward = ({ visitor, signal }, call) => upstreamCall({ base, apiKey, visitor, signal, timeoutMs, ...call });
  const routes = createRoutes({ forward, groups, files });

  return (req, res) => {
    cors(req, res, origins);
    if (req.method === 'OPTIONS') return preflight(res);
    const url = new URL(req.url ?? '/', 'http://proxy');
    const route = ROUTES[/** @type {keyof typeof ROUTES} */ (`${req.method} ${url.pathname.replace(/(.)\/$/, '$1')}`)];
    if (!route) return reply(res, errorAnswer(404, 'NOT_FOUND', 'no such route'));
    const gaveUp = new AbortController();
    // A visitor who gave up: stop waiting for Kommunicate too.
    res.on('close', () => res.writableFinished || gaveUp.abort());
    Promise.resolve(identify(req))
      .then((visitor) => (visitor ? routes[route]({ req, url, visitor, signal: gaveUp.signal }) : UNAUTHORIZED))
      .catch((error) => upstreamFailure(error))
      .then((answer) => reply(res, answer));
  };
}

/** @type {(req: Request) => string | null} */
function visitorHeader(req) {
  const id = String(req.headers['of-user-id'] ?? '');
  return VISITOR_ID.test(id) ? id : null;
}

const UNAUTHORIZED = errorAnswer(403, 'AL-UN-01', 'unauthorized user');

/**
 * A visitor's request as the routes see it.
 * @typedef {{ req: Request, url: URL, visitor: string, signal: AbortSignal }} VisitorCall
 */
/**
 * @typedef {(from: VisitorCall, call: { method: string, path: string, contentType?: string,
 *   body?: Buffer | Request }) => Promise<Answer>} Forward
 */

/**
 * What each route checks. Every route pins `Of-User-Id` to the visitor (upstreamCall).
 * @param {{ forward: Forward, groups: Map<string, Set<string>>, files: Map<string, Set<string>> }} parts
 * @returns {Record<string, (call: VisitorCall) => Promise<Answer>>}
 */
function createRoutes({ forward, groups, files }) {
  const get = (/** @type {VisitorCall} */ from) =>
    forward(from, { method: 'GET', path: from.url.pathname + from.url.search });
  /**
   * Whether the group is the visitor's: remembered, else asked (the answer of a failing check is passed on).
   * @param {VisitorCall} from
   * @param {unknown} groupId
   * @returns {Promise<boolean | Answer>}
   */
  async function owns(from, groupId) {
    const id = String(groupId ?? '');
    if (!/^\d{1,15}$/.test(id)) return false;
    if (groups.get(from.visitor)?.has(id)) return true;
    const answer = await forward(from, { method: 'GET', path: `/rest/ws/group/v2/info?groupId=${id}` });
    if (answer.status !== 200) return answer;
    return rememberGroup(groups, from.visitor, jsonOf(answer));
  }
  /** @type {(answer: Answer, visitor: string) => Answer} */
  const rememberFiles = (answer, visitor) => {
    const body = jsonOf(answer);
    const metas = Array.isArray(body?.message) ? body.message.map((/** @type {any} */ m) => m?.fileMeta) : [body];
    for (const meta of metas) {
      for (const key of [meta?.blobKey, meta?.thumbnailBlobKey])
        if (typeof key === 'string') remember(files, visitor, key);
    }
    return answer;
  };

  return {
    async create(from) {
      const { req, url, visitor } = from;
      const fields = await readJson(req);
      if (!fields) return errorAnswer(400, 'AL-IN-01', 'invalid JSON body');
      const pinned = { ...fields, groupMemberList: [visitor], clientGroupId: `pc-${visitor}` };
      const answer = await forward(from, { method: 'POST', path: url.pathname, ...jsonBody(pinned) });
      rememberGroup(groups, visitor, jsonOf(answer));
      return answer;
    },
    async info(from) {
      const { url, visitor } = from;
      const clientGroupId = url.searchParams.get('clientGroupId');
      const groupId = url.searchParams.get('groupId');
      if ((groupId === null) === (clientGroupId === null)) return UNAUTHORIZED; // exactly one of them
      if (groupId !== null) {
        const owned = await owns(from, groupId);
        return owned === true ? get(from) : owned || UNAUTHORIZED;
      }
      if (clientGroupId !== `pc-${visitor}`) return UNAUTHORIZED;
      const answer = await get(from);
      rememberGroup(groups, visitor, jsonOf(answer));
      return answer;
    },
    async list(from) {
      const owned = await owns(from, from.url.searchParams.get('groupId'));
      if (owned !== true) return owned || UNAUTHORIZED;
      return rememberFiles(await get(from), from.visitor);
    },
    async send(from) {
      const body = await readRaw(from.req);
      const fields = body && parseObject(body);
      if (!body || !fields) return errorAnswer(400, 'AL-IN-01', 'invalid JSON body');
      const owned = await owns(from, fields.groupId);
      if (owned !== true) return owned || UNAUTHORIZED;
      return forward(from, { method: 'POST', path: from.url.pathname, contentType: 'application/json', body });
    },
    async upload(from) {
      const { req, url } = from;
      const contentType = String(req.headers['content-type'] ?? '');
      const answer = await forward(from, { method: 'POST', path: url.pathname + url.search, contentType, body: req });
      return rememberFiles(answer, from.visitor);
    },
    async fileUrl(from) {
      if (!files.get(from.visitor)?.has(from.url.searchParams.get('key') ?? '')) return UNAUTHORIZED;
      return get(from);
    },
  };
}

/**
 * Remembers the group of a successful create or info answer when the visitor is a member.
 * @param {Map<string, Set<string>>} groups
 * @param {string} visitor
 * @param {any} body
 * @returns {boolean} it is the visitor's
 */
function rememberGroup(groups, visitor, body) {
  const group = body?.status === 'success' ? body.response : null;
  const mine = Array.isArray(group?.membersId) && group.membersId.includes(visitor) && group.id !== undefined;
  if (mine) remember(groups, visitor, String(group.id));
  return mine;
}

/**
 * Adds a value to the visitor's set; the least recently added visitors are forgotten past MAX_VISITORS.
 * @param {Map<string, Set<string>>} map
 * @param {string} visitor
 * @param {string} value
 */
function remember(map, visitor, value) {
  const set = map.get(visitor) ?? new Set();
  map.delete(visitor);
  map.set(visitor, set.add(value));
  if (map.size > MAX_VISITORS) map.delete(map.keys().next().value ?? '');
}

/**
 * One request to Kommunicate with the Api-Key and the visitor as `Of-User-Id`; nothing else of the browser's
 * headers goes along. Rejects when the connection fails or times out.
 * @param {{ base: string, apiKey: string, visitor: string, signal: AbortSignal, timeoutMs: number, method: string,
 *   path: string, contentType?: string, body?: Buffer | Request }} call
 * @returns {Promise<Answer>}
 */
function upstreamCall({ base, apiKey, visitor, signal, timeoutMs, method, path, contentType, body }) {
  const target = new URL(base + path);
  /** @type {Record<string, string>} */
  const headers = { 'Api-Key': apiKey, 'Of-User-Id': visitor, Accept: 'application/json' };
  if (contentType) headers['Content-Type'] = contentType;
  const length = Buffer.isBuffer(body) ? String(body.length) : body?.headers['content-length'];
  if (length !== undefined) headers['Content-Length'] = length;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolvePromise, reject) => {
    const upstreamReq = send(target, { method, headers, signal }, (upstreamRes) => {
      /** @type {Buffer[]} */
      const chunks = [];
      let size = 0;
      upstreamRes.on('data', (/** @type {Buffer} */ chunk) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) upstreamReq.destroy(new Error('answer too large'));
        else chunks.push(chunk);
      });
      upstreamRes.on('end', () =>
        resolvePromise({
          status: upstreamRes.statusCode ?? 502,
          contentType: upstreamRes.headers['content-type'],
          retryAfter: upstreamRes.headers['retry-after'],
          body: Buffer.concat(chunks),
        }),
      );
      upstreamRes.on('error', reject);
      upstreamRes.on('aborted', () => reject(new Error('answer cut off')));
    });
    upstreamReq.setTimeout(timeoutMs, () =>
      upstreamReq.destroy(Object.assign(new Error('timeout'), { timeout: true })),
    );
    upstreamReq.on('error', reject);
    if (Buffer.isBuffer(body)) upstreamReq.end(body);
    else if (body) body.pipe(upstreamReq).on('error', reject);
    else upstreamReq.end();
  });
}

/**
 * A dropped or failed connection to Kommunicate: 502, or 504 after a timeout, never a hang.
 * @param {unknown} error
 */
function upstreamFailure(error) {
  const timedOut = /** @type {{ timeout?: boolean }} */ (error)?.timeout === true;
  return timedOut
    ? errorAnswer(504, 'UPSTREAM_TIMEOUT', 'Kommunicate did not answer in time')
    : errorAnswer(502, 'UPSTREAM_FAILED', 'Kommunicate could not be reached');
}

/**
 * An answer of the proxy itself, in Kommunicate's error envelope.
 * @param {number} status
 * @param {string} errorCode
 * @param {string} description
 * @returns {Answer}
 */
function errorAnswer(status, errorCode, description) {
  const body = { status: 'error', errorResponse: [{ errorCode, description, displayMessage: description }] };
  return { status, contentType: 'application/json', retryAfter: undefined, body: Buffer.from(JSON.stringify(body)) };
}

/**
 * @param {Response} res
 * @param {Answer} answer
 */
function reply(res, answer) {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = answer.status;
  if (answer.contentType) res.setHeader('Content-Type', answer.contentType);
  if (answer.retryAfter) res.setHeader('Retry-After', answer.retryAfter);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', String(answer.body.length));
  res.end(answer.body);
}

/**
 * @param {Request} req
 * @param {Response} res
 * @param {string[] | undefined} origins
 */
function cors(req, res, origins) {
  const origin = req.headers.origin;
  if (!origin || (origins && !origins.includes(origin))) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Content-Type, Content-Length');
}

/** @param {Response} res */
function preflight(res) {
  res.statusCode = 204;
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Of-User-Id, Authorization, Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
  res.end();
}

/**
 * A small body, or null when it is larger than MAX_JSON_BYTES.
 * @param {Request} req
 * @returns {Promise<Buffer | null>}
 */
function readRaw(req) {
  return new Promise((resolvePromise, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= MAX_JSON_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(size <= MAX_JSON_BYTES ? Buffer.concat(chunks) : null));
    req.on('error', reject);
  });
}

/** @param {Request} req */
async function readJson(req) {
  const body = await readRaw(req);
  return body && parseObject(body);
}

/**
 * @param {Buffer} body
 * @returns {Record<string, unknown> | null}
 */
function parseObject(body) {
  try {
    const value = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** @param {Answer} answer */
function jsonOf(answer) {
  return answer.contentType?.includes('json') ? parseObject(answer.body) : null;
}

/** @param {unknown} value */
const jsonBody = (value) => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(value)) });

/** `node demo/kommunicate-proxy.js --upstream URL --port N [--host H] [--origin O]...` */
function main() {
  const args = process.argv.slice(2);
  const values = (/** @type {string} */ name) => args.flatMap((arg, i) => (arg === `--${name}` ? [args[i + 1]] : []));
  const [upstream] = values('upstream');
  const port = Number(values('port')[0] ?? 8787);
  const host = values('host')[0] ?? '127.0.0.1';
  const apiKey = process.env.KOMMUNICATE_API_KEY;
  const origins = values('origin').filter((o) => typeof o === 'string');
  if (!upstream || !apiKey || !Number.isInteger(port)) {
    console.error('usage: KOMMUNICATE_API_KEY=... node demo/kommunicate-proxy.js --upstream URL --port N');
    process.exit(2);
  }
  const handler = createKommunicateProxy({ upstream, apiKey, origins: origins.length ? origins : undefined });
  createServer(handler).listen(port, host, () =>
    console.log(`Kommunicate proxy on http://${host}:${port} → ${upstream}`),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
