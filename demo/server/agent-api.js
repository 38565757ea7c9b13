// @ts-check
// The agent side, mounted at `/webcare`, shaped like the Parley Webcare API: agents see "results" (single
// messages), reply with `POST /results/{resultId}/replies` and send `POST /results/{resultId}/event/{event}`.
// A few conversation-level routes (info, sticky, hidden, seed, files, seen) exist for the console and for tests.
// What each route does is in agent-actions.js. Kommunicate conversations are listed beside Parley's (`backend`) and
// answered below `/kommunicate/<groupId>` (agent-kommunicate.js).

import { createAgentActions } from './agent-actions.js';
import { createKommunicateConsole } from './agent-kommunicate.js';
import { matchRoute, readFields } from './http.js';
import { mediaReply } from './media.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {import('./store.js').Conversation} Conversation */
/** @typedef {import('./agent-actions.js').Answer} Answer */
/** @typedef {import('node:http').IncomingMessage} Request */

/**
 * Matched in order against the decoded path (see `routePath`), among the routes of the request's method.
 * `CONV` is `results/{resultId}` (the conversation of that message) or `conversations/{deviceId}`.
 * @type {import('./http.js').Route[]}
 */
const ROUTES = [
  { name: '/conversations', pattern: /^\/conversations$/, methods: ['GET'] },
  // An image (`media/{messageId}/{name}`) or a file (`media/{year}/{month}/{day}/{filename}`).
  { name: '/media/*', pattern: /^\/media\/[^/]+\/([^/]+\/[^/]+\/)?[^/]+$/, methods: ['GET'] },
  { name: '/results/ID', pattern: /^\/results\/[^/]+$/, methods: ['GET'] },
  { name: '/CONV/results', pattern: /^\/(results|conversations)\/[^/]+\/results$/, methods: ['GET'] },
  { name: '/CONV/replies', pattern: /^\/(results|conversations)\/[^/]+\/replies$/, methods: ['POST'] },
  { name: '/CONV/event/NAME', pattern: /^\/(results|conversations)\/[^/]+\/event\/[^/]+$/, methods: ['POST'] },
  { name: '/CONV/media', pattern: /^\/(results|conversations)\/[^/]+\/media$/, methods: ['POST'] },
  { name: '/CONV/seen', pattern: /^\/(results|conversations)\/[^/]+\/seen$/, methods: ['POST'] },
  { name: '/conversations/ID/info', pattern: /^\/conversations\/[^/]+\/info$/, methods: ['POST'] },
  { name: '/conversations/ID/hidden', pattern: /^\/conversations\/[^/]+\/hidden$/, methods: ['POST'] },
  { name: '/conversations/ID/sticky', pattern: /^\/conversations\/[^/]+\/sticky$/, methods: ['POST'] },
  { name: '/conversations/ID/seed', pattern: /^\/conversations\/[^/]+\/seed$/, methods: ['POST'] },
  // Any other action reads its body like the four above: a 400 when it is unreadable, else a 404.
  { name: '/conversations/ID/*', pattern: /^\/conversations\/[^/]+\/[^/]+$/, methods: ['POST'] },
];

/** Another method than POST to one of these actions (the third segment) answers 405, not 404. */
const POST_ACTIONS = ['replies', 'event', 'media', 'seen', 'info', 'hidden', 'sticky', 'seed'];

/** @typedef {import('./store.js').Store} Store */
/**
 * @typedef {{ store: Store, actions: import('./agent-actions.js').AgentActions,
 *   kommunicate: import('./agent-kommunicate.js').KommunicateConsole }} Context
 */

/**
 * @param {{ store: Store, kommunicateStore: import('./kommunicate-store.js').KommunicateStore,
 *   maxImageBytes?: number }} options
 */
export function createAgentApi({ store, kommunicateStore, maxImageBytes }) {
  /** @type {Context} */
  const ctx = {
    store,
    actions: createAgentActions({ store, maxImageBytes }),
    kommunicate: createKommunicateConsole({ store: kommunicateStore, maxImageBytes }),
  };
  return {
    /**
     * @param {Request} req
     * @param {string} path the path after `/webcare`
     * @param {URLSearchParams} query
     * @returns {Promise<Reply>}
     */
    handle: (req, path, query) => handle(ctx, req, path, query),
  };
}

/**
 * @param {Context} ctx
 * @param {Request} req
 * @param {string} path the path after `/webcare`
 * @param {URLSearchParams} query
 * @returns {Promise<Reply>}
 */
