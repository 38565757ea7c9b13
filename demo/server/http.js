// @ts-check
// Small HTTP helpers shared by the APIs: replies as values (so fault injection can hold one back and drop
// the connection instead), matching a routes table, CORS, and reading a request body with a size cap.

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/**
 * An answer not yet written. `body`: an object is sent as JSON, a Buffer or string as is.
 * @typedef {{ status: number, headers?: Record<string, string>, body?: unknown }} Reply
 */

/**
 * A row of an API's routes table. `name` is what statistics and the API's dispatch go by.
 * @typedef {{ name: string, pattern: RegExp, methods: string[] }} Route
 */

/**
 * The first of `routes` whose pattern matches the path, with the pattern's captures.
 * @template {Route} R
 * @param {readonly R[]} routes
 * @param {string} path
 * @returns {{ route: R, params: (string | undefined)[] } | null}
 */
export function matchRoute(routes, path) {
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1) };
  }
  return null;
}

/**
 * CORS for every API answer. The request's Origin is echoed (so credentialed requests would work too).
 * @param {Request} req
 * @param {Response} res
 */
export function applyCors(req, res) {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Content-Length, Content-Type');
}

/**
 * Answers a CORS preflight.
 * @param {Request} req
 * @param {Response} res
 * @param {string} methods
 */
export function answerPreflight(req, res, methods) {
  applyCors(req, res);
  const base = ['UniqueAppDeviceID', 'Authorization', 'Content-Type'];
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h && !base.some((b) => b.toLowerCase() === h.toLowerCase()));
  res.setHeader('Access-Control-Allow-Methods', methods);
  res.setHeader('Access-Control-Allow-Headers', [...base, ...requested].join(', '));
  res.setHeader('Access-Control-Max-Age', '600');
  res.statusCode = 204;
  res.end();
}

/**
 * @param {Response} res
 * @param {Reply} reply
 * @param {boolean} [head] answer without a body (HEAD)
 */
export function writeReply(res, reply, head = false) {
  let body = reply.body;
  /** @type {Record<string, string>} */
  const headers = { 'Cache-Control': 'no-store', ...reply.headers };
  if (body !== undefined && body !== null && !Buffer.isBuffer(body) && typeof body !== 'string') {
    body = JSON.stringify(body);
    headers['Content-Type'] ??= 'application/json; charset=utf-8';
  }
  const bytes =
    body === undefined || body === null ? Buffer.alloc(0) : Buffer.from(/** @type {Buffer | string} */ (body));
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.statusCode = reply.status;
  res.setHeader('Content-Length', String(bytes.length));
  res.end(head ? undefined : bytes);
}

/**
 * Reads a request body up to `limit` bytes. Past the limit it stops keeping bytes but goes on reading (and
 * discarding) up to `drainLimit`, so the client finishes its upload and can read the error answer; past that
 * the connection is closed after the answer.
 * @param {Request} req
 * @param {number} limit
 * @param {number} [drainLimit]
 * @returns {Promise<{ body: Buffer, tooLarge: boolean, closeAfter: boolean }>}
 *   closeAfter: the rest of the body was not read, so the answer must close the connection
 */
export function readBody(req, limit, drainLimit = 64 * 1024 * 1024) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    let closeAfter = false;
    const finish = () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge, closeAfter });
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else chunks.length = 0;
      if (size > drainLimit) {
        // Enough: answer now and close the connection once the answer is out.
        req.removeAllListeners('data');
        req.pause();
        closeAfter = true;
        finish();
      }
    });
    req.on('end', finish);
    req.on('error', reject);
  });
}

/**
 * The fields of a small JSON or urlencoded body; `null` when it is too large or not an object.
 * @param {Request} req
 */
export async function readFields(req) {
  const { body, tooLarge } = await readBody(req, 100_000);
  return tooLarge ? null : parseFields(body, String(req.headers['content-type'] ?? ''));
}

/**
 * Parses a JSON or urlencoded body into an object; `null` when it is not one.
 * @param {Buffer} body
 * @param {string} contentType
 * @returns {Record<string, unknown> | null}
 */
export function parseFields(body, contentType) {
  const text = body.toString('utf8');
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}
