// @ts-check
// Random faults ("chaos") for soak runs: while on, a fraction `rate` of the visitor API requests (`/parley`,
// `/kommunicate`) fail in a way drawn from `kinds`. A seeded PRNG makes a run reproducible: the same seed and the
// same sequence of requests give the same faults. Fault rules (fault-rules.js) win over chaos; a request a rule applied to draws nothing.

import { randomInt } from 'node:crypto';
import { NO_FAULT } from './faults.js';

/**
 * The bodies are the API's (`VisitorApi.chaosBody`). Parley: `500`, `503`: its error envelope; `502`: the KPN
 * gateway's error body; `429`: with `Retry-After: 1`; `notRegistered` (Parley only): the server forgets the device
 * and answers the gateway's `device_not_registered`. Kommunicate: the error envelope for every status;
 * `drop`: the connection is closed without handling; `dropAfterHandling`: handled (a message is stored), then
 * the connection is closed; `slowAfterHandling`: handled, then the answer is held `slowMs` (past the client's
 * timeout) before it goes.
 */
export const CHAOS_KINDS = /** @type {const} */ ([
  '500',
  '502',
  '503',
  '429',
  'notRegistered',
  'drop',
  'dropAfterHandling',
  'slowAfterHandling',
]);

/** @typedef {typeof CHAOS_KINDS[number]} ChaosKind */

/** Longer than the widget's request timeouts in the soak (2 s); the real default of 15 s is a test's choice. */
export const DEFAULT_SLOW_MS = 3000;

/**
 * @typedef {object} ChaosSettings
 * @property {number} rate the fraction of requests faulted, above 0 and at most 1
 * @property {number} seed of the PRNG, an integer from 0 to 2^32 - 1
 * @property {ChaosKind[]} kinds the kinds drawn from, with equal chance
 * @property {number} slowMs how long `slowAfterHandling` holds an answer
 */

const FIELDS = ['rate', 'seed', 'kinds', 'slowMs'];
const DROPS = ['drop', 'dropAfterHandling'];

/**
 * Validates the JSON of `POST /__control/chaos`. Returns null for `rate: 0` (chaos off).
 * @param {unknown} input
 * @returns {ChaosSettings | null}
 * @throws {Error} with a message for the test author
 */
function toSettings(input) {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('chaos settings are a JSON object');
  const r = /** @type {Record<string, unknown>} */ (input);
  const unknown = Object.keys(r).filter((key) => !FIELDS.includes(key));
  if (unknown.length) throw new Error(`unknown field ${unknown.join(', ')} (known: ${FIELDS.join(', ')})`);
  const rate = r.rate;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new Error('rate must be a number from 0 to 1');
  const seed = r.seed === undefined ? randomInt(2 ** 32) : r.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new Error('seed must be an integer from 0 to 4294967295');
  }
  /** @type {ChaosKind[]} */
  let kinds = [...CHAOS_KINDS];
  if (r.kinds !== undefined) {
    if (!Array.isArray(r.kinds) || r.kinds.length === 0) throw new Error('kinds must be a non-empty array');
    const bad = r.kinds.filter((kind) => !CHAOS_KINDS.includes(kind));
    if (bad.length) {
      const named = bad.map((k) => JSON.stringify(k)).join(', ');
      throw new Error(`unknown kind ${named} (known: ${CHAOS_KINDS.join(', ')})`);
    }
    kinds = CHAOS_KINDS.filter((kind) => /** @type {unknown[]} */ (r.kinds).includes(kind));
  }
  const slowMs = r.slowMs === undefined ? DEFAULT_SLOW_MS : r.slowMs;
  if (typeof slowMs !== 'number' || !Number.isFinite(slowMs) || slowMs < 0) {
    throw new Error('slowMs must be a number of ms, 0 or more');
  }
  return rate === 0 ? null : { rate, seed, kinds, slowMs };
}

/**
 * mulberry32: a tiny seeded PRNG, uniform in [0, 1).
 * @param {number} seed
 */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createChaos() {
  /** @type {ChaosSettings | null} */
  let settings = null;
  let random = mulberry32(0);

  return {
    /**
     * Turns chaos on with new settings (the PRNG starts again from the seed), or off for `rate: 0`.
     * @param {unknown} input
     */
    configure(input) {
      settings = toSettings(input);
      if (settings) random = mulberry32(settings.seed);
      return this.state();
    },
    off() {
      settings = null;
    },
    enabled: () => settings !== null,
    /** What `GET /__control/chaos` answers. */
    state: () => (settings ? { enabled: true, ...settings, kinds: [...settings.kinds] } : { enabled: false }),
    /**
     * Draws whether this request fails, and how. Two draws per faulted request, one otherwise, whatever the
     * outcome, so a seed replays the same faults for the same requests.
     * @param {{ excluded: ChaosKind[], reusedConnection: boolean }} request
     *   excluded: kinds the request's API and route cannot have (a registration cannot be answered "not
     *   registered"); reusedConnection: an earlier request came on this connection
     * @returns {ChaosKind | null}
     */
    pick({ excluded, reusedConnection }) {
      if (!settings || random() >= settings.rate) return null;
      const draw = random();
      const kinds = settings.kinds.filter(
        (kind) =>
          !excluded.includes(kind) &&
          // Chromium resends a request, unseen by the page, when a kept-alive connection closes before any
          // answer: a dropped, handled message would arrive twice, a duplicate no client can prevent. Chaos
          // answers `Connection: close`, so only a connection opened before chaos was on can be reused.
          !(DROPS.includes(kind) && reusedConnection),
      );
      return kinds.length ? kinds[Math.floor(draw * kinds.length)] : null;
    },
    /**
     * The fault a drawn kind stands for.
     * @param {ChaosKind} kind
     * @param {BodyOf} bodyOf
     */
    fault: (kind, bodyOf) => chaosFault(kind, bodyOf, settings?.slowMs ?? DEFAULT_SLOW_MS),
  };
}

/** @typedef {ReturnType<typeof createChaos>} Chaos */

/** @typedef {(kind: ChaosKind) => unknown} BodyOf the body of a status kind, in the request's API's shape */

/**
 * The fault a chaos kind stands for, in the shape of a fault rule (fault-rules.js), so both take one path to an
 * answer. `notRegistered` also needs the device forgotten: faults.js does that.
 * @param {ChaosKind} kind
 * @param {BodyOf} bodyOf
 * @param {number} slowMs
 * @returns {import('./faults.js').Fault}
 */
function chaosFault(kind, bodyOf, slowMs) {
  switch (kind) {
    case '500':
    case '502':
    case '503':
      return { ...NO_FAULT, status: Number(kind), body: bodyOf(kind) };
    case '429':
      return { ...NO_FAULT, status: 429, body: bodyOf(kind), headers: { 'Retry-After': '1' } };
    case 'notRegistered':
      return { ...NO_FAULT, status: 502, body: bodyOf(kind) };
    case 'drop':
      return { ...NO_FAULT, drop: true };
    case 'dropAfterHandling':
      return { ...NO_FAULT, dropAfterHandling: true };
    case 'slowAfterHandling':
      return { ...NO_FAULT, slowAfterHandling: true, delayMs: slowMs };
  }
}
