import { isTransportError, type Message, type Transport } from '../transport/types';
import type { Cache } from './cache';
import { capabilitiesOf } from './capabilities';
import { connectionFields, context } from './connection';
import type { Emitter } from './emitter';
import { cancelError, errorData } from './errors';
import { inboxFields } from './inbox';
import { pagesFields } from './pages';
import { queueFields } from './queue';
import { createScope } from './scope';
import { seenFields, type SeenNeeds } from './seen';
import { claimCopies, senderFields, type SenderNeeds } from './sender';
import type { ChatEvents, State } from './state';
import type { TabMessage } from './sync';
import { createTypingNotifier, type TypingNotifier } from './typing';
import { createWaiters, type Waiters } from './waiters';

/** What lives as long as the session: every conversation of it uses these. */
export interface SessionParts {
  state: State;
  cache: Cache;
  events: Emitter<ChatEvents>;
  transport(): Transport;
  /** The host gave a signed-in visitor's credentials (see ChatSessionOptions). */
  signedIn(): boolean;
  /** Tells the other tabs. */
  post(message: TabMessage): void;
  /** Some tab shows the chat open. */
  anyOpen(): boolean;
  /** Some tab shows the chat open and visible. */
  active(): boolean;
  /** Some tab is visible, or has the chat open. */
  watched(): boolean;
}

/**
 * One conversation of a session: everything that `reset()` forgets. The modules connection.ts, inbox.ts,
 * pages.ts, queue.ts, sender.ts and seen.ts are functions of it, each owning the fields it declares; they are created
 * together and end together with the conversation's scope, so a reset is a new conversation, not fields set back.
 */
export interface Conversation extends SessionParts, SenderNeeds, SeenNeeds {
  /**
   * This tab's new messages shown before the outbox being sent has them (an image still being scaled down, a
   * follower's message on its way to the leader), by local id. A message leaves when the outbox has it or it ends.
   */
  own: Map<string, Message>;
  waiters: Waiters;
  typist: TypingNotifier;
  /** A message reached its end for now: its callers are told, and with `tell` the other tabs' callers too. */
  settle(id: string, outcome?: Error, tell?: boolean): void;
}

export function startConversation(parts: SessionParts): Conversation {
  const { state, cache, transport, post } = parts;
  // The poller and the pump's fields refer to the conversation itself: they are added once it exists.
  const c = {
    ...parts,
    ...connectionFields(),
    ...inboxFields(),
    ...queueFields(),
    ...seenFields(),
    scope: createScope(),
    own: new Map(),
    waiters: createWaiters(),
    typist: createTypingNotifier(
      {
        start: () =>
          void transport()
            .startTyping?.(context(c))
            .catch(() => {}),
        stop: () =>
          void transport()
            .stopTyping?.(context(c))
            .catch(() => {}),
      },
      () => capabilitiesOf(transport()).typingExpiresMs,
    ),
    /** Keeps the conversation in the cache (only the leader receives and confirms, so only it writes). */
    save() {
      const { deviceId, messages, unread, cursors, handle, seen } = state;
      if (deviceId.value)
        void cache.saveConversation(deviceId.value, {
          messages: messages.value,
          unread: unread.value,
          newer: cursors.value.newer,
          handle: handle.value,
          seen: seen.value,
        });
    },
    settle(id: string, outcome?: Error, tell = false) {
      c.waiters.settle(id, outcome);
      c.own.delete(id);
      if (tell)
        post({ type: 'settled', id, error: outcome && (isTransportError(outcome) ? errorData(outcome) : 'cancelled') });
    },
    settled: (id: string, outcome?: Error) => c.settle(id, outcome, true),
    onRefused: () => c.poller.stop(),
    // Waiting for the next try, or the next try on its way: the connection is not back until the message is sent.
    retryPending: () => c.wakeUp !== null || (c.trying?.entry.attempts ?? 0) > 1,
    claimCopies: (added: readonly Message[]) => claimCopies(c, added),
  } as Conversation;
  return Object.assign(c, pagesFields(c), senderFields(c));
}

/** Ends the conversation: typing stops, requests are aborted, timers and waits end. */
export function endConversation(c: Conversation): void {
  c.typist.stop();
  clearTimeout(c.typingExpiry);
  c.scope.end();
}

/** Ends it for good: whoever waits for one of its messages is told it was cancelled. */
export function forgetConversation(c: Conversation): void {
  endConversation(c);
  for (const id of c.waiters.ids()) c.settle(id, cancelError());
}
