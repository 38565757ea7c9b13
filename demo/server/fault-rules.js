// @ts-check
// The fault rules of `POST /__control/faults`: a queue, each rule applying to the next `count` visitor API requests
// that match its API, method and path. The first rule with a match wins; a rule is removed when its count is spent.

/**
 * @typedef {object} FaultRule
 * @property {number} id
 * @property {string | null} api `parley`, `kommunicate`, or null for any visitor API
 * @property {string | null} method `GET`, `POST`, or null for any
 * @property {string | null} path a regular expression's source, matched against the path after the mount (`/parley`)
 * @property {number} count how many more matching requests it applies to
 * @property {number | null} status answer this status instead of handling the request
 * @property {unknown} body the JSON body of that answer (default: the API's error envelope)
 * @property {Record<string, string>} headers headers of that answer, e.g. `Retry-After`
 * @property {number} delayMs wait this long first (then answer the fault, or handle normally); with
 *   `slowAfterHandling`, how long the answer is held after handling
 * @property {boolean} drop destroy the socket without answering
 * @property {boolean} dropAfterHandling handle the request (store the message...), then destroy the socket
 * @property {boolean} slowAfterHandling handle the request, then answer after `delayMs`: a client that gave up
 *   before then does not know its message was stored
 */

/**
 * Validates the JSON of `POST /__control/faults`.
 * @param {unknown} input
 * @param {number} id
 * @param {readonly string[]} apis the names a rule's `api` may have
 * @returns {FaultRule}
 * @throws {Error} with a message for the test author
 */
function toRule(input, id, apis) {
  if (!input || typeof input !== 'object') throw new Error('a fault is a JSON object');
  const r = /** @type {Record<string, unknown>} */ (input);
  const count = r.count === undefined ? 1 : Number(r.count);
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
  const api = r.api === undefined || r.api === null ? null : r.api;
  if (api !== null && !apis.includes(/** @type {string} */ (api)))
    throw new Error(`api must be one of ${apis.join(', ')}`);
  const method = typeof r.method === 'string' ? r.method.toUpperCase() : null;
  const path = typeof r.path === 'string' ? r.path : null;
  if (path !== null) new RegExp(path); // throws on a bad pattern
  const status = r.status === undefined || r.status === null ? null : Number(r.status);
  if (status !== null && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new Error('status must be an HTTP status from 200 to 599');
  }
  /** @type {Record<string, string>} */
  const headers = {};
  if (r.headers && typeof r.headers === 'object') {
    for (const [name, value] of Object.entries(r.headers)) headers[name] = String(value);
  }
  const delayMs = Math.max(0, Number(r.delayMs ?? 0) || 0);
  const ways = ['drop', 'dropAfterHandling', 'slowAfterHandling'].filter((name) => r[name] === true);
  if (ways.length > 1) throw new Error(`${ways.join(' and ')} exclude each other`);
  return {
    id,
    api: /** @type {string | null} */ (api),
    method,
    path,
    count,
    status,
    body: r.body,
    headers,
    delayMs,
    drop: r.drop === true,
    dropAfterHandling: r.dropAfterHandling === true,
    slowAfterHandling: r.slowAfterHandling === true,
  };
}

/**
 * The queue of fault rules.
 * @param {readonly string[]} apis the visitor APIs' names
 */
export function createFaultRules(apis) {
  /** @type {FaultRule[]} */
  let rules = [];
  let nextId = 1;

  return {
    /**
     * Queues one rule or an array of rules.
     * @param {unknown} input
     * @returns {FaultRule[]} the rules added
     */
    add(input) {
      const added = (Array.isArray(input) ? input : [input]).map((item) => toRule(item, nextId++, apis));
      rules.push(...added);
      return added;
    },
    /**
     * Takes the first rule matching this request and uses up one of its count.
     * @param {string} api
     * @param {string} method
     * @param {string} path
     * @returns {FaultRule | null} a copy of the rule as it applied
     */
    take(api, method, path) {
      const rule = rules.find(
        (r) =>
          (r.api === null || r.api === api) &&
          (r.method === null || r.method === method) &&
          (r.path === null || new RegExp(r.path).test(path)),
      );
      if (!rule) return null;
      rule.count -= 1;
      if (rule.count === 0) rules = rules.filter((r) => r !== rule);
      return { ...rule };
    },
    list: () => rules.map((r) => ({ ...r })),
    clear() {
      rules = [];
    },
  };
}
