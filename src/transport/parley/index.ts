// The Parley Secure Messenger implementation of the backend-agnostic Transport contract.
import type { RequestContext, Transport } from '../types';
import { transportError } from './errors';
import { createHttp, type ParleyTransportOptions } from './http';
import { toConfig, toPage, toSendResult } from './map';
import { httpUrl } from './narrow';

export type { ParleyTransportOptions };

/** The page address without query and hash: those may hold tokens the backend has no business seeing. */
const referer = (): string | undefined =>
  httpUrl(globalThis.location?.href) ? location.origin + location.pathname : undefined;

/** Parley's transport: every method of the contract, typing too; its images are always bytes. */
export interface ParleyTransport extends Transport {
  startTyping(ctx: RequestContext): Promise<void>;
  stopTyping(ctx: RequestContext): Promise<void>;
  fetchImage(ctx: RequestContext, ref: string): Promise<Blob>;
}

export function createParleyTransport(options: ParleyTransportOptions): ParleyTransport {
  const request = createHttp(options);
  const list = async (ctx: RequestContext, path: string) => toPage(await request(ctx, `/messages${path}`));
  /** A POST whose answer only has to be a success. */
  const post = async (ctx: RequestContext, path: string, body?: object) =>
    void (await request(ctx, path, 'POST', body, 'none'));
  const id = encodeURIComponent;

  return {
    register: (ctx) => post(ctx, '/devices', { type: 3 /* web */, referer: referer() }),
    config: async (ctx) => toConfig(await request(ctx, '/config')),
    latest: (ctx) => list(ctx, ''),
    older: (ctx, beforeId) => list(ctx, `/before:${id(beforeId)}`),
    newer: (ctx, afterId) => list(ctx, `/after:${id(afterId)}`),
    async send(ctx, content, sendOptions) {
      let body: FormData | object;
      if ('image' in content) {
        const form = (body = new FormData());
        form.append('image', content.image, `image.${/^image\/(\w+)/.exec(content.image.type)?.[1] ?? 'bin'}`);
      } else body = { message: content.text };
      return toSendResult(await request(ctx, '/messages', 'POST', body, 'json', sendOptions?.onProgress));
    },
    startTyping: (ctx) => post(ctx, '/services/event/startTyping'),
    stopTyping: (ctx) => post(ctx, '/services/event/stopTyping'),
    /** An image reference: an absolute http(s) URL, or a path below the API base. Nothing else is fetched. */
    async fetchImage(ctx, ref) {
      const value = ref.trim();
      const url = httpUrl(value) ?? (value && !/^[a-z][\w+.-]*:/i.test(value) ? value.replace(/^\/*/, '/') : null);
      if (!url) throw transportError('invalid');
      return (await request(ctx, url, 'GET', undefined, 'blob')) as Blob;
    },
  };
}
