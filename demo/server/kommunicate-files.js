// @ts-check
// The Kommunicate fake's files: `POST /rest/ws/upload/image` (multipart field `file`, private: blank URLs),
// `GET /rest/ws/file/url?key=` (a signed URL that expires), and the signed URL itself, `GET /files/<blobKey>`,
// which needs no headers (an `<img src>` loads it).

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readForm, sniffImage } from './media.js';

/** @typedef {import('./kommunicate-api.js').KContext} KContext */
/** @typedef {import('./kommunicate-api.js').KRequest} KRequest */

/** The widget's default `maxAttachmentSize` (WEB apz-client); the server's own limit is unknown (assumption). */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
export const SIGNED_URL_MS = 10 * 60 * 1000;

/**
 * @param {KContext} ctx
 * @param {{ maxUploadBytes?: number }} options
 */
export function createFileRoutes(ctx, { maxUploadBytes = MAX_UPLOAD_BYTES }) {
  const secret = randomBytes(32);
  /** @type {(blobKey: string, expires: number) => string} */
  const sign = (blobKey, expires) => createHmac('sha256', secret).update(`${blobKey}\n${expires}`).digest('hex');

  return {
    /** @param {KRequest} request */
    async '/rest/ws/upload/image'({ req, userId }) {
      const contentType = String(req.headers['content-type'] ?? '');
      const form = await readForm(req, contentType, maxUploadBytes);
      const closing = form.kind === 'error' && form.closeAfter ? { Connection: 'close' } : undefined;
      if (form.kind === 'error' && form.code === 'media_too_large') {
        return { ...ctx.error('FILE_TOO_LARGE', `file larger than ${maxUploadBytes} bytes`, 413), headers: closing };
      }
      if (form.kind === 'error') return ctx.error('AL-IN-01', 'invalid multipart body', 400);
      const file = form.parts.find((part) => part.name === 'file' && part.filename !== null && part.data.length > 0);
      if (!file) return ctx.error('AL-IN-01', 'invalid file', 400);
      if (file.data.length > maxUploadBytes) {
        return ctx.error('FILE_TOO_LARGE', `file larger than ${maxUploadBytes} bytes`, 413);
      }
      const type = sniffImage(file.data);
      // The widget's own check of an upload's answer (WEB sidebox): this shape, at the top level.
      if (!type) return { status: 200, body: { errorCode: 'MALICIOUS_CONTENT' } };
      const name = (file.filename ?? '').replace(/[^\w .()-]/g, '_').slice(0, 200) || `image.${type.extension}`;
      const bytes = Buffer.from(file.data); // not a view into the whole body
      const meta = ctx.store.addFile({ bytes, contentType: type.contentType, name, uploader: userId });
      return { status: 200, body: meta };
    },
    /** @param {KRequest} request */
    async '/rest/ws/file/url'({ req, query, userId }) {
      const blobKey = query.get('key') ?? '';
      const file = ctx.store.file(blobKey);
      const visible =
        file && (file.groupId === null ? file.uploader === userId : ctx.memberGroup(userId, file.groupId));
      if (!visible) return ctx.error('AL-G-01', 'group not found');
      const expires = ctx.now() + SIGNED_URL_MS;
      const url = `${originOf(req)}/kommunicate/files/${blobKey}?expires=${expires}&sig=${sign(blobKey, expires)}`;
      return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: url };
    },
    /** @param {KRequest} request */
    async '/files/*'({ query, params }) {
      const blobKey = params[0] ?? '';
      const expires = Number(query.get('expires'));
      const given = Buffer.from(query.get('sig') ?? '', 'utf8');
      const wanted = Buffer.from(sign(blobKey, expires), 'utf8');
      const signed = given.length === wanted.length && timingSafeEqual(given, wanted);
      const file = ctx.store.file(blobKey);
      /** @type {Record<string, string>} */
      const headers = { 'Access-Control-Allow-Origin': '*' };
      if (!signed || !(expires > ctx.now()) || !file) {
        return { status: 403, headers: { ...headers, 'Content-Type': 'text/plain' }, body: 'Forbidden\n' };
      }
      return {
        status: 200,
        headers: { ...headers, 'Content-Type': file.meta.contentType, 'Cache-Control': 'private, max-age=600' },
        body: file.bytes,
      };
    },
  };
}

/**
 * The origin the request was sent to, for an absolute URL back to this server.
 * @param {import('node:http').IncomingMessage} req
 */
function originOf(req) {
  const host = String(req.headers.host ?? '');
  return `http://${/^[\w.:[\]-]+$/.test(host) ? host : 'localhost'}`;
}
