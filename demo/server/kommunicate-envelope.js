// @ts-check
// The JSON shapes the Kommunicate (Applozic) API answers with: `{ status: "success", generatedAt, response }` and
// `{ status: "error", errorResponse: [{ errorCode, description, displayMessage }], generatedAt }`.
// See kommunicate-evidence.md (6. Error envelope).

import { codeForStatus } from './envelope.js';

/** @typedef {import('./http.js').Reply} Reply */

/**
 * @param {number} generatedAt epoch ms
 * @param {unknown} response
 * @returns {Reply}
 */
export const kSuccess = (generatedAt, response) => ({
  status: 200,
  body: { status: 'success', generatedAt, response },
});

/**
 * The error envelope. Applozic's own errors (AL-G-01, AL-U-01...) come with HTTP 200 (SDK source).
 * @param {number} generatedAt
 * @param {string | null} errorCode null: the envelope has no errorCode (a reused clientGroupId)
 * @param {string} description
 * @param {number} [status] HTTP status
 * @returns {Reply}
 */
export function kError(generatedAt, errorCode, description, status = 200) {
  const detail = errorCode === null ? {} : { errorCode };
  return {
    status,
    body: {
      status: 'error',
      errorResponse: [{ ...detail, description, displayMessage: description }],
      generatedAt,
    },
  };
}

/**
 * The body of an injected fault (5xx, 429...) without a body of its own. No source shows one: the error envelope
 * with the status's name as errorCode, e.g. `INTERNAL_SERVER_ERROR` (assumption).
 * @param {number} generatedAt
 * @param {number} status
 */
export function kFaultBody(generatedAt, status) {
  if (status === 401) return kError(generatedAt, 'AL-UN-01', 'unauthorized user', 401).body;
  const name = codeForStatus(status);
  return kError(generatedAt, name.toUpperCase(), name.replaceAll('_', ' '), status).body;
}
