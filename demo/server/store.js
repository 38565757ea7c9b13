// @ts-check
// All conversation state of the dev server, in memory: devices, conversations, messages and images. Messages and
// images are added in messages.js, typing is in typing.js, paging in paging.js.
// Message ids come from one counter shared by every conversation (as a database sequence would) and
// keep increasing across `reset()`, so a browser that cached an old conversation never sees an id reused.

import { messageMethods } from './messages.js';
import { typingMethods } from './typing.js';

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
 * What the parts of the store share.
 * @typedef {object} State
 * @property {() => number} now
 * @property {number} typingTimeoutMs
 * @property {number} nextId the next message id
 * @property {number} activity the last activity's sequence number (see `Conversation.activity`)
 * @property {Map<string, Device>} devices
 * @property {Map<string, Conversation>} conversations
 * @property {Map<number, Conversation>} owners message id → its conversation
 * @property {Map<string, Media>} media image path (relative to the API base) → bytes
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
    /** Forgets devices, conversations and images; the id counter keeps counting (see the top of this file). */
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
        registeredAt: devices.get(deviceId)?.registeredAt ?? state.now(),
      });
      conversation(state, deviceId);
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
