// @ts-check
// All conversation state of the dev server, in memory: devices, conversations, messages and images.
// Message ids come from one counter shared by every conversation (as a database sequence would) and
// keep increasing across `reset()`, so a browser that cached an old conversation never sees an id reused.

import { randomBytes } from 'node:crypto';

/** @typedef {{ id: number, name: string, avatar: string | null }} Agent */
/**
 * @typedef {{ id: number, time: number, message: string | null, image: string | null, typeId: number,
 *   agent: Agent | null }} Message
 *   typeId: 1 visitor, 2 agent, 3 info, 4 and 5 hidden system messages. `time` is in epoch seconds.
 */
/**
 * @typedef {{ deviceId: string, type: unknown, referer: string | null, pushEnabled: unknown,
 *   userAdditionalInformation: unknown, registeredAt: number }} Device
 */
/**
 * @typedef {object} Conversation
 * @property {string} deviceId
 * @property {Message[]} messages ascending by id (ids only ever grow, so appending keeps the order)
 * @property {Agent | null} agent the assigned agent, set by the first agent reply or event
 * @property {number} agentTypingUntil epoch ms; typing is on while now < this
 * @property {number} visitorTypingUntil epoch ms
 * @property {string | null} stickyMessage
 * @property {number} lastActivity epoch ms of the last message or visitor typing event
 * @property {number} activity a sequence number of that activity: orders conversations when ms are equal
 */
/** @typedef {{ bytes: Buffer, contentType: string, deviceId: string, messageId: number }} Media */

/**
 * @param {{ now?: () => number, typingTimeoutMs?: number }} [options]
 */
