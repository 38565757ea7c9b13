// The Parley Secure Messenger implementation of the backend-agnostic Transport contract.
import type { MessagePage, RequestContext, Transport } from '../types';
import { transportError } from './errors';
import { createHttp, type ParleyTransportOptions } from './http';
import { hasRich, toConfig, toPage, toSeenResult, toSendResult, toUnseenCount } from './map';
import { importChunk } from '../../lib/chunks';
import { httpUrl } from '../narrow';

export type { ParleyTransportOptions };

/** rich.ts: a chunk beside this one in the split script-tag build, a module of the bundle otherwise. */
const loadRich = (): Promise<typeof import('./rich')> =>
  import.meta.env.PARLEY_CHUNKS ? importChunk(import.meta.url, 'parley-rich.js') : import('./rich');

/** How many messages Parley lists at most. */
const PAGE_SIZE = 50;

/** The page address without query and hash: those may hold tokens the backend has no business seeing. */
const referer = (): string | undefined =>
  httpUrl(globalThis.location?.href) ? location.origin + location.pathname : undefined;

/** Parley's transport: every method of the contract, typing, files and seen too; its images are always bytes. */
export interface ParleyTransport extends Transport {
  startTyping(ctx: RequestContext): Promise<void>;
  stopTyping(ctx: RequestContext): Promise<void>;
  fetchImage(ctx: RequestContext, ref: string): Promise<Blob>;
  fetchFile(ctx: RequestContext, ref: string): Promise<Blob>;
  markSeen(ctx: RequestContext, messageIds: string[]): Promise<void>;
  unseenCount(ctx: RequestContext): Promise<number>;
}

export function createParleyTransport(options: ParleyTransportOptions): ParleyTransport {
  const request = createHttp(options);
  const list = async (ctx: RequestContext, path: string, after?: string) => {
    const body = await request(ctx, `/messages${path}`);
    return toPage(body, after, hasRich(body) ? (await loadRich()).richFields : undefined);
  };
  const id = encodeURIComponent;
  /** Parley answers `after:` with the oldest 50 newer messages: a full page asks on from its newest. */
  const newer = async (ctx: RequestContext, cursor: string): Promise<MessagePage> => {
    const page = await list(ctx, `/after:${id(cursor)}`, cursor);
    if (page.messages.length < PAGE_SIZE) return page;
    const rest = await newer(ctx, page.newer!);
    return { ...rest, messages: [...page.messages, ...rest.messages] };
  };
  /** An image's or file's reference: an absolute http(s) URL, or a path below the API base. Nothing else is fetched. */
  async function fetchMedia(ctx: RequestContext, ref: string): Promise<Blob> {
    const value = ref.trim();
    const url = httpUrl(value) ?? (value && !/^[a-z][\w+.-]*:/i.test(value) ? value.replace(/^\/*/, '/') : null);
    if (!url) throw transportError('invalid');
    return (await request(ctx, url, 'GET', undefined, 'blob')) as Blob;
  }
  /** A POST whose answer only has to be a success. */
  const post = async (ctx: RequestContext, path: string, body?: object) =>
    void (await request(ctx, path, 'POST', body, 'none'));

  return {
    register: (ctx, visitor) =>
      post(ctx, '/devices', {
        type: 3 /* web */,
        referer: referer(),
        ...(visitor && { userAdditionalInformation: visitor }),
      }),
    config: async (ctx) => toConfig(await request(ctx, '/config')),
    latest: (ctx) => list(ctx, ''),
    older: (ctx, cursor) => list(ctx, `/before:${id(cursor)}`),
    newer,
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
    fetchImage: fetchMedia,
    fetchFile: fetchMedia,
    // Parley's ids are numbers on the wire.
    markSeen: async (ctx, ids) =>
      toSeenResult(await request(ctx, '/messages/status/4', 'PUT', { messageIds: ids.map(Number) })),
    unseenCount: async (ctx) => toUnseenCount(await request(ctx, '/messages/unseen/count')),
  };
}
