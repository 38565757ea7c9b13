// @ts-check
// The agent console's side of Kommunicate conversations, below `/webcare/kommunicate/<groupId>`: the same store
// functions the fake's agent routes use (`message/v2/send`, `group/status/change`), answered in the console's shapes
// (the Webcare envelope, results like Parley's) so one console shows both backends.

import { readFields } from './http.js';
import { USER_ID } from './kommunicate-input.js';
import { MAX_IMAGE_BYTES, readIncoming } from './media.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {import('./agent-actions.js').Answer} Answer */
/** @typedef {import('./kommunicate-store.js').Group} Group */
/** @typedef {import('./kommunicate-store.js').KMessage} KMessage */
/** @typedef {import('./kommunicate-store.js').KommunicateStore} KommunicateStore */

const DEFAULT_AGENT = 'Sam';
/** contentType an agent may send from the console: text, HTML, notify (info). */
const CONSOLE_TYPES = [0, 3, 10];

/**
 * @param {{ store: KommunicateStore, maxImageBytes?: number }} options
 */
export function createKommunicateConsole({ store, maxImageBytes = MAX_IMAGE_BYTES }) {
  return {
    /** The conversation list's lines for the Kommunicate groups (with messages, every one with `all`). */
    list: (/** @type {boolean} */ all) =>
      store
        .groups()
        .filter((group) => all || group.messages.length > 0)
        .map((group) => summary(group)),
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {string[]} segments `kommunicate`, then the group id and the action (or `files`, blobKey)
     * @param {Answer} answer
     * @returns {Promise<Reply>}
     */
    async handle(req, [, key, action, extra], answer) {
      const method = req.method ?? 'GET';
      if (key === 'files' && method === 'GET' && action && extra === undefined) return file(store, action, answer);
      if (key === 'visitors' && method === 'POST' && action && extra === 'seed') {
        return seed(store, req, action, answer);
      }
      const group = /^\d{1,15}$/.test(key ?? '') ? store.group(Number(key)) : undefined;
      if (!group) return answer.fail(404, 'conversation_not_found');
      if (method === 'GET' && action === 'results' && extra === undefined) {
        return answer.ok(group.messages.map(result), { conversation: summary(group) });
      }
      if (method === 'POST' && action === 'replies' && extra === undefined) {
        return reply(store, maxImageBytes, req, group, answer);
      }
      if (method === 'POST' && action === 'status' && extra === undefined) return status(store, req, group, answer);
      return answer.fail(404, 'not_found');
    },
  };
}

/** @typedef {ReturnType<typeof createKommunicateConsole>} KommunicateConsole */

/**
 * An agent message: JSON `{ message, agentName?, contentType?: 0 | 3 | 10 }`, or an image (multipart `image`,
 * stored as an upload and sent as contentType 1 with its fileMeta, as the widget's own attachments are).
 * @param {KommunicateStore} store
 * @param {number} maxImageBytes
 * @param {import('node:http').IncomingMessage} req
 * @param {Group} group
 * @param {Answer} answer
 */
async function reply(store, maxImageBytes, req, group, { ok, fail }) {
  const incoming = await readIncoming(req, maxImageBytes);
  if (incoming.kind === 'error') return fail(400, incoming.code);
  const from = agentOf(incoming.fields);
  if (incoming.kind === 'image') {
    const fileMeta = store.addFile({ ...incoming, name: `image.${incoming.extension}`, uploader: from });
    const { message } = store.addMessage(group, { from, byVisitor: false, contentType: 1, message: '', fileMeta });
    return ok({ id: message.createdAtTime, messageKey: message.key });
  }
  const contentType = incoming.fields.contentType ?? 0;
  if (typeof contentType !== 'number' || !CONSOLE_TYPES.includes(contentType)) return fail(400, 'invalid_content_type');
  const { message } = store.addMessage(group, { from, byVisitor: false, contentType, message: incoming.text });
  return ok({ id: message.createdAtTime, messageKey: message.key });
}

/**
 * `{ status: 0 | 2 | 3, agentName? }` (open, close, spam), with the notify message the visitor sees.
 * @param {KommunicateStore} store
 * @param {import('node:http').IncomingMessage} req
 * @param {Group} group
 * @param {Answer} answer
 */
async function status(store, req, group, { ok, fail }) {
  const fields = await readFields(req);
  const wanted = fields?.status;
  if (typeof wanted !== 'number' || ![0, 2, 3].includes(wanted)) return fail(400, 'invalid_status');
  return ok({ status: wanted, result: store.changeStatus(group, wanted, agentOf(fields), true) });
}

