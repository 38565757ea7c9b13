// @ts-check
// The visitor side: the Parley Secure Messenger API, mounted at `/parley`.
// Checks run in the gateway's order: bearer token (only when the server requires one), route and method,
// then the UniqueAppDeviceID (502 device_not_registered).

import { success, failure, gatewayFailure } from './envelope.js';
import { matchRoute, readFields } from './http.js';
import { mediaReply, readIncoming, MAX_IMAGE_BYTES } from './media.js';
import { page } from './paging.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {import('./envelope.js').CallInfo} CallInfo */
/** @typedef {import('./store.js').Conversation} Conversation */

/** @type {import('./http.js').Route[]} */
const ROUTES = [
  { name: '/devices', pattern: /^\/devices$/, methods: ['POST'] },
  { name: '/config', pattern: /^\/config$/, methods: ['GET'] },
  { name: '/services/event/startTyping', pattern: /^\/services\/event\/starttyping$/i, methods: ['POST'] },
  { name: '/services/event/stopTyping', pattern: /^\/services\/event\/stoptyping$/i, methods: ['POST'] },
  { name: '/messages', pattern: /^\/messages$/, methods: ['GET', 'POST'] },
  { name: '/messages/before:ID', pattern: /^\/messages\/before:(\d+)$/, methods: ['GET'] },
  { name: '/messages/after:ID', pattern: /^\/messages\/after:(\d+)$/, methods: ['GET'] },
  { name: '/messages/ID', pattern: /^\/messages\/(\d+)$/, methods: ['GET'] },
  { name: '/messages/status/4', pattern: /^\/messages\/status\/4$/, methods: ['PUT'] },
  { name: '/messages/unseen/count', pattern: /^\/messages\/unseen\/count$/, methods: ['GET'] },
  // An image (`media/{messageId}/{hex}.{ext}`) or a file an agent attached (`media/{year}/{month}/{day}/{filename}`).
  {
    name: '/media/*',
    pattern: /^\/media\/(\d+\/[0-9a-f]+\.[a-z]+|\d{4}\/\d{1,2}\/\d{1,2}\/[0-9a-f]+\.[a-z0-9]+)$/,
    methods: ['GET'],
  },
];

/**
 * The route a path belongs to, for statistics (`GET /messages/before:ID`); null when unknown.
 * @param {string} path the path after `/parley`
 */
export function routeOf(path) {
  return matchRoute(ROUTES, path);
}

/**
 * @typedef {{ store: import('./store.js').Store, config: () => Record<string, unknown>,
 *   requireToken: string | null, maxImageBytes: number }} Context
 */

/**
 * @param {{ store: import('./store.js').Store, config: () => Record<string, unknown>, requireToken?: string | null,
 *   maxImageBytes?: number }} options
 */
export function createParleyApi({ store, config, requireToken = null, maxImageBytes = MAX_IMAGE_BYTES }) {
  /** @type {Context} */
  const ctx = { store, config, requireToken, maxImageBytes };
  return {
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {string} path the path after `/parley`, e.g. `/messages/before:12`
     * @param {CallInfo} call
     * @returns {Promise<Reply>}
     */
    handle: (req, path, call) => handle(ctx, req, path, call),
  };
}

/**
 * @param {Context} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {string} path the path after `/parley`
 * @param {CallInfo} call
 * @returns {Promise<Reply>}
 */
async function handle(ctx, req, path, call) {
  const { store } = ctx;
  if (ctx.requireToken !== null) {
    const token = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
    if (token !== ctx.requireToken) return failure(call, 401, 'api_key_not_valid');
  }
  const found = routeOf(path);
  if (!found) return failure(call, 404, 'not_found');
  const { route } = found;
  const method = req.method ?? 'GET';
  if (!route.methods.includes(method)) {
    return failure(call, 405, 'method_not_allowed', { Allow: [...route.methods, 'OPTIONS'].join(', ') });
  }
  const deviceId = String(req.headers.uniqueappdeviceid ?? '').trim();
  if (deviceId.length < 10) return gatewayFailure(call);
  if (route.name === '/devices') return register(store, req, deviceId, call);
  if (!store.isRegistered(deviceId)) return gatewayFailure(call);
  const conv = store.conversation(deviceId);
  return answerRoute(ctx, { req, path, call, route: route.name, param: found.params[0] ?? '', deviceId, conv });
}

/**
 * A request of a registered device, by its route.
 * @param {Context} ctx
 * @param {{ req: import('node:http').IncomingMessage, path: string, call: CallInfo, route: string, param: string,
 *   deviceId: string, conv: Conversation }} request
 * @returns {Promise<Reply>}
 */
