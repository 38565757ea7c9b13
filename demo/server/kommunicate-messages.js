// @ts-check
// The Kommunicate fake's messages: the visitor's `message/send` (idempotent by the client's `key`), the agent's
// `message/v2/send` (seed), and `message/list` (newest first, paged by time). See kommunicate-evidence.md.

import { groupIdOf, intParam, invalid, objectField, readJsonFields, USER_ID } from './kommunicate-input.js';
import { groupMetadata } from './kommunicate-store.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {import('./kommunicate-api.js').KContext} KContext */
/** @typedef {import('./kommunicate-api.js').KRequest} KRequest */
/** @typedef {import('./kommunicate-store.js').Group} Group */
/** @typedef {import('./kommunicate-store.js').KMessage} KMessage */
/** @typedef {import('./kommunicate-store.js').FileMeta} FileMeta */

/** Longer visitor texts are refused with AL-MS-01 (assumption: no source gives a limit). */
export const MAX_TEXT = 5000;
export const MAX_PAGE_SIZE = 50;
/** contentType a visitor may send: 0 text, 1 attachment. An agent may also send HTML, notify and hidden ones. */
const VISITOR_TYPES = [0, 1];
const AGENT_TYPES = [0, 1, 3, 5, 6, 10, 11];

/** @param {KContext} ctx */
export function createMessageRoutes(ctx) {
  return {
    /** @param {KRequest} request */
    async '/rest/ws/message/send'({ req, userId }) {
      const read = await readJsonFields(ctx.error, req);
      if ('reply' in read) return read.reply;
      const { fields } = read;
      const key = fields.key ?? null;
      if (key !== null && !(typeof key === 'string' && key.length > 0 && key.length <= 100)) {
        return invalid(ctx.error, 'key');
      }
      const content = contentOf(ctx, fields, { from: userId, types: VISITOR_TYPES });
      if ('reply' in content) return content.reply;
      const group = ctx.memberGroup(userId, fields.groupId);
      if (!group) return ctx.error('AL-G-01', 'group not found');
      const sent = key === null ? undefined : group.byClientKey.get(key);
      if (sent) return sendAnswer(sent);
      if (group.status === 2) return ctx.error('AL-G-02', 'conversation closed');
      if (content.message.length > MAX_TEXT) return ctx.error('AL-MS-01', `message longer than ${MAX_TEXT}`);
      const { message } = ctx.store.addMessage(group, { ...content, from: userId, byVisitor: true, clientKey: key });
      return sendAnswer(message);
    },
    /** @param {KRequest} request */
    async '/rest/ws/message/v2/send'({ req }) {
      const read = await readJsonFields(ctx.error, req);
      if ('reply' in read) return read.reply;
      const { fields } = read;
      const from = fields.fromUserName;
      if (typeof from !== 'string' || !USER_ID.test(from)) return invalid(ctx.error, 'fromUserName');
      const content = contentOf(ctx, fields, { from, types: AGENT_TYPES });
      if ('reply' in content) return content.reply;
      const group = groupOf(ctx, fields);
      if (!group) return ctx.error('AL-G-01', 'group not found');
      const { message } = ctx.store.addMessage(group, { ...content, from, byVisitor: false });
      return { status: 200, body: { messageKey: message.key, createdAt: message.createdAtTime } };
    },
    /** @param {KRequest} request */
    async '/rest/ws/message/list'({ query, userId }) {
      const range = rangeOf(query);
      if (typeof range === 'string') return invalid(ctx.error, range);
      const group = ctx.memberGroup(userId, query.get('groupId'));
      if (!group) return ctx.error('AL-G-01', 'group not found');
      const messages = group.messages
        .filter((m) => m.createdAtTime >= range.startTime && m.createdAtTime < range.endTime)
        .reverse()
        .slice(range.startIndex, range.startIndex + range.pageSize);
      return {
        status: 200,
        body: {
          message: messages.map((m) => messageView(m, userId)),
          groupFeeds: [{ id: group.id, clientGroupId: group.clientGroupId, metadata: groupMetadata(group) }],
          userDetails: userDetails(ctx, group, userId),
        },
      };
    },
  };
}

/**
 * The bare answer of `message/send`; `createdAt` is a string, as AND's MessageResponse parses it.
 * @param {KMessage} message
 */
