// The Parley Secure Messenger implementation of the backend-agnostic Transport contract.
import type { RequestContext, Transport } from '../types';
import { transportError } from './errors';
import { createHttp, type ParleyTransportOptions } from './http';
import { httpUrl } from './narrow';
import { toConfig, toPage, toSendResult, toSingleMessage } from './map';

export type { ParleyTransportOptions };
export { PARLEY_BALLOON_STYLES, PARLEY_COLORS, PARLEY_FONTS } from './map';

/** Parley's device type for the web. */
const WEB_DEVICE = 3;
const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = { jpeg: 'jpg', 'svg+xml': 'svg' };
const SCHEME = /^[a-z][a-z\d+.-]*:/i;

/** The page address without query and hash: those may hold tokens the backend has no business seeing. */
function referer(): string | undefined {
  const href = globalThis.location?.href;
  if (!href || !/^https?:/i.test(href)) return undefined;
  const url = new URL(href);
  url.search = '';
  url.hash = '';
  return url.href;
}

function imageFileName(image: Blob): string {
  const subtype = /^image\/([\w.+-]+)$/i.exec(image.type)?.[1]?.toLowerCase();
  return `image.${subtype ? (IMAGE_EXTENSIONS[subtype] ?? subtype) : 'bin'}`;
}

const segment = encodeURIComponent;

export function createParleyTransport(options: ParleyTransportOptions): Transport {
  const http = createHttp(options);
  const get = (ctx: RequestContext, url: string) => http.json(ctx, { method: 'GET', url });
  const event = (ctx: RequestContext, name: string) => http.none(ctx, { method: 'POST', url: `/services/event/${name}` });

  /** An image reference: an absolute http(s) URL, or a path below the API base. Nothing else is fetched. */
  function imageUrl(ref: string): string {
    const value = ref.trim();
    const absolute = httpUrl(value);
    if (absolute) return absolute;
    if (!SCHEME.test(value) && value !== '') {
      return `${http.base()}/${value.replace(/^\/+/, '')}`;
    }
    throw transportError('invalid', {}, 'Refused to fetch this image reference');
  }

  return {
    register: (ctx) => http.none(ctx, { method: 'POST', url: '/devices', body: { type: WEB_DEVICE, referer: referer() } }),
    config: async (ctx) => toConfig(await get(ctx, '/config')),
    latest: async (ctx) => toPage(await get(ctx, '/messages')),
    older: async (ctx, beforeId) => toPage(await get(ctx, `/messages/before:${segment(beforeId)}`)),
    newer: async (ctx, afterId) => toPage(await get(ctx, `/messages/after:${segment(afterId)}`)),
    message: async (ctx, id) => toSingleMessage(await get(ctx, `/messages/${segment(id)}`)),
    async send(ctx, content, sendOptions) {
      let body: FormData | Record<string, unknown>;
      if ('image' in content) {
        body = new FormData();
        body.append('image', content.image, imageFileName(content.image));
      } else {
        body = { message: content.text };
      }
      const result = toSendResult(await http.json(ctx, { method: 'POST', url: '/messages', body }));
      // fetch reports no upload progress: the upload is known complete only once the answer arrives.
      sendOptions?.onProgress?.(1);
      return result;
    },
    startTyping: (ctx) => event(ctx, 'startTyping'),
    stopTyping: (ctx) => event(ctx, 'stopTyping'),
    fetchImage: async (ctx, ref) => http.blob(ctx, { method: 'GET', url: imageUrl(ref) }),
  };
}
