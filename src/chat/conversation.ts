import { isTransportError, type Message, type Transport } from '../transport/types';
import type { Cache } from './cache';
import { createConnection } from './connection';
import type { Emitter } from './emitter';
import { cancelError, errorData } from './errors';
import { createInbox } from './inbox';
import { createPages } from './pages';
import { createQueue } from './queue';
import { createScope } from './scope';
import { createSender } from './sender';
import type { ChatEvents, State } from './state';
import type { TabMessage } from './sync';
import { createTypingNotifier } from './typing';
import { createWaiters } from './waiters';

/** What lives as long as the session: every conversation of it uses these. */
export interface SessionParts {
  state: State;
  cache: Cache;
  events: Emitter<ChatEvents>;
  transport(): Transport;
  /** Tells the other tabs. */
  post(message: TabMessage): void;
  /** Some tab shows the chat open. */
  anyOpen(): boolean;
  /** Some tab shows the chat open and visible. */
  active(): boolean;
}

export type Conversation = ReturnType<typeof startConversation>;

/**
 * One conversation of a session: everything that `reset()` forgets. The parts are created together and end
 * together with the conversation's scope, so a reset is a new conversation rather than some twenty fields set back.
 */
export function startConversation(parts: SessionParts) {
  const { state, cache, events, transport, post } = parts;
  const scope = createScope();
  /**
   * This tab's new messages shown before the outbox being sent has them (an image still being scaled down, a
   * follower's message on its way to the leader), by local id. A message leaves when the outbox has it or it ends.
   */
  const own = new Map<string, Message>();
  const waiters = createWaiters();

  /** Keeps the conversation in the cache (only the leader receives and confirms, so only it writes). */
  const save = () => {
    const device = state.deviceId.value;
    if (device) void cache.saveConversation(device, state.messages.value, state.unread.value);
  };

  /** A message reached its end for now: its callers are told, and with `tell` the other tabs' callers too. */
  function settle(id: string, outcome?: Error, tell = false): void {
    waiters.settle(id, outcome);
    own.delete(id);
    if (!tell) return;
    post({ type: 'settled', id, error: outcome && (isTransportError(outcome) ? errorData(outcome) : 'cancelled') });
  }

  const connection = createConnection({
    state,
    cache,
    scope,
    transport,
    events,
    onRefused: () => pages.poller.stop(),
    retryPending: () => sender.retryPending(),
  });
  const queue = createQueue({ state, cache, scope, own });
  const claimCopies = (added: readonly Message[]) => sender.claimCopies(added);
  const inbox = createInbox({ state, events, anyOpen: parts.anyOpen, claimCopies, save });
  const pages = createPages({ state, cache, scope, connection, inbox, anyOpen: parts.anyOpen, active: parts.active });
  const sender = createSender({
    state,
    scope,
    queue,
    connection,
    inbox,
    save,
    connect: pages.connect,
    settled: (id, outcome) => settle(id, outcome, true),
    afterSending: pages.kickUnlessRefused,
  });
  const typing = createTypingNotifier({
    start: () => void transport().startTyping(connection.context()).catch(() => {}),
    stop: () => void transport().stopTyping(connection.context()).catch(() => {}),
  });

  return {
    scope,
    own,
    waiters,
    connection,
    queue,
    inbox,
    pages,
    sender,
    typing,
    settle,

    /** Ends it: typing stops, requests are aborted, timers and waits end. */
    end(): void {
      typing.stop();
      scope.end();
    },

    /** Ends it for good: whoever waits for one of its messages is told it was cancelled. */
    forget(): void {
      this.end();
      for (const id of waiters.ids()) settle(id, cancelError());
    },
  };
}
