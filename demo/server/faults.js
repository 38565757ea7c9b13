// @ts-check
// Fault injection for tests: a visitor API request (`/parley`, `/kommunicate`) is faulted by the first fault rule it
// matches (fault-rules.js). Without a matching rule, chaos (chaos.js) may draw a fault. Either way the request is
// answered here, a fault's body in the shape of the API's errors (see VisitorApi, visitor-apis.js).

import { createFaultRules } from './fault-rules.js';
import { writeReply } from './http.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {import('./envelope.js').CallInfo} CallInfo */
/** @typedef {import('./stats.js').RequestRecord} RequestRecord */

/** @typedef {import('./fault-rules.js').FaultRule} FaultRule */
/** @typedef {Omit<FaultRule, 'id' | 'api' | 'method' | 'path' | 'count'>} Fault what a request is answered with */

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

/** Requests held by a fault's delay. */
function createHolds() {
  /** @type {Set<ReturnType<typeof setTimeout>>} */
  const timers = new Set();
  /** Sockets of requests held by a delay: `close()` ends them, their answer will never come. */
  /** @type {Set<import('node:net').Socket>} */
  const held = new Set();

  return {
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

/**
 * The fault rules (fault-rules.js) and the requests held by a delay.
 * @param {readonly string[]} apis the visitor APIs' names, for a rule's `api`
 */
export function createFaults(apis) {
  return { ...createFaultRules(apis), ...createHolds() };
}

/** @typedef {ReturnType<typeof createFaults>} Faults */

/**
 * What fault injection, chaos and statistics need of a visitor API; visitor-apis.js makes one per mount.
 * @typedef {object} VisitorApi
 * @property {string} name `parley`, `kommunicate`: a fault rule's `api`, `?api=` of the statistics
 * @property {string} mount `/parley`
 * @property {string} identityHeader the header with the visitor's id, lower case (`uniqueappdeviceid`)
 * @property {string} methods what a preflight allows
 * @property {import('./stats.js').Stats} stats
 * @property {(path: string) => string} routeName the route in the statistics, e.g. `/messages/before:ID`
 * @property {(req: import('node:http').IncomingMessage, path: string, query: URLSearchParams, call: CallInfo)
 *   => Promise<Reply>} handle answers a request without a fault
 * @property {(status: number, call: CallInfo) => unknown} faultBody the body of a fault rule without one
 * @property {(kind: import('./chaos.js').ChaosKind, call: CallInfo) => unknown} chaosBody the body of a status
 *   chaos drew (`500`, `502`, `503`, `429`, `notRegistered`)
 * @property {(route: string) => import('./chaos.js').ChaosKind[]} noChaos kinds chaos must not draw here
 * @property {(visitorId: string) => void} forget what `notRegistered` does to the visitor
 */

/**
 * @typedef {object} VisitorRequest a visitor API request on its way to an answer
 * @property {VisitorApi} api
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {string} path after the mount, without the query
 * @property {string} route its route in the statistics, e.g. `/messages/before:ID`
 * @property {CallInfo} call
 * @property {RequestRecord} record completed here with the outcome
 * @property {boolean} reusedConnection an earlier request came on this connection (see chaos.js)
 * @property {() => Promise<Reply>} handle answers the request without a fault
 */

/** @typedef {{ faults: Faults, chaos: import('./chaos.js').Chaos }} FaultDeps */

/**
 * Answers a visitor API request: faulted by a fault rule, else maybe by chaos, else handled.
 * @param {FaultDeps} deps
 * @param {VisitorRequest} request
 */
export async function answerWithFaults(deps, request) {
  await answerUnder(pickFault(deps, request), request, deps.faults);
}

/**
 * The first fault rule matching the request, else the fault chaos draws, if any. Chaos counts what it draws;
 * its `notRegistered` makes the server forget the device, as the answer says.
 * @param {FaultDeps} deps
 * @param {VisitorRequest} request
 * @returns {Fault}
 */
function pickFault({ faults, chaos }, { api, path, route, call, record, reusedConnection }) {
  const rule = faults.take(api.name, call.method, path);
  if (rule) return rule;
  const kind = chaos.pick({ excluded: api.noChaos(route), reusedConnection });
  if (!kind) return NO_FAULT;
  record.chaos = kind;
  api.stats.chaos(kind);
  if (kind === 'notRegistered' && record.deviceId) api.forget(record.deviceId.trim());
  return chaos.fault(kind, (drawn) => api.chaosBody(drawn, call));
}

/**
 * @param {Fault} fault
 * @param {VisitorRequest} request
 * @param {Faults} faults
 */
async function answerUnder(fault, { api, req, res, call, record, handle }, faults) {
  const { status, delayMs, dropAfterHandling, slowAfterHandling } = fault;
  if (delayMs > 0 && !slowAfterHandling) await faults.hold(req.socket, delayMs);
  if (fault.drop) return dropConnection(req, record);
  const answersInstead = status !== null && !dropAfterHandling && !slowAfterHandling;
  const reply = answersInstead ? faultReply(api, status, fault, call) : await handle();
  // A fault without a status adds its headers to the real answer.
  if (status === null) reply.headers = { ...reply.headers, ...fault.headers };
  record.status = reply.status;
  if (dropAfterHandling) return dropConnection(req, record);
  if (slowAfterHandling && delayMs > 0) await faults.hold(req.socket, delayMs);
  if (req.socket.destroyed) return; // the client stopped waiting
  writeReply(res, reply);
}

/** @type {(api: VisitorApi, status: number, fault: Fault, call: CallInfo) => Reply} */
const faultReply = (api, status, { body, headers }, call) => ({
  status,
  headers,
  body: body === undefined ? api.faultBody(status, call) : body,
});

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {RequestRecord} record
 */
function dropConnection(req, record) {
  record.dropped = true;
  req.socket.destroy();
}
