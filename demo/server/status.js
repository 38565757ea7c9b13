// @ts-check
// The status of messages in the store (store.js): 2 sent, 3 received, 4 seen. The visitor marks the agent's messages
// and info lines seen (`PUT /messages/status/4`); the agent console's loading marks the visitor's messages received,
// its showing them marks them seen.

import { fromVisitor } from './messages.js';

/** @typedef {import('./store.js').Conversation} Conversation */
/** @typedef {import('./store.js').Message} Message */

export const RECEIVED = 3;
export const SEEN = 4;

/** What the visitor sees and marks: agent messages (typeId 2) and info lines (3); hidden ones never show. */
const forVisitor = (/** @type {Message} */ m) => m.typeId === 2 || m.typeId === 3;

export function statusMethods() {
  return {
    /**
     * Marks those of `ids` that are the conversation's agent messages or info lines seen; other ids are ignored.
     * @param {Conversation} conv
     * @param {number[]} ids
     * @returns {number[]} the ids marked (seen before or now), in the conversation's order
     */
    markSeenByVisitor(conv, ids) {
      const wanted = new Set(ids);
      const marked = conv.messages.filter((m) => wanted.has(m.id) && forVisitor(m));
      for (const m of marked) m.status = SEEN;
      return marked.map((m) => m.id);
    },
    /**
     * The ids of the agent messages and info lines the visitor has not seen, oldest first.
     * @param {Conversation} conv
     */
    unseenByVisitor: (conv) => conv.messages.filter((m) => forVisitor(m) && m.status < SEEN).map((m) => m.id),
    /**
     * The agent console loaded the conversation: the visitor's messages are received.
     * @param {Conversation} conv
     */
    markReceivedByAgent(conv) {
      for (const m of conv.messages) if (fromVisitor(m.typeId) && m.status < RECEIVED) m.status = RECEIVED;
    },
    /**
     * The agent console showed the conversation: the visitor's messages are seen.
     * @param {Conversation} conv
     * @returns {number[]} the ids marked now
     */
    markSeenByAgent(conv) {
      const marked = conv.messages.filter((m) => fromVisitor(m.typeId) && m.status < SEEN);
      for (const m of marked) m.status = SEEN;
      return marked.map((m) => m.id);
    },
  };
}
