// @ts-check
// The Kommunicate-compatible fake, mounted at `/kommunicate`: the visitor routes of /tmp/an/kommunicate-wire.md
// (reached through a proxy that adds the Api-Key, see demo/kommunicate-proxy.js) and the seed's agent routes.
// Checks run in this order: route and method, `Api-Key` (401 AL-UN-01), `Of-User-Id` where the route acts for a
// user. Groups and their status are here; messages in kommunicate-messages.js, files in kommunicate-files.js.
// What each route does, and which choices are assumptions: kommunicate-evidence.md.

import { matchRoute } from './http.js';
import { kError, kFaultBody, kSuccess } from './kommunicate-envelope.js';
import { createFileRoutes } from './kommunicate-files.js';
import { groupIdOf, intParam, invalid, readJsonFields, USER_ID } from './kommunicate-input.js';
import { createMessageRoutes } from './kommunicate-messages.js';
import { groupMetadata } from './kommunicate-store.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {import('./kommunicate-store.js').Group} Group */
/** @typedef {import('./kommunicate-store.js').KommunicateStore} KommunicateStore */
/**
 * What a route's handler gets.
 * @typedef {{ req: import('node:http').IncomingMessage, query: URLSearchParams, userId: string,
 *   params: (string | undefined)[] }} KRequest
 *   userId: the `Of-User-Id` ('' on the routes that need none)
 */
/**
 * @typedef {object} KContext
 * @property {KommunicateStore} store
 * @property {() => number} now
 * @property {(code: string | null, description: string, status?: number) => Reply} error
 * @property {(response: unknown) => Reply} ok
 * @property {(groupId: unknown) => Group | null} findGroup by a group id as a number or a string of digits
 * @property {(userId: string, groupId: unknown) => Group | null} memberGroup the group, when the user is a member
 */

/** The dev server's Api-Key (`kommunicateApiKey` in handler.js). */
export const DEV_API_KEY = 'dev-kommunicate-key';

/**
 * `user`: the route acts for the `Of-User-Id`; `key: false`: no Api-Key (the signed file URL).
 * @typedef {import('./http.js').Route & { user: boolean, key?: false }} KRoute
 */
/** @type {KRoute[]} */
const ROUTES = [
  { name: '/rest/ws/group/conversation', pattern: /^\/rest\/ws\/group\/conversation$/, methods: ['POST'], user: true },
  { name: '/rest/ws/group/v2/info', pattern: /^\/rest\/ws\/group\/v2\/info$/, methods: ['GET'], user: true },
  { name: '/rest/ws/message/list', pattern: /^\/rest\/ws\/message\/(?:v2\/)?list$/, methods: ['GET'], user: true },
  { name: '/rest/ws/message/send', pattern: /^\/rest\/ws\/message\/send$/, methods: ['POST'], user: true },
  { name: '/rest/ws/upload/image', pattern: /^\/rest\/ws\/upload\/image$/, methods: ['POST'], user: true },
  { name: '/rest/ws/file/url', pattern: /^\/rest\/ws\/file\/url$/, methods: ['GET'], user: true },
  { name: '/rest/ws/message/v2/send', pattern: /^\/rest\/ws\/message\/v2\/send$/, methods: ['POST'], user: false },
  {
    name: '/rest/ws/group/status/change',
    pattern: /^\/rest\/ws\/group\/status\/change$/,
    methods: ['PATCH'],
    user: true,
  },
  {
    name: '/rest/ws/group/assignee/change',
    pattern: /^\/rest\/ws\/group\/assignee\/change$/,
    methods: ['PATCH'],
    user: false,
  },
  { name: '/files/*', pattern: /^\/files\/([0-9a-f-]{36}(?:-thumbnail)?)$/, methods: ['GET'], user: false, key: false },
];

/**
 * The route a path belongs to, for statistics; null when unknown.
 * @param {string} path the path after `/kommunicate`
 */
export function kommunicateRouteOf(path) {
  return matchRoute(ROUTES, path);
}

/**
 * @param {{ store: KommunicateStore, now?: () => number, apiKey?: string, maxUploadBytes?: number }} options
 */
