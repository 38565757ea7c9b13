// @ts-check
// Messages in the store (store.js): text, or an image stored with a message pointing to it.

import { randomBytes } from 'node:crypto';

/** @typedef {import('./store.js').State} State */
/** @typedef {import('./store.js').Conversation} Conversation */
/** @typedef {import('./store.js').Message} Message */
/** @typedef {import('./store.js').Agent} Agent */

/**
 * Messages and the images they point to.
 * @param {State} state
 */
export function messageMethods(state) {
  return {
    /**
     * Adds a text message (visitor, agent, info or hidden).
     * @param {Conversation} conv
     * @param {{ message: string, typeId: number, agent?: Agent | null }} fields
     */
    addText: (conv, fields) => append(state, conv, fields),
    /**
     * Stores the image and adds a message pointing to it. The path is relative to the API base, so
     * `GET /parley/<path>` (visitor, with its device id) and `GET /webcare/<path>` (agent console) serve it.
     * @param {Conversation} conv
     * @param {{ bytes: Buffer, contentType: string, extension: string, typeId: number, agent?: Agent | null }} fields
     */
    addImage(conv, fields) {
      const id = state.nextId++;
      const path = `media/${id}/${randomBytes(8).toString('hex')}.${fields.extension}`;
      const { bytes, contentType } = fields;
      state.media.set(path, { bytes, contentType, deviceId: conv.deviceId, messageId: id });
      return append(state, conv, { id, image: path, typeId: fields.typeId, agent: fields.agent });
    },
    /** @param {string} path e.g. `media/12/0a1b2c3d4e5f6071.png` */
    media: (path) => state.media.get(path),
  };
}

/**
 * @typedef {{ message?: string | null, image?: string | null, typeId: number, agent?: Agent | null,
 *   id?: number }} MessageFields
 */

/**
 * @param {State} state
 * @param {Conversation} conv
 * @param {MessageFields} fields
 * @returns {Message}
 */
function append(state, conv, fields) {
  const id = fields.id ?? state.nextId++;
  /** @type {Message} */
  const message = {
    id,
    time: Math.floor(state.now() / 1000),
    message: fields.message ?? null,
    image: fields.image ?? null,
    typeId: fields.typeId,
    agent: fields.agent ? { ...fields.agent } : null,
  };
  conv.messages.push(message);
  state.owners.set(id, conv);
  conv.lastActivity = state.now();
  conv.activity = ++state.activity;
  if (fields.typeId === 1) conv.visitorTypingUntil = 0;
  if (fields.typeId === 2) conv.agentTypingUntil = 0;
  return message;
}
