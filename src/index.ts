// The ESM entry: no side effects. `defineParleyChat()` registers the element; the session and transports
// are usable without any UI.
export { defineParleyChat } from './element/define';
export { ParleyChatElement, type ParleyChatEventMap } from './element/ParleyChatElement';
export {
  createChatSession,
  CACHE_LIMIT,
  type ChatSession,
  type ChatSessionOptions,
  type ChatEvents,
  type ConnectionState,
  type LoadState,
} from './chat/session';
export { MessageRejectedError, MAX_TEXT_LENGTH, type RejectionReason } from './chat/errors';
export { ImageRejectedError, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, type ImageRejection } from './chat/image';
export { nextPollDelay, type PollConditions } from './chat/poll-policy';
export { memoryStore, type KeyValueStore } from './chat/storage';
export { createParleyTransport, type ParleyTransport, type ParleyTransportOptions } from './transport/parley';
export * from './transport/types';
