// @ts-check
// Typing in the store (store.js): a typing event lasts `typingTimeoutMs` unless stopped; a message stops it.

/** @typedef {import('./store.js').State} State */
/** @typedef {import('./store.js').Conversation} Conversation */

/** @param {State} state */
export function typingMethods(state) {
  const { now } = state;
  return {
    /**
     * @param {Conversation} conv
     * @param {boolean} on
     */
    setVisitorTyping(conv, on) {
      conv.visitorTypingUntil = on ? now() + state.typingTimeoutMs : 0;
      if (on) {
        conv.lastActivity = now();
        conv.activity = ++state.activity;
      }
    },
    /**
     * @param {Conversation} conv
     * @param {boolean} on
     */
    setAgentTyping(conv, on) {
      conv.agentTypingUntil = on ? now() + state.typingTimeoutMs : 0;
    },
    /** @param {Conversation} conv */
    isVisitorTyping: (conv) => now() < conv.visitorTypingUntil,
    /** @param {Conversation} conv */
    isAgentTyping: (conv) => now() < conv.agentTypingUntil,
  };
}
