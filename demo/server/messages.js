// @ts-check
// Messages in the store (store.js): text, an image stored with a message pointing to it, a rich agent message
// (title, buttons, carousel, quick replies, a file: validated in rich.js), and the files agents attach.

import { randomBytes } from 'node:crypto';

/** @typedef {import('./store.js').State} State */
/** @typedef {import('./store.js').Conversation} Conversation */
/** @typedef {import('./store.js').Message} Message */
/** @typedef {import('./store.js').Agent} Agent */
/** @typedef {import('./store.js').MediaObject} MediaObject */
/** @typedef {import('./rich.js').RichFields} RichFields */

/** Parley's media ids start with `img/<account id>/`; clients drop those two segments to build the URL. */
const MEDIA_ID_PREFIX = 'img/1/';

/**
 * Messages and the images and files they point to.
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
     * Adds an agent message with the rich fields (rich.js has validated them).
     * @param {Conversation} conv
     * @param {RichFields & { typeId: number, agent: Agent | null }} fields
     */
    addRich: (conv, fields) => append(state, conv, fields),
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
      state.media.set(path, { bytes, contentType, deviceId: conv.deviceId, messageId: id, object: null });
      return append(state, conv, { id, image: path, typeId: fields.typeId, agent: fields.agent });
    },
    /**
     * Stores a file an agent attaches (before the message that carries it) and answers Parley's media object.
     * It is served at `media/{year}/{month}/{day}/{filename}` below the API base, as clients derive it.
     * @param {Conversation} conv
     * @param {{ bytes: Buffer, contentType: string, extension: string, description: string | null }} file
     * @returns {MediaObject}
     */
    addFile(conv, { bytes, contentType, extension, description }) {
      const date = new Date(state.now());
      const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()].map(String);
      const filename = `${randomBytes(20).toString('hex')}.${extension}`;
      const path = `${year}/${month}/${day}/${filename}`;
      /** @type {MediaObject} */
      const object = {
        id: `${MEDIA_ID_PREFIX}${path}`,
        mimeType: contentType,
        year,
        month,
        day,
        filename,
        description,
      };
      state.media.set(`media/${path}`, { bytes, contentType, deviceId: conv.deviceId, messageId: null, object });
      return { ...object };
    },
    /**
     * The media object of a file the conversation's agent attached, by its id; undefined for any other id.
     * @param {Conversation} conv
     * @param {string} id e.g. `img/1/2025/6/6/<40 hex>.pdf`
     */
    mediaObject(conv, id) {
      if (!id.startsWith(MEDIA_ID_PREFIX)) return undefined;
      const found = state.media.get(`media/${id.slice(MEDIA_ID_PREFIX.length)}`);
      return found?.object && found.deviceId === conv.deviceId ? { ...found.object } : undefined;
    },
    /** @param {string} path e.g. `media/12/0a1b2c3d4e5f6071.png` or `media/2025/6/6/<40 hex>.pdf` */
    media: (path) => state.media.get(path),
  };
}

/**
 * @typedef {{ message?: string | null, image?: string | null, typeId: number, agent?: Agent | null,
 *   id?: number } & Partial<RichFields>} MessageFields
 */

/** typeId 1 (a message) and 4 (a silent system message) come from the visitor. */
export const fromVisitor = (/** @type {number} */ typeId) => typeId === 1 || typeId === 4;

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
    // The visitor's own messages keep the older shape; the others carry Parley's rich fields, empty by default.
    ...(fromVisitor(fields.typeId) ? {} : richOf(fields)),
    status: 2,
  };
  conv.messages.push(message);
  state.owners.set(id, conv);
  conv.lastActivity = state.now();
  conv.activity = ++state.activity;
  if (fields.typeId === 1) conv.visitorTypingUntil = 0;
  if (fields.typeId === 2) conv.agentTypingUntil = 0;
  return message;
}

/**
 * @param {Partial<RichFields>} fields
 * @returns {Omit<RichFields, 'message'>}
 */
const richOf = (fields) => ({
  title: fields.title ?? null,
  media: fields.media ?? null,
  buttons: fields.buttons ?? [],
  carousel: fields.carousel ?? [],
  quickReplies: fields.quickReplies ?? [],
});
