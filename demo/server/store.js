// @ts-check
// All conversation state of the dev server, in memory: devices, conversations, messages, images and files. Messages,
// images and files are added in messages.js, typing is in typing.js, the seen status in status.js, paging in
// paging.js.
// Message ids come from one counter shared by every conversation (as a database sequence would) and
// keep increasing across `reset()`, so a browser that cached an old conversation never sees an id reused.

import { messageMethods } from './messages.js';
import { statusMethods } from './status.js';
import { typingMethods } from './typing.js';
import { readUserInfo } from './user-info.js';

/** @typedef {{ id: number, name: string, avatar: string | null }} Agent */
/**
 * Parley's media object: a file an agent attached. `year`, `month`, `day` are strings, as Parley sends them.
 * @typedef {{ id: string, mimeType: string, year: string, month: string, day: string, filename: string,
 *   description: string | null }} MediaObject
 */
/**
 * @typedef {{ id: number, time: number, message: string | null, image: string | null, typeId: number,
 *   agent: Agent | null, status: number } & Partial<Omit<import('./rich.js').RichFields, 'message'>>} Message
 *   typeId: 1 visitor, 2 agent, 3 info, 4 and 5 hidden system messages. `time` is in epoch seconds. status: 2 sent,
 *   3 received, 4 seen. The rich fields (title, media, buttons, carousel, quickReplies) are on every message not from
 *   the visitor (messages.js).
 */
/**
 * @typedef {{ deviceId: string, type: unknown, referer: string | null, pushEnabled: unknown,
 *   userAdditionalInformation: Record<string, string> | null, registeredAt: number }} Device
 *   userAdditionalInformation: as the last registration gave it (user-info.js), untrusted
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
/**
 * @typedef {{ bytes: Buffer, contentType: string, deviceId: string, messageId: number | null,
 *   object: MediaObject | null }} Media
 *   messageId: the image's message (null for a file, stored before its message); object: a file's media object
 */

/**
 * What the parts of the store share.
 * @typedef {object} State
 * @property {() => number} now
 * @property {number} typingTimeoutMs
 * @property {number} nextId the next message id
 * @property {number} activity the last activity's sequence number (see `Conversation.activity`)
 * @property {Map<string, Device>} devices
 * @property {Map<string, Conversation>} conversations
 * @property {Map<number, Conversation>} owners message id → its conversation
 * @property {Map<string, Media>} media image or file path (relative to the API base) → bytes
 */

/**
 * @param {{ now?: () => number, typingTimeoutMs?: number }} [options]
 */
export function createStore(options = {}) {
  /** @type {State} */
  const state = {
    now: options.now ?? Date.now,
    typingTimeoutMs: options.typingTimeoutMs ?? 30_000,
    nextId: 1,
    activity: 0,
    devices: new Map(),
    conversations: new Map(),
    owners: new Map(),
    media: new Map(),
  };
  return {
    ...deviceMethods(state),
    ...messageMethods(state),
    ...typingMethods(state),
    ...statusMethods(),
    /** Forgets devices, conversations, images and files; the id counter keeps counting (see the top of this file). */
    reset() {
      state.devices.clear();
      state.conversations.clear();
      state.owners.clear();
      state.media.clear();
    },
  };
}

/** @typedef {ReturnType<typeof createStore>} Store */

/**
 * Devices and their conversations.
 * @param {State} state
 */
function deviceMethods(state) {
  const { devices, conversations, owners } = state;
  return {
    /** @param {string} deviceId */
    isRegistered: (deviceId) => devices.has(deviceId),
    /** @param {string} deviceId */
    device: (deviceId) => devices.get(deviceId),
    /**
     * Registers (or updates) a device. Idempotent; the last registration's user information wins.
     * @param {string} deviceId
     * @param {Record<string, unknown>} info the body of `POST /devices`
     * @returns {{ malformedUserInfo: boolean }} the user information was not readable (and is dropped)
     */
    register(deviceId, info) {
      const userInfo = readUserInfo(info.userAdditionalInformation);
      devices.set(deviceId, {
        deviceId,
        type: info.type ?? null,
        referer: typeof info.referer === 'string' ? info.referer : null,
        pushEnabled: info.pushEnabled ?? null,
        userAdditionalInformation: userInfo.info,
        registeredAt: devices.get(deviceId)?.registeredAt ?? state.now(),
      });
      conversation(state, deviceId);
      return { malformedUserInfo: userInfo.malformed };
    },
    /**
     * Forgets a registration, as Parley does when it loses a device: its requests get `device_not_registered`
     * until it registers again. The conversation stays.
     * @param {string} deviceId
     */
    forget(deviceId) {
      devices.delete(deviceId);
    },
    /**
     * The device's conversation, created when missing.
     * @param {string} deviceId
     */
    conversation: (deviceId) => conversation(state, deviceId),
    /** @param {string} deviceId */
    findConversation: (deviceId) => conversations.get(deviceId),
    /** @param {number} messageId */
    conversationOf: (messageId) => owners.get(messageId),
    conversations: () => [...conversations.values()],
  };
}

/**
 * @param {State} state
 * @param {string} deviceId
 * @returns {Conversation}
 */
function conversation(state, deviceId) {
  let conv = state.conversations.get(deviceId);
  if (!conv) {
    conv = {
      deviceId,
      messages: [],
      agent: null,
      agentTypingUntil: 0,
      visitorTypingUntil: 0,
      stickyMessage: null,
      lastActivity: state.now(),
      activity: ++state.activity,
    };
    state.conversations.set(deviceId, conv);
  }
  return conv;
}
