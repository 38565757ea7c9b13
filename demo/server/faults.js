// @ts-check
// Fault injection for tests: a queue of rules, each applying to the next `count` Parley API requests that
// match its method and path. The first rule with a match wins; a rule is removed when its count is spent.
// Without a matching rule, chaos (chaos.js) may draw a fault. Either way the request is answered here.

import { codeForStatus, failure } from './envelope.js';
import { writeReply } from './http.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {import('./envelope.js').CallInfo} CallInfo */
/** @typedef {import('./stats.js').RequestRecord} RequestRecord */

/**
 * @typedef {object} FaultRule
 * @property {number} id
 * @property {string | null} method `GET`, `POST`, or null for any
 * @property {string | null} path a regular expression's source, matched against the path after `/parley`
 * @property {number} count how many more matching requests it applies to
 * @property {number | null} status answer this status instead of handling the request
 * @property {unknown} body the JSON body of that answer (default: a Parley error envelope)
 * @property {Record<string, string>} headers headers of that answer, e.g. `Retry-After`
 * @property {number} delayMs wait this long first (then answer the fault, or handle normally); with
 *   `slowAfterHandling`, how long the answer is held after handling
 * @property {boolean} drop destroy the socket without answering
 * @property {boolean} dropAfterHandling handle the request (store the message...), then destroy the socket
 * @property {boolean} slowAfterHandling handle the request, then answer after `delayMs`: a client that gave up
 *   before then does not know its message was stored
 */

/** @typedef {Omit<FaultRule, 'id' | 'method' | 'path' | 'count'>} Fault what a request is answered with */

/** @type {Fault} */
export const NO_FAULT = Object.freeze({
  status: null,
  body: undefined,
  headers: Object.freeze({}),
  delayMs: 0,
  drop: false,
  dropAfterHandling: false,
  slowAfterHandling: false,
});

/**
 * Validates the JSON of `POST /__control/faults`.
 * @param {unknown} input
 * @param {number} id
 * @returns {FaultRule}
 * @throws {Error} with a message for the test author
 */
function toRule(input, id) {
  if (!input || typeof input !== 'object') throw new Error('a fault is a JSON object');
  const r = /** @type {Record<string, unknown>} */ (input);
  const count = r.count === undefined ? 1 : Number(r.count);
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
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

export function createFaults() {
  /** @type {FaultRule[]} */
  let rules = [];
  let nextId = 1;
  /** @type {Set<ReturnType<typeof setTimeout>>} */
  const timers = new Set();
  /** Sockets of requests held by a delay: `close()` ends them, their answer will never come. */
  /** @type {Set<import('node:net').Socket>} */
  const held = new Set();

  return {
    /**
     * Queues one rule or an array of rules.
     * @param {unknown} input
     * @returns {FaultRule[]} the rules added
     */
    add(input) {
      const added = (Array.isArray(input) ? input : [input]).map((item) => toRule(item, nextId++));
      rules.push(...added);
      return added;
    },
    /**
     * Takes the first rule matching this request and uses up one of its count.
     * @param {string} method
     * @param {string} path
     * @returns {FaultRule | null} a copy of the rule as it applied
     */
    take(method, path) {
      const rule = rules.find(
        (r) => (r.method === null || r.method === method) && (r.path === null || new RegExp(r.path).test(path)),
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
    /**
     * Holds a request for a fault's delay. `close()` cancels it: the promise then never settles, the
     * connection is closed instead.
     * @param {import('node:net').Socket} socket
     * @param {number} ms
     * @returns {Promise<void>}
     */
    hold(socket, ms) {
      held.add(socket);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          held.delete(socket);
          resolve();
        }, ms);
        timers.add(timer);
      });
    },
    /** Stops pending delays and closes the connections they held. */
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of held) socket.destroy();
      held.clear();
    },
  };
}

/** @typedef {ReturnType<typeof createFaults>} Faults */

/**
 * @typedef {object} ParleyRequest a Parley API request on its way to an answer
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {string} path after `/parley`, without the query
 * @property {string} route its route in the statistics, e.g. `/messages/before:ID`
 * @property {CallInfo} call
 * @property {RequestRecord} record completed here with the outcome
 * @property {boolean} reusedConnection an earlier request came on this connection (see chaos.js)
 * @property {() => Promise<Reply>} handle answers the request without a fault
 */

/**
 * @typedef {{ faults: Faults, chaos: import('./chaos.js').Chaos, stats: import('./stats.js').Stats,
 *   store: import('./store.js').Store }} FaultDeps
 */

/**
 * Answers a Parley API request: faulted by a fault rule, else maybe by chaos, else handled.
 * @param {FaultDeps} deps
 * @param {ParleyRequest} request
 */
export async function answerWithFaults(deps, request) {
  await answerUnder(pickFault(deps, request), request, deps.faults);
}

/**
 * The first fault rule matching the request, else the fault chaos draws, if any. Chaos counts what it draws;
 * its `notRegistered` makes the server forget the device, as the answer says.
 * @param {FaultDeps} deps
 * @param {ParleyRequest} request
 * @returns {Fault}
 */
function pickFault({ faults, chaos, stats, store }, { path, route, call, record, reusedConnection }) {
  const rule = faults.take(call.method, path);
  if (rule) return rule;
  const kind = chaos.pick({ route, reusedConnection });
  if (!kind) return NO_FAULT;
  record.chaos = kind;
  stats.chaos(kind);
  if (kind === 'notRegistered' && record.deviceId) store.forget(record.deviceId.trim());
  return chaos.fault(kind, call);
}

/**
 * @param {Fault} fault
 * @param {ParleyRequest} request
 * @param {Faults} faults
 */
async function answerUnder(fault, { req, res, call, record, handle }, faults) {
  const { status, delayMs, dropAfterHandling, slowAfterHandling } = fault;
  if (delayMs > 0 && !slowAfterHandling) await faults.hold(req.socket, delayMs);
  if (fault.drop) return dropConnection(req, record);
  const answersInstead = status !== null && !dropAfterHandling && !slowAfterHandling;
  const reply = answersInstead ? faultReply(status, fault, call) : await handle();
  // A fault without a status adds its headers to the real answer.
  if (status === null) reply.headers = { ...reply.headers, ...fault.headers };
  record.status = reply.status;
  if (dropAfterHandling) return dropConnection(req, record);
  if (slowAfterHandling && delayMs > 0) await faults.hold(req.socket, delayMs);
  if (req.socket.destroyed) return; // the client stopped waiting
  writeReply(res, reply);
}

/** @type {(status: number, fault: Fault, call: CallInfo) => Reply} */
const faultReply = (status, { body, headers }, call) =>
  body === undefined ? failure(call, status, codeForStatus(status), headers) : { status, headers, body };

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {RequestRecord} record
 */
function dropConnection(req, record) {
  record.dropped = true;
  req.socket.destroy();
}
