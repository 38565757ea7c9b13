// @ts-check
// The JSON shapes Parley answers with: the success/error envelope, and the KPN gateway's 502 error
// (what a missing or unknown UniqueAppDeviceID produces). See seeds/kpn-parley-secure-messenger-api.txt.

import { randomInt } from 'node:crypto';

/** @typedef {import('./http.js').Reply} Reply */
/**
 * What every answer needs to fill in `metadata`.
 * @typedef {{ url: string, method: string, started: number }} CallInfo
 *   url: the path after the API base without the leading slash (`messages/before:2`); started: performance.now()
 */

/**
 * @param {CallInfo} call
 * @param {Record<string, unknown>} [values] extra `metadata.values`, e.g. the posted message
 */
export function metadata(call, values = {}) {
  const duration = Math.round(performance.now() - call.started) / 1000;
  return { values: { url: call.url, ...values }, method: call.method.toLowerCase(), duration };
}

/**
 * A successful answer.
 * @param {CallInfo} call
 * @param {unknown} data
 * @param {{ notifications?: { type: string, message: string }[], root?: Record<string, unknown>,
 *   values?: Record<string, unknown>, status?: number }} [extra] root: fields beside `data` (paging, agent, ...)
 * @returns {Reply}
 */
export function success(call, data, extra = {}) {
  return {
    status: extra.status ?? 200,
    body: {
      data,
      notifications: extra.notifications ?? [],
      status: 'SUCCESS',
      metadata: metadata(call, extra.values),
      ...extra.root,
    },
  };
}

/**
 * Parley's own error: `status: "ERROR"` and the code in `notifications[].message`.
 * @param {CallInfo} call
 * @param {number} status HTTP status
 * @param {string} code e.g. `invalid_media_type`
 * @param {Record<string, string>} [headers]
 * @returns {Reply}
 */
export function failure(call, status, code, headers) {
  return {
    status,
    headers,
    body: { data: null, notifications: [{ type: 'error', message: code }], status: 'ERROR', metadata: metadata(call) },
  };
}

/**
 * The gateway's 502 wrapping of a Parley error.
 * @param {CallInfo} call
 * @param {string} [code]
 * @returns {Reply}
 */
export function gatewayFailure(call, code = 'device_not_registered') {
  const parts = [randomInt(10, 99), randomInt(1000, 9999), randomInt(100000, 999999), randomInt(1, 9)];
  const transactionId = `dev${parts.join('-')}`;
  return {
    status: 502,
    body: {
      error: {
        transactionId,
        status: '502 - Bad Gateway',
        name: 'Bad - Request',
        message: { notifications: [{ type: 'error', message: code }], status: 'ERROR', metadata: metadata(call) },
        info: 'https://developer.cubesbykpn.com',
      },
    },
  };
}

/** @param {number} status */
export function codeForStatus(status) {
  /** @type {Record<number, string>} */
  const codes = {
    400: 'bad_request',
    401: 'api_key_not_valid',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    429: 'too_many_requests',
    500: 'internal_server_error',
    502: 'bad_gateway',
    503: 'service_unavailable',
  };
  return codes[status] ?? 'fault_injected';
}