export function createKommunicateApi({ store, now = Date.now, apiKey = DEV_API_KEY, maxUploadBytes }) {
  /** @type {KContext} */
  const ctx = {
    store,
    now,
    error: (code, description, status) => kError(now(), code, description, status),
    ok: (response) => kSuccess(now(), response),
    findGroup(groupId) {
      const id = groupIdOf(groupId);
      return (id === null ? undefined : store.group(id)) ?? null;
    },
    memberGroup(userId, groupId) {
      const group = ctx.findGroup(groupId);
      return group?.membersId.includes(userId) ? group : null;
    },
  };
  const handlers = {
    ...groupRoutes(ctx),
    ...createMessageRoutes(ctx),
    ...createFileRoutes(ctx, { maxUploadBytes }),
  };
  return {
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {string} path the path after `/kommunicate`
     * @param {URLSearchParams} query
     * @returns {Promise<Reply>}
     */
    async handle(req, path, query) {
      const found = kommunicateRouteOf(path);
      if (!found) return ctx.error('NOT_FOUND', 'no such route', 404);
      const { route, params } = found;
      if (!route.methods.includes(req.method ?? 'GET'))
        return ctx.error('METHOD_NOT_ALLOWED', 'method not allowed', 405);
      if (route.key !== false && req.headers['api-key'] !== apiKey) {
        return ctx.error('AL-UN-01', 'unauthorized user', 401);
      }
      const userId = String(req.headers['of-user-id'] ?? '').trim();
      if (route.user && !USER_ID.test(userId)) return ctx.error('AL-U-01', 'user not found');
      const handler = handlers[/** @type {keyof typeof handlers} */ (route.name)];
      return handler({ req, query, userId, params });
    },
    /** The body of an injected fault that has none: the error envelope. */
    faultBody: (/** @type {number} */ status) => kFaultBody(now(), status),
  };
}

/**
 * A group as `group/conversation` and `group/v2/info` answer it.
 * @param {Group} group
 */
function groupView(group) {
  return {
    id: group.id,
    clientGroupId: group.clientGroupId,
    name: group.name,
    adminId: group.adminId,
    membersId: [...group.membersId],
    metadata: groupMetadata(group),
    createdAtTime: group.createdAtTime,
  };
}

/**
 * Creating a group, reading it, changing its status and assignee.
 * @param {KContext} ctx
 */
function groupRoutes(ctx) {
  const { store } = ctx;
  return {
    /** @param {KRequest} request */
    async '/rest/ws/group/conversation'({ req, userId }) {
      const read = await readJsonFields(ctx.error, req);
      if ('reply' in read) return read.reply;
      const body = read.fields;
      const { groupName, groupMemberList, clientGroupId } = body;
      if (typeof groupName !== 'string' || groupName.trim() === '') return invalid(ctx.error, 'groupName');
      const members = Array.isArray(groupMemberList) ? groupMemberList : [];
      if (members.length === 0 || !members.every((m) => typeof m === 'string' && USER_ID.test(m))) {
        return invalid(ctx.error, 'groupMemberList');
      }
      const clientId = typeof clientGroupId === 'number' ? String(clientGroupId) : clientGroupId;
      if (clientId !== undefined && !(typeof clientId === 'string' && clientId.length > 0 && clientId.length <= 200)) {
        return invalid(ctx.error, 'clientGroupId');
      }
      const metadata = /** @type {Record<string, unknown> | null} */ (body.metadata);
      const assignee = typeof metadata?.CONVERSATION_ASSIGNEE === 'string' ? metadata.CONVERSATION_ASSIGNEE : null;
      const group = store.createGroup({
        name: groupName,
        clientGroupId: clientId ?? null,
        members: /** @type {string[]} */ (members),
        adminId: userId,
        assignee: assignee && USER_ID.test(assignee) ? assignee : null,
      });
      return group ? ctx.ok(groupView(group)) : ctx.error(null, 'group already exists');
    },
    /** @param {KRequest} request */
    async '/rest/ws/group/v2/info'({ query, userId }) {
      const clientGroupId = query.get('clientGroupId');
      const group =
        clientGroupId === null
          ? ctx.memberGroup(userId, query.get('groupId'))
          : (store.groupByClientId(clientGroupId) ?? null);
      if (!group?.membersId.includes(userId)) return ctx.error('AL-G-01', 'group not found');
      return ctx.ok(groupView(group));
    },
    /** @param {KRequest} request */
    async '/rest/ws/group/status/change'({ query, userId }) {
      const group = ctx.findGroup(query.get('groupId'));
      if (!group) return ctx.error('AL-G-01', 'group not found');
      const status = intParam(query, 'status', { min: 0, max: 3, fallback: null });
      if (status === null || status === undefined || status === 1) return invalid(ctx.error, 'status');
      return ctx.ok(store.changeStatus(group, status, userId, query.get('sendNotifyMessage') !== 'false'));
    },
    /** @param {KRequest} request */
    async '/rest/ws/group/assignee/change'({ query }) {
      const group = ctx.findGroup(query.get('groupId'));
      if (!group) return ctx.error('AL-G-01', 'group not found');
      const assignee = query.get('assignee') ?? '';
      if (!USER_ID.test(assignee)) return invalid(ctx.error, 'assignee');
      store.assign(group, assignee);
      return ctx.ok('updated');
    },
  };
}
