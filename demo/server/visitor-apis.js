// @ts-check
// The visitor API mounts as fault injection, chaos and statistics see them (`VisitorApi`, faults.js): Parley at
// `/parley` and Kommunicate at `/kommunicate`, each with its own statistics and the shape of its own errors.

import { codeForStatus, failure, gatewayFailure } from './envelope.js';
import { kommunicateRouteOf } from './kommunicate-api.js';
import { routeOf } from './parley-api.js';
import { createStats, kommunicateMessagesByText, parleyMessagesByText } from './stats.js';

/** @typedef {import('./faults.js').VisitorApi} VisitorApi */
/** @typedef {import('./chaos.js').ChaosKind} ChaosKind */

export const VISITOR_API_NAMES = /** @type {const} */ (['parley', 'kommunicate']);

/**
 * @param {{ parley: ReturnType<typeof import('./parley-api.js').createParleyApi>, store: import('./store.js').Store,
 *   kommunicate: ReturnType<typeof import('./kommunicate-api.js').createKommunicateApi>,
 *   kommunicateStore: import('./kommunicate-store.js').KommunicateStore }} parts
 * @returns {VisitorApi[]}
 */
export function createVisitorApis({ parley, store, kommunicate, kommunicateStore }) {
  return [
    {
      name: 'parley',
      mount: '/parley',
      identityHeader: 'uniqueappdeviceid',
      methods: 'GET, POST, PUT, OPTIONS',
      stats: createStats(() => parleyMessagesByText(store)),
      routeName: (path) => routeOf(path)?.route.name ?? path,
      handle: (req, path, _query, call) => parley.handle(req, path, call),
      faultBody: (status, call) => failure(call, status, codeForStatus(status)).body,
      chaosBody: (kind, call) => parleyChaosBody(kind, call),
      // A registration cannot be answered "not registered".
      noChaos: (route) => (route === '/devices' ? ['notRegistered'] : []),
      forget: (deviceId) => store.forget(deviceId),
    },
    {
      name: 'kommunicate',
      mount: '/kommunicate',
      identityHeader: 'of-user-id',
      methods: 'GET, POST, PATCH, OPTIONS',
      stats: createStats(() => kommunicateMessagesByText(kommunicateStore)),
      routeName: (path) => kommunicateRouteOf(path)?.route.name ?? path,
      handle: (req, path, query) => kommunicate.handle(req, path, query),
      faultBody: (status) => kommunicate.faultBody(status),
      chaosBody: (kind) => kommunicate.faultBody(Number(kind)),
      // Kommunicate has no registration to lose.
      noChaos: () => ['notRegistered'],
      forget: () => {},
    },
  ];
}

/**
 * `502`: the KPN gateway's error body; `notRegistered`: its `device_not_registered`; others: Parley's envelope.
 * @param {ChaosKind} kind
 * @param {import('./envelope.js').CallInfo} call
 */
function parleyChaosBody(kind, call) {
  if (kind === 'notRegistered') return gatewayFailure(call).body;
  if (kind === '502') return gatewayFailure(call, codeForStatus(502)).body;
  return failure(call, Number(kind), codeForStatus(Number(kind))).body;
}