async function handle({ store, actions, kommunicate }, req, path, query) {
  const method = req.method ?? 'GET';
  const answer = answerFor(path, method);
  const segments = path.split('/').filter(Boolean).map(safeDecode);
  if (segments[0] === 'kommunicate') return kommunicate.handle(req, segments, answer);
  const routes = ROUTES.filter((route) => route.methods.includes(method));
  const route = matchRoute(routes, routePath(segments))?.route.name;
  if (route === '/conversations') return answer.ok(conversations(actions, kommunicate, query.get('all') === '1'));
  if (route === '/media/*') return media(store, segments, answer);
  const conv = resolveConversation(store, segments, method);
  if (typeof conv === 'string') return answer.fail(404, conv);
  if (route) return conversationRoute(actions, route, { req, conv, segments, query, answer });
  if (method !== 'POST' && POST_ACTIONS.includes(segments[2])) return answer.fail(405, 'method_not_allowed');
  return answer.fail(404, 'not_found');
}

/**
 * Both backends' conversations, the last active first (a stable sort: Parley's own order holds within a ms).
 * @param {import('./agent-actions.js').AgentActions} actions
 * @param {import('./agent-kommunicate.js').KommunicateConsole} kommunicate
 * @param {boolean} all
 */
function conversations(actions, kommunicate, all) {
  const parley = actions.list(all).map((conv) => ({ ...conv, backend: 'parley' }));
  const merged = [...parley, ...kommunicate.list(all)];
  return merged.sort((a, b) => b.lastActivity - a.lastActivity);
}

/**
 * @param {Store} store
 * @param {string[]} segments `media`, then the segments of the image's or file's path
 * @param {Answer} answer
 * @returns {Reply}
 */
function media(store, segments, answer) {
  const found = store.media(segments.join('/'));
  return found ? mediaReply(found) : answer.fail(404, 'not_found');
}

/**
 * The conversation a path is about: `/results/{resultId}/...` by a message of it, `/conversations/{deviceId}/...`
 * directly. Posting to a conversation that does not exist yet creates it (a test can seed before the widget
 * registers).
 * @param {Store} store
 * @param {string[]} segments
 * @param {string} method
 * @returns {Conversation | string} the conversation, or the code of a 404
 */
function resolveConversation(store, [collection, key], method) {
  if (collection === 'results' && key !== undefined && /^\d+$/.test(key)) {
    return store.conversationOf(Number(key)) ?? 'result_not_found';
  }
  if (collection === 'conversations' && key !== undefined && key.length >= 10) {
    return (method === 'POST' ? store.conversation(key) : store.findConversation(key)) ?? 'conversation_not_found';
  }
  return 'not_found';
}

/**
 * @param {import('./agent-actions.js').AgentActions} actions
 * @param {string} route
 * @param {{ req: Request, conv: Conversation, segments: string[], query: URLSearchParams, answer: Answer }} request
 * @returns {Promise<Reply>}
 */
async function conversationRoute(actions, route, { req, conv, segments, query, answer }) {
  switch (route) {
    case '/results/ID':
      return answer.ok(conv.messages.find((m) => m.id === Number(segments[1])) ?? null);
    case '/CONV/results': {
      actions.received(conv);
      const since = Number(query.get('sinceId') ?? 0);
      return answer.ok(
        conv.messages.filter((m) => m.id > since),
        { conversation: actions.summary(conv) },
      );
    }
    case '/CONV/replies':
      return actions.reply(req, conv, answer);
    case '/CONV/event/NAME':
      return actions.event(conv, segments[3], answer);
    case '/CONV/media':
      return actions.upload(req, conv, answer);
    case '/CONV/seen':
      return actions.seen(conv, answer);
  }
  const fields = await readFields(req);
  if (!fields) return answer.fail(400, 'invalid_request');
  switch (route) {
    case '/conversations/ID/info':
      return actions.info(conv, fields, answer);
    case '/conversations/ID/hidden':
      return actions.hidden(conv, fields, answer);
    case '/conversations/ID/sticky':
      return actions.sticky(conv, fields, answer);
    case '/conversations/ID/seed':
      return actions.seed(conv, fields, answer);
    default:
      return answer.fail(404, 'not_found');
  }
}

/**
 * @param {string} path
 * @param {string} method
 * @returns {Answer} answers timed from now
 */
function answerFor(path, method) {
  const started = performance.now();
  return {
    ok: (data, root = {}) => envelope(200, data, [], path, method, started, root),
    fail: (status, code) => envelope(status, null, [{ type: 'error', message: code }], path, method, started),
  };
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

/**
 * The path routes are matched against: the segments as decoded, a `/` decoded inside one (`%2F`) kept inside it.
 * @param {string[]} segments
 */
const routePath = (segments) => `/${segments.map((segment) => segment.replaceAll('/', '%2F')).join('/')}`;

/** @param {string} segment */
function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
