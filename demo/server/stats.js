// @ts-check
// What tests ask about a visitor API's traffic (one instance per mount, `/parley` and `/kommunicate`): counts per
// route, visitor messages stored per text, the faults chaos injected, and a log of the last requests.
// Preflights are not counted: a test asks what the widget did, not what the browser added.

const LOG_SIZE = 1000;

/**
 * @typedef {object} RequestRecord
 * @property {string} method
 * @property {string} path the path after the mount (`/parley`), with the query string
 * @property {string | null} deviceId the visitor's id header: UniqueAppDeviceID (Parley), Of-User-Id (Kommunicate)
 * @property {string | null} authorization the Authorization header
 * @property {string | null} contentType
 * @property {number} status the status answered (or that would have been, for a dropped answer); 0 when
 *   the connection was dropped before handling
 * @property {boolean} dropped the connection was closed without an answer
 * @property {number} time epoch ms when the request arrived
 * @property {import('./chaos.js').ChaosKind} [chaos] the fault chaos injected, when it did
 */

/**
 * The record of a visitor API request as it arrives; the answer fills in `status`, `dropped` and `chaos`.
 * @param {import('node:http').IncomingMessage} req
 * @param {string} path the path after the mount, with the query string
 * @param {string} identityHeader the header with the visitor's id, lower case
 * @returns {RequestRecord}
 */
export function requestRecord(req, path, identityHeader) {
  const header = (/** @type {string} */ name) => {
    const value = req.headers[name];
    return value === undefined ? null : String(value);
  };
  return {
    method: req.method ?? 'GET',
    path,
    deviceId: header(identityHeader),
    authorization: header('authorization'),
    contentType: header('content-type'),
    status: 0,
    dropped: false,
    time: Date.now(),
  };
}

/**
 * @param {() => Record<string, number>} messagesByText how many times each visitor text is stored
 */
export function createStats(messagesByText) {
  let requests = 0;
  /** @type {Record<string, number>} */
  let byRoute = {};
  /** @type {RequestRecord[]} */
  let log = [];
  /** @type {Record<string, number>} faults chaos injected, by kind */
  let chaos = {};

  return {
    /**
     * @param {RequestRecord} record
     * @param {string} route e.g. `/messages/before:ID`
     */
    record(record, route) {
      requests += 1;
      const key = `${record.method} ${route}`;
      byRoute[key] = (byRoute[key] ?? 0) + 1;
      log.push(record);
      if (log.length > LOG_SIZE) log = log.slice(-LOG_SIZE);
    },
    /** @param {import('./chaos.js').ChaosKind} kind */
    chaos(kind) {
      chaos[kind] = (chaos[kind] ?? 0) + 1;
    },
    summary: () => ({
      requests,
      byRoute: { ...byRoute },
      messagesByText: messagesByText(),
      chaos: { faults: Object.values(chaos).reduce((sum, n) => sum + n, 0), byKind: { ...chaos } },
    }),
    /**
     * The last `limit` requests, oldest first.
     * @param {number} limit
     */
    last: (limit) => (limit > 0 ? log.slice(-limit) : []),
    reset() {
      requests = 0;
      byRoute = {};
      log = [];
      chaos = {};
    },
  };
}

/** @typedef {ReturnType<typeof createStats>} Stats */

/**
 * Parley's visitor messages (typeId 1) counted by text, across all conversations.
 * @param {import('./store.js').Store} store
 */
export function parleyMessagesByText(store) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const conv of store.conversations()) {
    for (const m of conv.messages) {
      if (m.typeId === 1 && m.message !== null) counts[m.message] = (counts[m.message] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * Kommunicate's visitor messages (sent with `message/send`) counted by text, across all groups: a text stored twice
 * was duplicated, one missing was lost.
 * @param {import('./kommunicate-store.js').KommunicateStore} store
 */
export function kommunicateMessagesByText(store) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const group of store.groups()) {
    for (const m of group.messages) if (m.byVisitor) counts[m.message] = (counts[m.message] ?? 0) + 1;
  }
  return counts;
}