async function answerRoute(ctx, { req, path, call, route, param, deviceId, conv }) {
  const { store } = ctx;
  switch (route) {
    case '/config': {
      const { welcomeMessage: _, ...account } = ctx.config(); // the dev server's own option, not a config field
      return success(call, account);
    }
    case '/services/event/startTyping':
    case '/services/event/stopTyping': {
      const start = route.endsWith('startTyping');
      store.setVisitorTyping(conv, start);
      return success(call, `event ${start ? 'startTyping' : 'stopTyping'} executed`);
    }
    case '/messages':
      return req.method === 'POST' ? post(ctx, req, conv, call) : list(ctx, conv, {}, call);
    case '/messages/before:ID':
      return list(ctx, conv, { before: Number(param) }, call);
    case '/messages/after:ID':
      return list(ctx, conv, { after: Number(param) }, call);
    case '/messages/ID': {
      const message = conv.messages.find((m) => m.id === Number(param));
      return message ? success(call, message) : failure(call, 404, 'message_not_found');
    }
    case '/messages/status/4':
      return markSeen(store, req, conv, call);
    case '/messages/unseen/count': {
      const messageIds = store.unseenByVisitor(conv);
      return success(call, { messageIds, count: messageIds.length });
    }
    default: {
      const media = store.media(path.slice(1));
      if (!media || media.deviceId !== deviceId) return failure(call, 404, 'not_found');
      return mediaReply(media);
    }
  }
}

/**
 * @param {import('./store.js').Store} store
 * @param {import('node:http').IncomingMessage} req
 * @param {string} deviceId
 * @param {CallInfo} call
 */
async function register(store, req, deviceId, call) {
  const fields = await readFields(req);
  if (!fields) return failure(call, 400, 'invalid_request');
  const { malformedUserInfo } = store.register(deviceId, fields);
  const notifications = [{ type: 'success', message: 'device_successfully_subscribed' }];
  if (malformedUserInfo) notifications.push({ type: 'warning', message: 'malformed_userAdditionalInformation' });
  return success(call, {}, { notifications });
}

/**
 * `PUT /messages/status/4 {"messageIds": [...]}`: the visitor has seen these agent messages and info lines. Ids of
 * other conversations and of the visitor's own messages are ignored; the answer lists the ids marked.
 * @param {import('./store.js').Store} store
 * @param {import('node:http').IncomingMessage} req
 * @param {Conversation} conv
 * @param {CallInfo} call
 */
async function markSeen(store, req, conv, call) {
  const fields = await readFields(req);
  if (!fields) return failure(call, 400, 'invalid_request');
  const ids = messageIds(fields.messageIds);
  if (!ids) return failure(call, 400, 'malformed_messageIds');
  return success(call, { messageIds: store.markSeenByVisitor(conv, ids) });
}

/**
 * Message ids as clients send them: numbers, or strings of digits (`POST /messages` answers the id as a string).
 * @param {unknown} value
 * @returns {number[] | null} null unless an array of such ids
 */
function messageIds(value) {
  if (!Array.isArray(value)) return null;
  const ids = value.map((id) => (typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)) ? +id : NaN));
  return ids.every((id) => Number.isSafeInteger(id) && id > 0) ? ids : null;
}

/**
 * @param {Context} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {Conversation} conv
 * @param {CallInfo} call
 */
async function post({ store, maxImageBytes }, req, conv, call) {
  const incoming = await readIncoming(req, maxImageBytes);
  if (incoming.kind === 'error') {
    return failure(call, 400, incoming.code, incoming.closeAfter ? { Connection: 'close' } : undefined);
  }
  if (incoming.kind === 'text') {
    const message = store.addText(conv, { message: incoming.text, typeId: 1 });
    return success(call, { messageId: String(message.id) }, { values: { message: incoming.text } });
  }
  const message = store.addImage(conv, { ...incoming, typeId: 1 });
  return success(call, { messageId: String(message.id) });
}

/**
 * A page of messages, newest first, with the root fields Parley puts beside `data`; `welcomeMessage` when the dev
 * config has one.
 * @param {Context} ctx
 * @param {Conversation} conv
 * @param {{ before?: number, after?: number }} cursor
 * @param {CallInfo} call
 */
function list({ store, config }, conv, cursor, call) {
  const messages = page(conv, cursor);
  const newest = messages[0];
  const oldest = messages[messages.length - 1];
  const hasOlder = oldest !== undefined && conv.messages[0].id < oldest.id;
  const afterId = newest?.id ?? cursor.after ?? conv.messages[conv.messages.length - 1]?.id ?? 0;
  const agent = conv.agent
    ? { ...conv.agent, isTyping: store.isAgentTyping(conv) }
    : { id: null, name: null, avatar: null, isTyping: null };
  const { welcomeMessage } = config();
  return success(call, messages, {
    root: {
      agent,
      paging: { before: hasOlder ? `/messages/before:${oldest.id}` : '', after: `/messages/after:${afterId}` },
      stickyMessage: conv.stickyMessage,
      ...(typeof welcomeMessage === 'string' ? { welcomeMessage } : {}),
    },
  });
}
