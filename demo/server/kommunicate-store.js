// @ts-check
// The Kommunicate fake's state, in memory: users, groups (conversations), their messages and uploaded files.
// Group ids come from a counter that keeps counting across `reset()`, so an id a proxy remembers is never reused.
// Message times are strictly increasing across all groups: two messages never share a millisecond, so paging by
// time (`endTime`, `startTime`) never skips or repeats one, and a message key (`5-<userKey>-<ms>`) is unique.

import { randomBytes, randomUUID } from 'node:crypto';

/** @typedef {{ userId: string, userName: string, userKey: string, roleType: number }} User */
/**
 * @typedef {object} KMessage
 * @property {string} key the server's message key, `5-<userKey>-<ms>`
 * @property {string | null} clientKey the `key` the sender gave (idempotency), never listed
 * @property {number} groupId
 * @property {number} createdAtTime epoch ms
 * @property {string} from the sender's userId
 * @property {boolean} byVisitor sent through the visitor route `message/send`
 * @property {number} contentType 0 text, 1 attachment, 3 HTML, 10 notify, 11 hidden
 * @property {string} message
 * @property {Record<string, unknown>} metadata
 * @property {FileMeta | undefined} fileMeta
 */
/**
 * @typedef {{ blobKey: string, thumbnailBlobKey: string, name: string, url: string, thumbnailUrl: string,
 *   size: number, contentType: string, createdAtTime: number, key: string, userKey: string }} FileMeta
 */
/**
 * @typedef {{ meta: FileMeta, bytes: Buffer, uploader: string, groupId: number | null }} StoredFile
 *   groupId: the group of the first message that sent it; until then only its uploader may see it
 */
/**
 * @typedef {object} Group
 * @property {number} id
 * @property {string} clientGroupId
 * @property {string} name
 * @property {string} adminId
 * @property {string[]} membersId
 * @property {number} status CONVERSATION_STATUS: 0 open, 2 closed, 3 spam
 * @property {string | null} assignee CONVERSATION_ASSIGNEE
 * @property {number} createdAtTime
 * @property {KMessage[]} messages ascending by createdAtTime
 * @property {Map<string, KMessage>} byClientKey
 * @property {number} lastActivity epoch ms of the last message (the console's order)
 */

/** roleType of a visitor (Applozic USER) and of an agent (APPLICATION_ADMIN); 1 would be a bot. */
export const ROLE_USER = 3;
export const ROLE_AGENT = 2;
const FIRST_GROUP_ID = 100_001;
/** What the notify message of a status change says, and its `KM_STATUS` (WEB km-conversation-helper.js). */
const STATUS_NOTICES = /** @type {Record<number, [string, string]>} */ ({
  0: ['Open', 'Conversation reopened'],
  2: ['closed', 'Conversation closed'],
  3: ['spam', 'Conversation marked as spam'],
});

/**
 * @param {{ now?: () => number }} [options]
 */
