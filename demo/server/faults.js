// @ts-check
// Fault injection for tests: a Parley API request is faulted by the first fault rule it matches (fault-rules.js).
// Without a matching rule, chaos (chaos.js) may draw a fault. Either way the request is answered here.

import { codeForStatus, failure } from './envelope.js';
import { createFaultRules } from './fault-rules.js';
import { writeReply } from './http.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {import('./envelope.js').CallInfo} CallInfo */
/** @typedef {import('./stats.js').RequestRecord} RequestRecord */

/** @typedef {import('./fault-rules.js').FaultRule} FaultRule */
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

/** The fault rules (fault-rules.js) and the requests held by a delay. */
export function createFaults() {
  return { ...createFaultRules(), ...createHolds() };
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
