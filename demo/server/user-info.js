// @ts-check
// `userAdditionalInformation` of `POST /devices`: "a json encoded string" of key/value pairs in Parley's spec, a JSON
// object in the body of all three Parley clients. Both are read; anything else is malformed, which Parley answers
// with a warning while the registration still succeeds. The values are the visitor's own claims: untrusted.

/**
 * @param {unknown} value the field as posted
 * @returns {{ info: Record<string, string> | null, malformed: boolean }} info: null when absent or malformed
 */
export function readUserInfo(value) {
  if (value === undefined || value === null || value === '') return { info: null, malformed: false };
  const parsed = typeof value === 'string' ? parseJson(value) : value;
  const info = stringsOnly(parsed);
  return { info, malformed: info === null };
}

/** @param {string} text */
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A copy of a plain object whose values are all strings; null for anything else.
 * @param {unknown} value
 * @returns {Record<string, string> | null}
 */
function stringsOnly(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => typeof v === 'string')) return null;
  // Object.fromEntries defines own properties: a `__proto__` key stays a plain key.
  return Object.fromEntries(entries);
}
