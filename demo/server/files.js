// @ts-check
// Files an agent attaches (any type, at most the image limit): the upload (multipart field `media`, as Parley's own
// `POST media` takes it), its type, and the built-in samples. The store keeps them (messages.js `addFile`).

import { readForm, sniffImage } from './media.js';
import { samplePdf } from './sample-pdf.js';

/**
 * @typedef {{ kind: 'file', bytes: Buffer, contentType: string, extension: string, description: string | null }
 *   | { kind: 'error', code: string, closeAfter?: boolean }} Upload
 */

/** Extensions of a few common types, both ways; anything else is served as it was declared. */
const EXTENSIONS = /** @type {Record<string, string>} */ ({
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/zip': 'zip',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
});
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
const OCTETS = 'application/octet-stream';

/** @type {Record<string, () => Upload>} */
const SAMPLES = {
  invoice: () => ({
    kind: 'file',
    bytes: samplePdf(),
    contentType: 'application/pdf',
    extension: 'pdf',
    description: 'invoice-2025-001.pdf',
  }),
};

/**
 * A built-in sample by name (`invoice`: a one-page PDF). Error code: `unknown_sample`.
 * @param {unknown} name
 * @returns {Upload}
 */
export function sampleFile(name) {
  const make = typeof name === 'string' && Object.hasOwn(SAMPLES, name) ? SAMPLES[name] : null;
  return make ? make() : { kind: 'error', code: 'unknown_sample' };
}

/**
 * Reads an upload: the file in multipart field `media`, an optional `description` field (default: the file's
 * name). Error codes: `missing_media`, `media_too_large`, `invalid_request`.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} maxBytes
 * @returns {Promise<Upload>}
 */
export async function readUpload(req, maxBytes) {
  const form = await readForm(req, String(req.headers['content-type'] ?? ''), maxBytes);
  if (form.kind === 'error') return form;
  const part = form.parts.find((p) => p.name === 'media' && p.data.length > 0);
  if (!part) return { kind: 'error', code: 'missing_media' };
  if (part.data.length > maxBytes) return { kind: 'error', code: 'media_too_large' };
  const given = form.fields.description;
  const description = typeof given === 'string' && given !== '' ? given : part.filename || null;
  // Copy: the part is a view into the whole request body.
  const bytes = Buffer.from(part.data);
  return { kind: 'file', bytes, ...fileType(bytes, part.contentType, part.filename), description };
}

/**
 * The type of a file: an image or a PDF by its first bytes, else as declared, else by its name's extension.
 * @param {Buffer} bytes
 * @param {string | null} declared the part's Content-Type
 * @param {string | null} filename
 * @returns {{ contentType: string, extension: string }}
 */
export function fileType(bytes, declared, filename) {
  const image = sniffImage(bytes);
  if (image) return image;
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return { contentType: 'application/pdf', extension: 'pdf' };
  const named = /\.([a-z0-9]{1,8})$/i.exec(filename ?? '')?.[1]?.toLowerCase() ?? null;
  const type = (declared ?? '').split(';')[0].trim().toLowerCase();
  const byName = named ? Object.keys(EXTENSIONS).find((key) => EXTENSIONS[key] === named) : undefined;
  const contentType = MIME.test(type) && type !== OCTETS ? type : (byName ?? OCTETS);
  return { contentType, extension: named ?? EXTENSIONS[contentType] ?? 'bin' };
}