export function createKommunicateStore(options = {}) {
  const now = options.now ?? Date.now;
  let nextGroupId = FIRST_GROUP_ID;
  let lastTime = 0;
  /** @type {Map<string, User>} */
  const users = new Map();
  /** @type {Map<number, Group>} */
  const groups = new Map();
  /** @type {Map<string, StoredFile>} by blobKey and by thumbnailBlobKey */
  const files = new Map();

  /** A time after every earlier one. */
  const nextTime = () => (lastTime = Math.max(now(), lastTime + 1));

  /**
   * The user, created on first use (as `groupMemberList` "creates missing users").
   * @param {string} userId
   * @param {number} [roleType] an agent stays an agent once seen as one
   */
  function user(userId, roleType = ROLE_USER) {
    let found = users.get(userId);
    if (!found) {
      found = { userId, userName: userId, userKey: randomBytes(12).toString('hex'), roleType };
      users.set(userId, found);
    }
    if (roleType === ROLE_AGENT) found.roleType = ROLE_AGENT;
    return found;
  }

  /**
   * @param {Group} group
   * @param {string} userId
   */
  function join(group, userId) {
    if (!group.membersId.includes(userId)) group.membersId.push(userId);
  }

  return {
    user,
    /** @param {string} userId */
    findUser: (userId) => users.get(userId),
    /**
     * @param {{ name: string, clientGroupId: string | null, members: string[], adminId: string,
     *   assignee: string | null }} fields
     * @returns {Group | null} null when the clientGroupId is taken
     */
    createGroup({ name, clientGroupId, members, adminId, assignee }) {
      const id = nextGroupId++;
      const clientId = clientGroupId ?? String(id);
      if ([...groups.values()].some((g) => g.clientGroupId === clientId)) return null;
      for (const member of members) user(member);
      if (assignee) user(assignee, ROLE_AGENT);
      /** @type {Group} */
      const group = {
        id,
        clientGroupId: clientId,
        name,
        adminId,
        membersId: [...new Set([...members, adminId, ...(assignee ? [assignee] : [])])],
        status: 0,
        assignee,
        createdAtTime: now(),
        messages: [],
        byClientKey: new Map(),
        lastActivity: now(),
      };
      groups.set(id, group);
      return group;
    },
    /** @param {number} id */
    group: (id) => groups.get(id),
    /** @param {string} clientGroupId */
    groupByClientId: (clientGroupId) => [...groups.values()].find((g) => g.clientGroupId === clientGroupId),
    groups: () => [...groups.values()],
    /**
     * Adds a message; with a client key already used in this group, the message stored then, unchanged.
     * The sender joins the group (an agent answering becomes a member).
     * @param {Group} group
     * @param {{ from: string, byVisitor: boolean, contentType: number, message: string,
     *   metadata?: Record<string, unknown>, fileMeta?: FileMeta, clientKey?: string | null }} fields
     * @returns {{ message: KMessage, added: boolean }}
     */
    addMessage(group, fields) {
      const clientKey = fields.clientKey ?? null;
      const earlier = clientKey === null ? undefined : group.byClientKey.get(clientKey);
      if (earlier) return { message: earlier, added: false };
      const sender = user(fields.from, fields.byVisitor ? ROLE_USER : ROLE_AGENT);
      join(group, sender.userId);
      const createdAtTime = nextTime();
      /** @type {KMessage} */
      const message = {
        key: `5-${sender.userKey}-${createdAtTime}`,
        clientKey,
        groupId: group.id,
        createdAtTime,
        from: sender.userId,
        byVisitor: fields.byVisitor,
        contentType: fields.contentType,
        message: fields.message,
        metadata: fields.metadata ?? {},
        fileMeta: fields.fileMeta,
      };
      group.messages.push(message);
      if (clientKey !== null) group.byClientKey.set(clientKey, message);
      const file = fields.fileMeta ? files.get(fields.fileMeta.blobKey) : undefined;
      if (file && file.groupId === null) file.groupId = group.id;
      group.lastActivity = now();
      return { message, added: true };
    },
    /**
     * Changes CONVERSATION_STATUS; with `notify`, a notify message (contentType 10) with `metadata.KM_STATUS`
     * tells the visitor, as `sendNotifyMessage` does (default true, seed).
     * @param {Group} group
     * @param {number} status 0 open, 2 closed, 3 spam
     * @param {string} by the agent's userId
     * @param {boolean} notify
     * @returns {'updated' | 'already updated'}
     */
    changeStatus(group, status, by, notify) {
      if (group.status === status) return 'already updated';
      group.status = status;
      const [kmStatus, text] = STATUS_NOTICES[status] ?? [String(status), `Conversation status ${status}`];
      if (notify)
        this.addMessage(group, {
          from: by,
          byVisitor: false,
          contentType: 10,
          message: text,
          metadata: { KM_STATUS: kmStatus },
        });
      return 'updated';
    },
    /**
     * @param {Group} group
     * @param {string} assignee
     */
    assign(group, assignee) {
      user(assignee, ROLE_AGENT);
      join(group, assignee);
      group.assignee = assignee;
    },
    /**
     * Keeps an uploaded file (private: its URLs are blank, `GET /rest/ws/file/url` signs one).
     * @param {{ bytes: Buffer, contentType: string, name: string, uploader: string }} fields
     * @returns {FileMeta}
     */
    addFile({ bytes, contentType, name, uploader }) {
      const blobKey = randomUUID();
      /** @type {FileMeta} */
      const meta = {
        blobKey,
        thumbnailBlobKey: `${blobKey}-thumbnail`,
        name,
        url: '',
        thumbnailUrl: '',
        size: bytes.length,
        contentType,
        createdAtTime: nextTime(),
        key: randomUUID(),
        userKey: user(uploader).userKey,
      };
      const file = { meta, bytes, uploader, groupId: null };
      files.set(meta.blobKey, file);
      files.set(meta.thumbnailBlobKey, file); // no thumbnail is made: it is the image itself
      return meta;
    },
    /** @param {string} blobKey a blobKey or a thumbnailBlobKey */
    file: (blobKey) => files.get(blobKey),
    reset() {
      users.clear();
      groups.clear();
      files.clear();
    },
  };
}

/** @typedef {ReturnType<typeof createKommunicateStore>} KommunicateStore */

/**
 * A group's `metadata` as the API shows it; CONVERSATION_ASSIGNEE only once someone is assigned.
 * @param {Group} group
 */
export function groupMetadata(group) {
  /** @type {Record<string, string | number>} */
  const metadata = { CONVERSATION_STATUS: group.status };
  if (group.assignee) metadata.CONVERSATION_ASSIGNEE = group.assignee;
  return metadata;
}