const sendAnswer = (message) => ({
  status: 200,
  body: { messageKey: message.key, createdAt: String(message.createdAtTime), conversationId: message.groupId },
});

/**
 * The content of a message to send: its contentType, text, metadata and, for an attachment, the server's copy of
 * the fileMeta of a file the sender uploaded (the client's copy is not trusted).
 * @param {KContext} ctx
 * @param {Record<string, unknown>} fields
 * @param {{ from: string, types: number[] }} sender
 * @returns {{ contentType: number, message: string, metadata: Record<string, unknown>, fileMeta?: FileMeta }
 *   | { reply: Reply }}
 */
function contentOf(ctx, fields, { from, types }) {
  const contentType = fields.contentType ?? 0;
  if (typeof contentType !== 'number' || !types.includes(contentType)) {
    return { reply: invalid(ctx.error, 'contentType') };
  }
  const message = fields.message ?? '';
  if (typeof message !== 'string') return { reply: invalid(ctx.error, 'message') };
  const metadata = objectField(fields.metadata);
  if (!metadata) return { reply: invalid(ctx.error, 'metadata') };
  if (contentType !== 1) {
    return message.trim() === '' ? { reply: invalid(ctx.error, 'message') } : { contentType, message, metadata };
  }
  const blobKey = /** @type {{ blobKey?: unknown } | null} */ (fields.fileMeta)?.blobKey;
  const file = typeof blobKey === 'string' ? ctx.store.file(blobKey) : undefined;
  if (!file || file.uploader !== from) return { reply: invalid(ctx.error, 'fileMeta') };
  return { contentType, message, metadata, fileMeta: file.meta };
}

/**
 * The group of an agent's send: by `groupId`, else by `clientGroupId`.
 * @param {KContext} ctx
 * @param {Record<string, unknown>} fields
 */
function groupOf(ctx, fields) {
  if (fields.groupId !== undefined) return ctx.findGroup(fields.groupId);
  const clientGroupId = fields.clientGroupId;
  return typeof clientGroupId === 'string' ? (ctx.store.groupByClientId(clientGroupId) ?? null) : null;
}

/**
 * The list's parameters, or the name of the invalid one. Times are epoch ms; `startTime` inclusive (WEB sidebox
 * adds 1 ms itself), `endTime` exclusive (assumption).
 * @param {URLSearchParams} query
 * @returns {{ startIndex: number, pageSize: number, startTime: number, endTime: number } | string}
 */
function rangeOf(query) {
  if (groupIdOf(query.get('groupId')) === null) return 'groupId';
  const startIndex = intParam(query, 'startIndex', { min: 0, max: 1e9, fallback: 0 });
  const pageSize = intParam(query, 'pageSize', { min: 1, max: MAX_PAGE_SIZE, fallback: MAX_PAGE_SIZE });
  const startTime = intParam(query, 'startTime', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
  const endTime = intParam(query, 'endTime', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: Infinity });
  if (startIndex == null) return 'startIndex';
  if (pageSize == null) return 'pageSize';
  if (startTime == null) return 'startTime';
  if (endTime == null) return 'endTime';
  return { startIndex, pageSize, startTime, endTime };
}

/**
 * A message as the caller sees it: `type` 5 for its own, 4 (with the sender in `to`) for the others'.
 * The client's key is not shown.
 * @param {KMessage} m
 * @param {string} caller
 */
function messageView(m, caller) {
  const own = m.from === caller;
  return {
    key: m.key,
    groupId: m.groupId,
    createdAtTime: m.createdAtTime,
    type: own ? 5 : 4,
    contentType: m.contentType,
    message: m.message,
    ...(own ? {} : { to: m.from }),
    metadata: { ...m.metadata },
    ...(m.fileMeta ? { fileMeta: { ...m.fileMeta } } : {}),
    source: 1,
  };
}

/**
 * The other members who wrote in the group or are assigned to it.
 * @param {KContext} ctx
 * @param {Group} group
 * @param {string} caller
 */
function userDetails(ctx, group, caller) {
  const ids = new Set(group.messages.map((m) => m.from));
  if (group.assignee) ids.add(group.assignee);
  ids.delete(caller);
  return [...ids].flatMap((id) => {
    const user = ctx.store.findUser(id);
    return user ? [{ userId: user.userId, userName: user.userName, imageLink: null, roleType: user.roleType }] : [];
  });
}
