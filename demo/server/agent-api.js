// @ts-check
// The agent side, mounted at `/webcare`, shaped like the Parley Webcare API: agents see "results" (single
// messages), reply with `POST /results/{resultId}/replies` and send `POST /results/{resultId}/event/{event}`.
// A few conversation-level routes (info, sticky, hidden, seed) exist for the console and for tests.

import { readFields } from './http.js';
import { readIncoming, MAX_IMAGE_BYTES } from './media.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {import('./store.js').Conversation} Conversation */
/** @typedef {import('./store.js').Store} Store */
/** @typedef {import('node:http').IncomingMessage} Request */

const EVENTS = ['starttyping', 'stoptyping', 'opened', 'closed'];
const DEFAULT_AGENT_NAME = 'Sam';
const MAX_SEED = 10_000;

/**
 * @param {{ store: Store, maxImageBytes?: number }} options
 */
export function createAgentApi({ store, maxImageBytes = MAX_IMAGE_BYTES }) {
  /**
   * @param {Request} req
   * @param {string} path the path after `/webcare`
   * @param {URLSearchParams} query
   * @returns {Promise<Reply>}
   */
  async function handle(req, path, query) {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const ok = (/** @type {unknown} */ data, /** @type {Record<string, unknown>} */ root = {}) =>
      envelope(200, data, [], path, method, started, root);
    const fail = (/** @type {number} */ status, /** @type {string} */ code) =>
      envelope(status, null, [{ type: 'error', message: code }], path, method, started);
    const segments = path.split('/').filter(Boolean).map(safeDecode);
    const [collection, key, action, event] = segments;

    if (method === 'GET' && collection === 'conversations' && segments.length === 1) {
      const all = query.get('all') === '1';
      const list = store
        .conversations()
        .filter((conv) => all || conv.messages.length > 0 || store.isVisitorTyping(conv))
        .sort((a, b) => b.activity - a.activity)
        .map(summary);
      return ok(list);
    }
    if (method === 'GET' && collection === 'media' && segments.length === 3) {
      const media = store.media(`media/${key}/${action}`);
      if (!media) return fail(404, 'not_found');
      return { status: 200, headers: { 'Content-Type': media.contentType }, body: media.bytes };
    }

    // Resolve the conversation: `/results/:resultId/...` by a message of it, `/conversations/:deviceId/...` directly.
    /** @type {Conversation | undefined} */
    let conv;
    if (collection === 'results' && key !== undefined && /^\d+$/.test(key)) {
      conv = store.conversationOf(Number(key));
      if (!conv) return fail(404, 'result_not_found');
    } else if (collection === 'conversations' && key !== undefined && key.length >= 10) {
      // Posting to a conversation that does not exist yet creates it (a test can seed before the widget registers).
      conv = method === 'POST' ? store.conversation(key) : store.findConversation(key);
      if (!conv) return fail(404, 'conversation_not_found');
    } else {
      return fail(404, 'not_found');
    }

    if (method === 'GET' && collection === 'results' && segments.length === 2) {
      return ok(conv.messages.find((m) => m.id === Number(key)) ?? null);
    }
    if (method === 'GET' && action === 'results' && segments.length === 3) {
      const since = Number(query.get('sinceId') ?? 0);
      return ok(conv.messages.filter((m) => m.id > since), { conversation: summary(conv) });
    }
    if (method !== 'POST') {
      const postOnly = ['replies', 'event', 'info', 'hidden', 'sticky', 'seed'].includes(action);
      return postOnly ? fail(405, 'method_not_allowed') : fail(404, 'not_found');
    }

    if (action === 'replies' && segments.length === 3) return reply(req, conv, ok, fail);
    if (action === 'event' && segments.length === 4) {
      if (!EVENTS.includes(event)) return fail(400, 'unknown_event');
      assignAgent(conv);
      if (event === 'starttyping') store.setAgentTyping(conv, true);
      if (event === 'stoptyping' || event === 'closed') store.setAgentTyping(conv, false);
      return ok({});
    }
    if (collection !== 'conversations' || segments.length !== 3) return fail(404, 'not_found');

    const fields = await readFields(req);
    if (!fields) return fail(400, 'invalid_request');
    switch (action) {
      case 'info': {
        if (typeof fields.message !== 'string' || fields.message.trim() === '') return fail(400, 'missing_message');
        return ok({ id: store.addText(conv, { message: fields.message, typeId: 3 }).id });
      }
      case 'hidden': {
        const text = typeof fields.message === 'string' ? fields.message : 'hidden system message';
        const typeId = fields.typeId === 5 ? 5 : 4;
        return ok({ id: store.addText(conv, { message: text, typeId }).id });
      }
      case 'sticky': {
        const text = typeof fields.message === 'string' && fields.message.trim() !== '' ? fields.message : null;
        conv.stickyMessage = text;
        return ok({ stickyMessage: text });
      }
      case 'seed':
        return seed(conv, fields, ok, fail);
      default:
        return fail(404, 'not_found');
    }
  }

  /**
   * An agent message, text (JSON `{ message, agentName? }`) or image (multipart `image`), on the conversation.
   * @param {Request} req
   * @param {Conversation} conv
   * @param {(data: unknown) => Reply} ok
   * @param {(status: number, code: string) => Reply} fail
   */
  async function reply(req, conv, ok, fail) {
    const incoming = await readIncoming(req, maxImageBytes);
    if (incoming.kind === 'error') {
      const reply = fail(400, incoming.code);
      if (incoming.closeAfter) reply.headers = { Connection: 'close' };
      return reply;
    }
    const agent = assignAgent(conv, incoming.fields.agentName);
    const message =
      incoming.kind === 'text'
        ? store.addText(conv, { message: incoming.text, typeId: 2, agent })
        : store.addImage(conv, { ...incoming, typeId: 2, agent });
    return ok({ id: message.id });
  }

  /**
   * Appends `count` numbered text messages ("Message 1", ...) quickly, for paging tests.
   * Body: `{ count, from?: 'user' | 'agent', start?: number, prefix?: string }`.
   * @param {Conversation} conv
   * @param {Record<string, unknown>} fields
   * @param {(data: unknown) => Reply} ok
   * @param {(status: number, code: string) => Reply} fail
   */
  function seed(conv, fields, ok, fail) {
    const count = Number(fields.count);
    if (!Number.isInteger(count) || count < 1 || count > MAX_SEED) return fail(400, 'invalid_count');
    const fromAgent = fields.from === 'agent';
    const start = Number.isInteger(fields.start) ? Number(fields.start) : 1;
    const prefix = typeof fields.prefix === 'string' ? fields.prefix : 'Message';
    const agent = fromAgent ? assignAgent(conv) : null;
    const ids = [];
    for (let i = 0; i < count; i++) {
      const message = `${prefix} ${start + i}`;
      ids.push(store.addText(conv, fromAgent ? { message, typeId: 2, agent } : { message, typeId: 1 }).id);
    }
    return ok({ count, firstId: ids[0], lastId: ids[ids.length - 1] });
  }

  /**
   * The conversation's agent, assigned on the first reply or event. A name in a reply renames it.
   * @param {Conversation} conv
   * @param {unknown} [name]
   */
  function assignAgent(conv, name) {
    const wanted = typeof name === 'string' && name.trim() !== '' ? name.trim() : null;
    if (!conv.agent || (wanted && conv.agent.name !== wanted)) {
      conv.agent = { id: 1, name: wanted ?? DEFAULT_AGENT_NAME, avatar: null };
    }
    return conv.agent;
  }

  /**
   * One line of the console's conversation list.
   * @param {Conversation} conv
   */
  function summary(conv) {
    const visible = conv.messages.filter((m) => m.typeId <= 3);
    const last = visible[visible.length - 1];
    const lastExchange = conv.messages.filter((m) => m.typeId === 1 || m.typeId === 2).pop();
    const device = store.device(conv.deviceId);
    return {
      id: conv.deviceId,
      lastMessage: last ? (last.message ?? (last.image ? '[image]' : null)) : null,
      lastMessageTime: last?.time ?? null,
      lastMessageId: conv.messages[conv.messages.length - 1]?.id ?? null,
      messageCount: conv.messages.length,
      visitorTyping: store.isVisitorTyping(conv),
      agentTyping: store.isAgentTyping(conv),
      unanswered: lastExchange?.typeId === 1,
      agent: conv.agent,
      stickyMessage: conv.stickyMessage,
      registered: device !== undefined,
      referer: device?.referer ?? null,
      userAdditionalInformation: device?.userAdditionalInformation ?? null,
    };
  }

  return { handle };
}

/**
 * The Webcare API's envelope: `{ data, messages, status, metadata }`.
 * @param {number} status
 * @param {unknown} data
 * @param {{ type: string, message: string }[]} messages
 * @param {string} path
 * @param {string} method
 * @param {number} started
 * @param {Record<string, unknown>} [root]
 * @returns {Reply}
 */
function envelope(status, data, messages, path, method, started, root = {}) {
  const metadata = {
    values: { url: path.replace(/^\//, '') },
    method: method.toLowerCase(),
    duration: Math.round(performance.now() - started) / 1000,
  };
  return { status, body: { data, messages, status: status < 400 ? 'SUCCESS' : 'ERROR', metadata, ...root } };
}

/** @param {string} segment */
function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
