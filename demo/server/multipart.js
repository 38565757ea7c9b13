// @ts-check
// A minimal multipart/form-data parser (RFC 7578) for a body already in memory: enough for a form with a
// few text fields and one file, which is all the Parley API receives.

/**
 * @typedef {{ name: string, filename: string | null, contentType: string | null, data: Buffer }} Part
 *   filename: null for a plain field
 */

/**
 * The boundary of a `multipart/form-data` Content-Type, or null when it is not one.
 * @param {string} contentType
 */
export function boundaryOf(contentType) {
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/**
 * @param {Buffer} body
 * @param {string} boundary
 * @returns {Part[]}
 * @throws {Error} on a malformed body
 */
export function parseMultipart(body, boundary) {
  const delimiter = Buffer.from(`--${boundary}`);
  /** @type {Part[]} */
  const parts = [];
  let position = body.indexOf(delimiter);
  if (position === -1) throw new Error('multipart boundary not found');
  for (;;) {
    position += delimiter.length;
    // `--` after a delimiter closes the body.
    if (body[position] === 0x2d && body[position + 1] === 0x2d) return parts;
    position = skipLineBreak(body, position);
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd === -1) throw new Error('multipart part without headers');
    const headers = parseHeaders(body.subarray(position, headerEnd).toString('utf8'));
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
    if (next === -1) throw new Error('multipart part not terminated');
    const disposition = headers.get('content-disposition') ?? '';
    const name = param(disposition, 'name');
    if (name === null) throw new Error('multipart part without a name');
    parts.push({
      name,
      filename: param(disposition, 'filename'),
      contentType: headers.get('content-type') ?? null,
      data: body.subarray(dataStart, next),
    });
    position = next + 2;
  }
}

/**
 * @param {Buffer} body
 * @param {number} position
 */
function skipLineBreak(body, position) {
  if (body[position] === 0x0d && body[position + 1] === 0x0a) return position + 2;
  throw new Error('multipart delimiter not followed by a line break');
}

/** @param {string} text */
function parseHeaders(text) {
  /** @type {Map<string, string>} */
  const headers = new Map();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * A parameter of a Content-Disposition value, e.g. `name` of `form-data; name="image"; filename="a.png"`.
 * @param {string} header
 * @param {string} key
 * @returns {string | null}
 */
function param(header, key) {
  const match = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(header);
  if (!match) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? '').trim();
}