export function createStore(options = {}) {
  const now = options.now ?? Date.now;
  const typingTimeoutMs = options.typingTimeoutMs ?? 30_000;
  let nextId = 1;
  let activity = 0;
  /** @type {Map<string, Device>} */
  const devices = new Map();
  /** @type {Map<string, Conversation>} */
  const conversations = new Map();
  /** @type {Map<number, Conversation>} message id → its conversation */
  const owners = new Map();
  /** @type {Map<string, Media>} image path (relative to the API base) → bytes */
  const media = new Map();

  /** @param {string} deviceId */
  function conversation(deviceId) {
    let conv = conversations.get(deviceId);
    if (!conv) {
      conv = {
        deviceId,
        messages: [],
        agent: null,
        agentTypingUntil: 0,
        visitorTypingUntil: 0,
        stickyMessage: null,
        lastActivity: now(),
        activity: ++activity,
      };
      conversations.set(deviceId, conv);
    }
    return conv;
  }

  /**
   * @param {Conversation} conv
   * @param {{ message?: string | null, image?: string | null, typeId: number, agent?: Agent | null, id?: number }} fields
   * @returns {Message}
   */
  function append(conv, fields) {
    const id = fields.id ?? nextId++;
    /** @type {Message} */
    const message = {
      id,
      time: Math.floor(now() / 1000),
      message: fields.message ?? null,
      image: fields.image ?? null,
      typeId: fields.typeId,
      agent: fields.agent ? { ...fields.agent } : null,
    };
    conv.messages.push(message);
    owners.set(id, conv);
    conv.lastActivity = now();
    conv.activity = ++activity;
    if (fields.typeId === 1) conv.visitorTypingUntil = 0;
    if (fields.typeId === 2) conv.agentTypingUntil = 0;
    return message;
  }

  return {
    /** @param {string} deviceId */
    isRegistered: (deviceId) => devices.has(deviceId),
    /** @param {string} deviceId */
    device: (deviceId) => devices.get(deviceId),
    /**
     * Registers (or updates) a device. Idempotent.
     * @param {string} deviceId
     * @param {Record<string, unknown>} info the body of `POST /devices`
     */
    register(deviceId, info) {
      devices.set(deviceId, {
        deviceId,
        type: info.type ?? null,
        referer: typeof info.referer === 'string' ? info.referer : null,
        pushEnabled: info.pushEnabled ?? null,
        userAdditionalInformation: info.userAdditionalInformation ?? null,
        registeredAt: devices.get(deviceId)?.registeredAt ?? now(),
      });
      conversation(deviceId);
    },
    /**
     * Forgets a registration, as Parley does when it loses a device: its requests get `device_not_registered`
     * until it registers again. The conversation stays.
     * @param {string} deviceId
     */
    forget(deviceId) {
      devices.delete(deviceId);
    },
    /** The device's conversation, created when missing. */
    conversation,
    /** @param {string} deviceId */
    findConversation: (deviceId) => conversations.get(deviceId),
    /** @param {number} messageId */
    conversationOf: (messageId) => owners.get(messageId),
    conversations: () => [...conversations.values()],

    /**
     * Adds a text message (visitor, agent, info or hidden).
     * @param {Conversation} conv
     * @param {{ message: string, typeId: number, agent?: Agent | null }} fields
     */
    addText: (conv, fields) => append(conv, fields),

    /**
     * Stores the image and adds a message pointing to it. The path is relative to the API base, so
     * `GET /parley/<path>` (visitor, with its device id) and `GET /webcare/<path>` (agent console) serve it.
     * @param {Conversation} conv
     * @param {{ bytes: Buffer, contentType: string, extension: string, typeId: number, agent?: Agent | null }} fields
     */
    addImage(conv, fields) {
      const id = nextId++;
      const path = `media/${id}/${randomBytes(8).toString('hex')}.${fields.extension}`;
      media.set(path, { bytes: fields.bytes, contentType: fields.contentType, deviceId: conv.deviceId, messageId: id });
      return append(conv, { id, image: path, typeId: fields.typeId, agent: fields.agent });
    },
    /** @param {string} path e.g. `media/12/0a1b2c3d4e5f6071.png` */
    media: (path) => media.get(path),

    /**
     * @param {Conversation} conv
     * @param {boolean} on
     */
    setVisitorTyping(conv, on) {
      conv.visitorTypingUntil = on ? now() + typingTimeoutMs : 0;
      if (on) {
        conv.lastActivity = now();
        conv.activity = ++activity;
      }
    },
    /**
     * @param {Conversation} conv
     * @param {boolean} on
     */
    setAgentTyping(conv, on) {
      conv.agentTypingUntil = on ? now() + typingTimeoutMs : 0;
    },
    /** @param {Conversation} conv */
    isVisitorTyping: (conv) => now() < conv.visitorTypingUntil,
    /** @param {Conversation} conv */
    isAgentTyping: (conv) => now() < conv.agentTypingUntil,

    /** Visitor messages (typeId 1) counted by text, across all conversations. */
    messagesByText() {
      /** @type {Record<string, number>} */
      const counts = {};
      for (const conv of conversations.values()) {
        for (const m of conv.messages) {
          if (m.typeId === 1 && m.message !== null) counts[m.message] = (counts[m.message] ?? 0) + 1;
        }
      }
      return counts;
    },

    /** Forgets devices, conversations and images; the id counter keeps counting (see the top of this file). */
    reset() {
      devices.clear();
      conversations.clear();
      owners.clear();
      media.clear();
    },
  };
}

/** @typedef {ReturnType<typeof createStore>} Store */

// Paging. Every page is returned newest first, like Parley does.

export const PAGE_SIZE = 50;

/**
 * The latest messages, messages older than an id, or the oldest of those newer than an id.
 * `after` returns the *oldest* PAGE_SIZE newer messages, so a client polling `after:<newest>` catches up in steps.
 * @param {Conversation} conv
 * @param {{ before?: number, after?: number }} cursor
 * @returns {Message[]} newest first
 */
export function page(conv, cursor) {
  const all = conv.messages;
  if (cursor.after !== undefined) {
    const after = cursor.after;
    return all.filter((m) => m.id > after).slice(0, PAGE_SIZE).reverse();
  }
  const before = cursor.before;
  const older = before === undefined ? all : all.filter((m) => m.id < before);
  return older.slice(-PAGE_SIZE).reverse();
}
