// The Kommunicate implementation of the backend-agnostic Transport contract, polling only, through the site
// owner's proxy (its `apiUrl`; e.g. demo/kommunicate-proxy.js), which holds the Api-Key. A conversation is a
// Kommunicate group: its id is the conversation handle. Cursors are message times (`createdAtTime`, epoch ms).
import { httpUrl } from '../narrow';
import { isTransportError, type MessagePage, type RequestContext, type Transport } from '../types';
import { GROUP_EXISTS, transportError } from './errors';
import { createHttp, type KommunicateTransportOptions } from './http';
import { type ListAnswer, toFileMeta, toFileUrl, toGroupId, toList, toSendResult } from './map';

export type { KommunicateTransportOptions };

/** How many messages a list asks for: the most Kommunicate gives. */
const PAGE_SIZE = 50;
/** The fake's (and the Kommunicate widget's) upload limit: 25 MiB. */
const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
const MAX_TEXT_LENGTH = 5000;

/** Kommunicate's transport: no typing events, images as a URL (public, or signed for a private file). */
export interface KommunicateTransport extends Transport {
  fetchImage(ctx: RequestContext, ref: string): Promise<string>;
}

/** The group id of the handle; without one the device has no conversation yet: it must register. */
function groupOf(ctx: RequestContext): number {
  if (!/^\d{1,15}$/.test(ctx.conversation ?? '')) throw transportError('notRegistered');
  return Number(ctx.conversation);
}

/** A time cursor; anything else was never given by this adapter. */
function timeOf(cursor: string): number {
  if (!/^\d{1,16}$/.test(cursor)) throw transportError('invalid');
  return Number(cursor);
}

const page = (answer: ListAnswer, after: string | null): MessagePage => ({
  messages: answer.messages,
  older: answer.count >= PAGE_SIZE && answer.oldest !== null ? String(answer.oldest) : null,
  newer: answer.newest === null ? after : String(answer.newest),
  ...(answer.agent !== undefined && { agent: answer.agent }),
});

export function createKommunicateTransport(options: KommunicateTransportOptions): KommunicateTransport {
  const request = createHttp(options);
  const groupName = options.groupName ?? options.name ?? 'Chat';
  const list = async (ctx: RequestContext, range: { startTime?: number; endTime?: number } = {}) => {
    const query = new URLSearchParams({ groupId: String(groupOf(ctx)), startIndex: '0', pageSize: String(PAGE_SIZE) });
    if (range.endTime !== undefined) query.set('endTime', String(range.endTime));
    if (range.startTime !== undefined) query.set('startTime', String(range.startTime));
    return toList(await request(ctx, `/rest/ws/message/list?${query}`));
  };
  const info = async (ctx: RequestContext, query: string) =>
    toGroupId(await request(ctx, `/rest/ws/group/v2/info?${query}`));
  const send = async (ctx: RequestContext, body: object) =>
    toSendResult(await request(ctx, '/rest/ws/message/send', 'POST', { type: 5, source: 1, ...body }));

  return {
    capabilities: { maxImageBytes: MAX_IMAGE_BYTES, maxTextLength: MAX_TEXT_LENGTH },
    async register(ctx) {
      const clientGroupId = `pc-${ctx.deviceId}`;
      if (/^\d{1,15}$/.test(ctx.conversation ?? '')) {
        try {
          return { conversation: await info(ctx, `groupId=${ctx.conversation}`) };
        } catch (error) {
          // A group that is gone (AL-G-01), or that the proxy does not take for the visitor's (AL-UN-01): the
          // device's own conversation by its clientGroupId, or a new one. A refusal of the visitor repeats below.
          if (!isTransportError(error) || !(error.kind === 'notRegistered' || error.kind === 'forbidden')) throw error;
        }
      }
      try {
        const body = { groupName, groupMemberList: [ctx.deviceId], clientGroupId };
        return { conversation: toGroupId(await request(ctx, '/rest/ws/group/conversation', 'POST', body)) };
      } catch (error) {
        if (!isTransportError(error) || error.details.code !== GROUP_EXISTS) throw error;
      }
      return { conversation: await info(ctx, `clientGroupId=${encodeURIComponent(clientGroupId)}`) };
    },
    config: async () => ({ name: options.name ?? null, allowImage: true }),
    latest: async (ctx) => page(await list(ctx), null),
    older: async (ctx, cursor) => page(await list(ctx, { endTime: timeOf(cursor) }), null),
    /**
     * Kommunicate answers the NEWEST page of a range: a full one asks again for what is older than its oldest
     * (down to the cursor), until a page is not full.
     */
    async newer(ctx, cursor) {
      const startTime = timeOf(cursor) + 1;
      const first = await list(ctx, { startTime });
      const messages = [...first.messages];
      for (let last = first; last.count >= PAGE_SIZE && last.oldest !== null && last.oldest > startTime; ) {
        const endTime: number = last.oldest;
        last = await list(ctx, { startTime, endTime });
        // A server that ignored endTime would answer the same page again and again.
        if (last.oldest !== null && last.oldest >= endTime) break;
        messages.unshift(...last.messages);
      }
      if (first.closed && first.newest === null) throw transportError('ended');
      const ids = new Set<string>();
      return {
        ...page(first, cursor),
        older: null,
        messages: messages.filter((m) => m.time >= startTime && !ids.has(m.id) && ids.add(m.id)),
      };
    },
    async send(ctx, content, sendOptions) {
      const groupId = groupOf(ctx);
      const key = sendOptions?.clientKey;
      if ('text' in content) return send(ctx, { contentType: 0, message: content.text, groupId, key });
      const form = new FormData();
      form.append('file', content.image, `image.${/^image\/(\w+)/.exec(content.image.type)?.[1] ?? 'bin'}`);
      const upload = '/rest/ws/upload/image?aclsPrivate=true';
      const fileMeta = toFileMeta(await request(ctx, upload, 'POST', form, 'json', sendOptions?.onProgress));
      return send(ctx, { contentType: 1, message: '', groupId, key, fileMeta });
    },
    /** A public image's URL as it is; a private file's blobKey becomes its signed URL (it needs no headers). */
    async fetchImage(ctx, ref) {
      const url = httpUrl(ref);
      if (url) return url;
      const key = ref.trim();
      if (!key || /^[a-z][\w+.-]*:/i.test(key)) throw transportError('invalid');
      return toFileUrl(
        (await request(ctx, `/rest/ws/file/url?key=${encodeURIComponent(key)}`, 'GET', undefined, 'text')) as string,
      );
    },
  };
}