/**
 * Seeds a visitor's conversation for tests (`POST /webcare/kommunicate/visitors/<visitorId>/seed`): `{ count,
 * from?: 'user' | 'agent', start?, prefix? }` appends "Message 1" … like Parley's seed. A visitor without a group
 * gets the one the widget's adapter and the proxy use, `clientGroupId` `pc-<visitorId>`, which it then finds.
 * @param {KommunicateStore} store
 * @param {import('node:http').IncomingMessage} req
 * @param {string} visitor
 * @param {Answer} answer
 */
async function seed(store, req, visitor, { ok, fail }) {
  const fields = await readFields(req);
  const count = Number(fields?.count);
  if (!USER_ID.test(visitor)) return fail(400, 'invalid_visitor');
  if (!Number.isInteger(count) || count < 1 || count > 10_000) return fail(400, 'invalid_count');
  const clientGroupId = `pc-${visitor}`;
  const group =
    store.groupByClientId(clientGroupId) ??
    store.createGroup({ name: 'Chat', clientGroupId, members: [visitor], adminId: visitor, assignee: null });
  if (!group) return fail(409, 'group_exists');
  const byVisitor = fields?.from !== 'agent';
  const start = Number.isInteger(fields?.start) ? Number(fields?.start) : 1;
  const prefix = typeof fields?.prefix === 'string' ? fields.prefix : 'Message';
  const from = byVisitor ? visitor : agentOf(fields);
  const ids = [];
  for (let i = 0; i < count; i++) {
    const message = `${prefix} ${start + i}`;
    ids.push(store.addMessage(group, { from, byVisitor, contentType: 0, message }).message.createdAtTime);
  }
  return ok({ count, firstId: ids[0], lastId: ids[ids.length - 1], groupId: group.id });
}

/**
 * The agent's userId: the console's agent name when it is a valid one.
 * @param {Record<string, unknown> | null} fields
 */
function agentOf(fields) {
  const name = String(fields?.agentName ?? '').trim();
  return USER_ID.test(name) ? name : DEFAULT_AGENT;
}

/**
 * The bytes of an uploaded image, for the console's `<img>`.
 * @param {KommunicateStore} store
 * @param {string} blobKey
 * @param {Answer} answer
 */
function file(store, blobKey, { fail }) {
  const found = store.file(blobKey);
  if (!found) return fail(404, 'not_found');
  return { status: 200, headers: { 'Content-Type': found.meta.contentType }, body: found.bytes };
}

/**
 * A message as the console shows results: typeId 1 visitor, 2 agent, 3 info (notify), 4 hidden.
 * @param {KMessage} m
 */
function result(m) {
  const hidden = m.contentType === 11 || m.metadata.category === 'HIDDEN' || m.metadata.hide === 'true';
  const typeId = m.byVisitor ? 1 : hidden ? 4 : m.contentType === 10 ? 3 : 2;
  return {
    id: m.createdAtTime,
    time: Math.floor(m.createdAtTime / 1000),
    message: m.message === '' && m.fileMeta ? null : m.message,
    image: m.fileMeta ? `kommunicate/files/${m.fileMeta.blobKey}` : null,
    typeId,
    contentType: m.contentType,
    agent: typeId === 2 ? { id: m.from, name: m.from, avatar: null } : null,
  };
}

/**
 * One line of the console's conversation list, in the shape of a Parley one (agent-actions.js) plus `backend`,
 * `groupId` and `status`.
 * @param {Group} group
 */
function summary(group) {
  const visible = group.messages.filter((m) => result(m).typeId <= 3);
  const last = visible[visible.length - 1];
  const visitor = group.adminId || (group.membersId[0] ?? null);
  const lastExchange = group.messages.filter((m) => [1, 2].includes(result(m).typeId)).pop();
  return {
    id: `kommunicate:${group.id}`,
    backend: 'kommunicate',
    groupId: group.id,
    status: group.status,
    visitor,
    lastMessage: last ? (last.fileMeta && last.message === '' ? '[image]' : last.message) : null,
    lastMessageTime: last ? Math.floor(last.createdAtTime / 1000) : null,
    lastMessageId: group.messages[group.messages.length - 1]?.createdAtTime ?? null,
    lastActivity: group.lastActivity,
    messageCount: group.messages.length,
    visitorTyping: false,
    agentTyping: false,
    unanswered: lastExchange?.byVisitor === true,
    agent: group.assignee ? { id: group.assignee, name: group.assignee, avatar: null } : null,
    stickyMessage: null,
    registered: true,
    referer: null,
    userAdditionalInformation: null,
  };
}
