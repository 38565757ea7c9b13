// @ts-check
// Reading a message from a POST body: text as JSON (or urlencoded), or one image as multipart/form-data; and serving
// a stored image or file. Shared by the visitor's `POST /messages` and the agent's replies, so both validate alike.

import { readBody, parseFields } from './http.js';
import { boundaryOf, parseMultipart } from './multipart.js';

/** Parley's limit for one image. */
export const MAX_IMAGE_BYTES = 10_000_000;
const MAX_JSON_BYTES = 1_000_000;
/** Room for the multipart boundaries, part headers and small fields beside the image. */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * The image type by its first bytes; the declared Content-Type is not trusted.
 * @param {Buffer} bytes
 * @returns {{ contentType: string, extension: string } | null}
 */
export function sniffImage(bytes) {
  const starts = (/** @type {number[]} */ signature, offset = 0) =>
    signature.every((byte, i) => bytes[offset + i] === byte);
  if (starts([0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', extension: 'png' };
  const ascii = bytes.subarray(0, 12).toString('latin1');
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return { contentType: 'image/gif', extension: 'gif' };
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') {
    return { contentType: 'image/webp', extension: 'webp' };
  }
  return null;
}

/**
 * @typedef {{ kind: 'text', text: string, fields: Record<string, unknown> }
 *   | { kind: 'image', bytes: Buffer, contentType: string, extension: string, fields: Record<string, unknown> }
 *   | { kind: 'error', code: string, closeAfter?: boolean }} Incoming
 *   fields: the other fields of the body (e.g. an agent's `agentName`)
 */

/**
 * Reads and validates the body of a message post. Error codes: `message_and_image_not_allowed`,
 * `missing_message`, `missing_media`, `media_too_large`, `invalid_media_type`, `invalid_request`.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [maxImageBytes]
 * @returns {Promise<Incoming>}
 */
export async function readIncoming(req, maxImageBytes = MAX_IMAGE_BYTES) {
  if (isMultipart(req)) return readMultipart(req, String(req.headers['content-type']), maxImageBytes);
  const json = await readJson(req);
  if (json.kind === 'error') return json;
  const { fields } = json;
  const imageError = jsonImageError(fields);
  if (imageError) return { kind: 'error', code: imageError };
  const text = fields.message;
  if (typeof text !== 'string' || text.trim() === '') return { kind: 'error', code: 'missing_message' };
  return { kind: 'text', text, fields };
}

/** @param {import('node:http').IncomingMessage} req */
export const isMultipart = (req) =>
  String(req.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('multipart/');

/**
 * A JSON (or urlencoded) body of at most 1 MB as an object. Error code: `invalid_request`.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ kind: 'fields', fields: Record<string, unknown> }
 *   | { kind: 'error', code: string, closeAfter?: boolean }>}
 */
export async function readJson(req) {
  const { body, tooLarge, closeAfter } = await readBody(req, MAX_JSON_BYTES);
  if (tooLarge) return { kind: 'error', code: 'invalid_request', closeAfter };
  const fields = parseFields(body, String(req.headers['content-type'] ?? '').toLowerCase());
  return fields ? { kind: 'fields', fields } : { kind: 'error', code: 'invalid_request' };
}

/**
 * The error for an `image` in a JSON body, null when there is none: an image is only accepted as a multipart file.
 * @param {Record<string, unknown>} fields
 */
export function jsonImageError(fields) {
  if (fields.image === undefined || fields.image === null || fields.image === '') return null;
  const text = fields.message;
  return typeof text === 'string' && text.trim() !== '' ? 'message_and_image_not_allowed' : 'missing_media';
}

/**
 * The answer serving a stored image or file, to the visitor (`/parley`, its device checked by the caller) or to the
 * agent console (`/webcare`).
 * @param {{ bytes: Buffer, contentType: string }} media
 * @returns {import('./http.js').Reply}
 */
export function mediaReply({ bytes, contentType }) {
  return {
    status: 200,
    headers: {
      'Content-Type': contentType,
      'Cache-Control': 'private, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
    body: bytes,
  };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {string} contentType
 * @param {number} maxImageBytes
 * @returns {Promise<Incoming>}
 */
async function readMultipart(req, contentType, maxImageBytes) {
  const form = await readForm(req, contentType, maxImageBytes);
  if (form.kind === 'error') return form;
  const { parts, fields } = form;
  const image = parts.find((part) => part.name === 'image' && part.data.length > 0);
  const text = typeof fields.message === 'string' ? fields.message : '';
  if (image && text.trim() !== '') return { kind: 'error', code: 'message_and_image_not_allowed' };
  if (!image) return { kind: 'error', code: 'missing_media' };
  if (image.data.length > maxImageBytes) return { kind: 'error', code: 'media_too_large' };
  const type = sniffImage(image.data);
  if (!type) return { kind: 'error', code: 'invalid_media_type' };
  // Copy: the part is a view into the whole request body, which should not stay in memory with it.
  return { kind: 'image', bytes: Buffer.from(image.data), ...type, fields };
}

/**
 * Reads a multipart/form-data body with one file of at most `maxFileBytes`: its parts, and its plain fields by
 * name. Error codes: `media_too_large` (the body is), `invalid_request`.
 * @param {import('node:http').IncomingMessage} req
 * @param {string} contentType
 * @param {number} maxFileBytes
 * @returns {Promise<{ kind: 'form', parts: import('./multipart.js').Part[], fields: Record<string, unknown> }
 *   | { kind: 'error', code: string, closeAfter?: boolean }>}
 */
export async function readForm(req, contentType, maxFileBytes) {
  const boundary = boundaryOf(contentType);
  const { body, tooLarge, closeAfter } = await readBody(req, maxFileBytes + MULTIPART_OVERHEAD);
  if (tooLarge) return { kind: 'error', code: 'media_too_large', closeAfter };
  if (!boundary) return { kind: 'error', code: 'invalid_request' };
  let parts;
  try {
    parts = parseMultipart(body, boundary);
  } catch {
    return { kind: 'error', code: 'invalid_request' };
  }
  /** @type {Record<string, unknown>} */
  const fields = {};
  for (const part of parts) if (part.filename === null) fields[part.name] = part.data.toString('utf8');
  return { kind: 'form', parts, fields };
}
