// What the user of a session can do: the methods of the object createChatSession returns, beside its signals.
import { type Capabilities, type Transport, TransportError } from '../transport/types';
import { createAdmission } from './admission';
import { isOpenChoice, repliesOf } from './choices';
import { capabilitiesOf } from './capabilities';
import { call } from './connection';
import type { Cache } from './cache';
import type { Conversation } from './conversation';
import { MessageRejectedError } from './errors';
import { sameVisitor, visitorInfo } from './visitor';
import type { Role, RoleDeps } from './leadership';
import { assign, type State } from './state';
import type { TabMessage } from './sync';
import type { Tabs } from './tabs';

/** What one session is made of; `convo` and `role` change, everything else stays. */
export interface Session {
  options: { deviceId?: string };
  state: State;
  cache: Cache;
  tabs: Tabs<TabMessage> | null;
  post(message: TabMessage): void;
  convo: Conversation;
  role: Role;
  roles: RoleDeps;
  transport: Transport;
  disposed: boolean;
  /** This browser kept the visitor's conversation: only then may the closed chat poll. */
  returning: boolean;
}

/** Opening, closing and reading the panel. */
export function panel(s: Session, started: Promise<void>) {
  const { state } = s;
  return {
    open(): void {
      if (state.isOpen.value) return;
      assign(state, { isOpen: true, unread: 0 });
      void started.then(() => state.isOpen.value && s.role.opened());
    },

    close(): void {
      if (!state.isOpen.value) return;
      state.isOpen.value = false;
      s.convo.typist.stop();
      s.role.quieter();
    },

    /** Loads the next older page, until the backend says there is nothing older. Never adds a duplicate. */
    loadOlder: (): Promise<void> => s.role.loadOlderPage(),

    /**
     * Says who the visitor is, e.g. `{ name, email }` (plain strings, see visitor.ts), or with null forgets it (a
     * logout): sent when the device registers, and the device registers again (the same id) when it changed.
     * Throws a TypeError for anything but an object or null.
     */
    identify(info: Readonly<Record<string, unknown>> | null): void {
      const visitor = visitorInfo(info);
      if (visitor === undefined)
        throw new TypeError('identify() takes an object of strings, such as { name }, or null.');
      if (sameVisitor(visitor, state.visitor.value)) return;
      state.visitor.value = visitor;
      void started.then(() => s.role.identified());
    },

    /** Replaces the transport, e.g. for a new access token or headers; what was refused is tried again. */
    setTransport(next: Transport): void {
      s.transport = next;
      if (state.error.value) s.role.resume();
    },

    /**
     * Forgets the device id, the cached conversation and the outbox, in every tab of this browser: a fresh,
     * anonymous conversation, and nothing of the old one is shown or sent.
     */
    async reset(): Promise<void> {
      await started;
      const oldDevice = s.roles.forget();
      s.post({ type: 'reset' });
      await s.cache.wipe(oldDevice);
      s.role.restarted();
    },
  };
}

/** What the visitor sends, and the bytes of the images they see. */
export function messaging(s: Session, started: Promise<void>) {
  const admit = createAdmission({
    state: s.state,
    cache: s.cache,
    started,
    conversation: () => s.convo,
    deliver: (entry, image) => s.role.deliver(entry, image),
  });
  /** Messages this tab's answers are on their way to the outbox for: a second tap before the first shows is refused. */
  const answering = new Set<string>();
  let calmUntil = 0;
  /** Pointer events come many times a second: this tab's role hears of the visitor acting at most once a second. */
  const activity = () => {
    if (Date.now() < calmUntil) return;
    calmUntil = Date.now() + 1_000;
    s.role.acted();
  };
  return {
    /**
     * Sends a text message: it is kept in the outbox and tried until the server confirmed it. Resolves then;
     * rejects when it failed (it stays in the list, failed, with retry) or was deleted.
     */
    send: (text: string): Promise<void> => admit.text(text),

    /**
     * Sends an image: JPEG, PNG, GIF or WebP by its bytes, scaled down when it is over the limits. Rejects with
     * ImageRejectedError (nothing queued) for another format, a GIF over the limit or a backend without images;
     * else like `send`.
     */
    sendImage: admit.image,

    /** What the backend takes: the transport's declared capabilities, the defaults for the rest. */
    capabilities: (): Capabilities => capabilitiesOf(s.transport),

    /**
     * Answers a message with one of its choices (a reply button's value or a quick reply), sent like `send`. A
     * choice is made once: it rejects with MessageRejectedError('closed') when the message is not the newest any
     * more (the visitor answered, or something came after it), in this tab or another one.
     */
    choose(messageId: string, reply: string): Promise<void> {
      const messages = s.state.messages.value;
      const message = messages.find((m) => m.id === messageId);
      if (
        !message ||
        answering.has(messageId) ||
        !isOpenChoice(messages, message) ||
        !repliesOf(message).includes(reply)
      )
        return Promise.reject(new MessageRejectedError('closed'));
      answering.add(messageId);
      return admit.text(reply, messageId).finally(() => answering.delete(messageId));
    },

    /** Sends a failed message again (a new round of automatic tries). */
    retry(id: string): Promise<void> {
      if (!s.state.messages.value.some((m) => m.id === id && m.status === 'failed')) return Promise.resolve();
      const done = s.convo.waiters.wait(id);
      s.role.retryMessage(id);
      return done;
    },

    /** Deletes the visitor's pending or failed message (an upload in progress is aborted). */
    cancel: (id: string): void => s.role.deleteMessage(id),

    /** The bytes of a message's image, fetched through the transport (the same headers as every request). */
    fetchImage: (ref: string, signal?: AbortSignal): Promise<Blob | string> =>
      call(s.convo, (t, c) => t.fetchImage(c, ref), signal),

    /** The bytes of a message's attachment, through the transport; a TransportError('invalid') when it has none. */
    fetchFile: (ref: string, signal?: AbortSignal): Promise<Blob> =>
      call(
        s.convo,
        (t, c) => t.fetchFile?.(c, ref) ?? Promise.reject(new TransportError('invalid', 'No files on this backend')),
        signal,
      ),

    /** The visitor typed in the composer (drives startTyping/stopTyping, and polling is fast again). */
    typing(): void {
      if (s.state.loaded.value) s.convo.typist.input();
      activity();
    },

    /** The visitor is in the open panel: the pointer moves over it, it gets the focus. Polling is fast again. */
    activity,
  };
}
