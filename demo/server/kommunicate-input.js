// @ts-check
// Validating what a request to the Kommunicate fake brings: its JSON body, user ids, group ids. Malformed input is
// answered with the envelope error AL-IN-01 and HTTP 400: no source shows Kommunicate's answer to it (assumption).

import { readFields } from './http.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {(code: string | null, description: string, status?: number) => Reply} ErrorReply */

/** A user id (`Of-User-Id`, `groupMemberList`, `fromUserName`, `assignee`). */
export const USER_ID = /^[A-Za-z0-9_.:@-]{1,100}$/;

/**
 * The request's JSON (or urlencoded) object, or the error to answer.
 * @param {ErrorReply} error
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ fields: Record<string, unknown> } | { reply: Reply }>}
 */
export async function readJsonFields(error, req) {
  const fields = await readFields(req);
  return fields ? { fields } : { reply: error('AL-IN-01', 'invalid JSON body', 400) };
}

/**
 * @param {ErrorReply} error
 * @param {string} name the field or parameter
 */
export const invalid = (error, name) => error('AL-IN-01', `invalid ${name}`, 400);

/**
 * A group id given as a number or a string of digits; null otherwise.
 * @param {unknown} value
 */
export function groupIdOf(value) {
  const id = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * An integer query parameter: `fallback` when absent, null when not an integer in [min, max].
 * @param {URLSearchParams} query
 * @param {string} name
 * @param {{ min: number, max: number, fallback: number | null }} range
 * @returns {number | null | undefined} undefined: invalid
 */
export function intParam(query, name, { min, max, fallback }) {
  const text = query.get(name);
  if (text === null) return fallback;
  const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  return value >= min && value <= max ? value : undefined;
}

/**
 * A JSON object field (metadata): `{}` when absent, null when not an object.
 * @param {unknown} value
 * @returns {Record<string, unknown> | null}
 */
export function objectField(value) {
  if (value === undefined || value === null) return {};
  return typeof value === 'object' && !Array.isArray(value) ? { .../** @type {object} */ (value) } : null;
}
