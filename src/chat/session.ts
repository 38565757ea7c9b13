import type { Transport } from '../transport/types';
import { createAdmission } from './admission';
import { createCache } from './cache';
import { startConversation, type Conversation } from './conversation';
import { createEmitter } from './emitter';
import { MAX_TEXT_LENGTH, MessageRejectedError } from './errors';
import { checkImage, ImageRejectedError, prepareImage } from './image';
import { createFollower, createLeader, type Role, type RoleDeps } from './leadership';
import { mergeMessages, randomId } from './messages';
import { browserPage, type PageEnvironment } from './page';
import { assign, createState, publicState, startOver, type ChatEvents } from './state';
import { browserStore, type KeyValueStore } from './storage';
import type { TabMessage, TabState } from './sync';
import { joinTabs } from './tabs';

export { CACHE_LIMIT } from './cache';
export type { ChatEvents, ConnectionState, LoadState } from './state';

export interface ChatSessionOptions {
  transport: Transport;
  /** Namespaces everything this session keeps in the browser, e.g. the API URL, so two accounts never mix. */
  storageKey: string;
  /** A device id the host manages (at least 10 characters) instead of the generated, stored one. */
  deviceId?: string;
  /** Where state is kept; IndexedDB (with a memory fallback) by default. */
  store?: KeyValueStore;
  /** The page's online state, visibility and events; the browser's by default. */
  page?: PageEnvironment;
}

export type ChatSession = ReturnType<typeof createChatSession>;

/**
 * The headless chat: all state as signals (state.ts), all behaviour. It composes one conversation at a time
 * (conversation.ts) with this tab's role: of the sessions of one conversation in several tabs one leads
 * (leadership.ts), the others show its state and hand it what their visitor does.
 */
export function createChatSession(options: ChatSessionOptions) {
  const page = options.page ?? browserPage();
  const cache = createCache(options.store ?? browserStore(), options.storageKey);
  const state = createState(options.deviceId ?? null, page.online());
  const events = createEmitter<ChatEvents>();
  let transport = options.transport;
  const peers = new Map<string, TabState>();
  const anyOpen = () => state.isOpen.value || [...peers.values()].some((p) => p.open);
  const active = () => (state.isOpen.value && page.visible()) || [...peers.values()].some((p) => p.open && p.visible);

  const tabs = joinTabs<TabMessage>(`parley-chat:${options.storageKey}`, page.locks, (m) => role.receive(m), () => {
    void started.then(lead);
  });
  const post = (message: TabMessage) => {
    try {
      tabs?.post(message);
    } catch {
      // The channel closed with the session; the other tabs learn from the next leader.
    }
  };

  const parts = { state, cache, events, post, anyOpen, active, transport: () => transport };
  let convo: Conversation = startConversation(parts);
  /** Forgets the conversation in memory: every request of it aborted, everything waiting rejected. */
  function forget(): string | null {
    const oldDevice = state.deviceId.value;
    convo.forget();
    convo = startConversation(parts);
    startOver(state, options.deviceId ?? null);
    return oldDevice;
  }
  const roleDeps: RoleDeps = { state, cache, page, events, peers, post, forget, tabId: randomId(), conversation: () => convo };
  const follower = createFollower(roleDeps);
  let role: Role = follower;

  let disposed = false;
  /** This browser kept the visitor's conversation: only then may the closed chat poll. */
  let returning = false;

  /** This session leads now: at page load, or when the tab that led closed. */
  async function lead(): Promise<void> {
    if (disposed) return;
    role = createLeader(roleDeps);
    peers.clear();
    post({ type: 'hello' });
    await convo.queue.read(true);
    if (disposed) return;
    if (anyOpen()) role.opened();
    else if (returning) convo.pages.poller.kick();
    void convo.sender.pump();
  }

  const stopListening = page.listen({
    online() {
      state.connection.value = 'online';
      role.online();
    },
    offline() {
      state.connection.value = 'offline';
      convo.pages.poller.reschedule();
    },
    focus: () => role.focus(),
    visibility: () => (page.visible() ? role.focus() : role.quieter()),
    pagehide: () => role.leave(),
  });

  /** Reads what the browser kept: the config, the device id and the cached conversation. */
  async function restore(): Promise<void> {
    const cachedConfig = await cache.config();
    if (cachedConfig && !state.config.value) state.config.value = cachedConfig;
    state.deviceId.value ??= (await cache.device()) ?? null;
    if (!state.deviceId.value) return;
    const cached = await cache.conversation(state.deviceId.value);
    returning = options.deviceId ? Boolean(cached) : true;
    if (!cached) return;
    assign(state, {
      messages: mergeMessages(state.messages.value, cached.messages),
      unread: Number(cached.unread) || 0,
      hasOlder: true,
    });
    convo.inbox.history(cached.messages);
    convo.inbox.goLive();
  }

  const started = restore().then(() => (tabs ? follower.tellLeader() : lead()));
  const admit = createAdmission({ state, cache, started, conversation: () => convo, deliver: (e, i) => role.deliver(e, i) });

  return {
    ...publicState(state),
    /** Resolves when the stored state (device id, cached conversation) has been read. */
    ready: started,
    on: events.on,

    open(): void {
      if (state.isOpen.value) return;
      assign(state, { isOpen: true, unread: 0 });
      void started.then(() => state.isOpen.value && role.opened());
    },

    close(): void {
      if (!state.isOpen.value) return;
      state.isOpen.value = false;
      convo.typing.stop();
      role.quieter();
    },

    /**
     * Sends a text message: it is kept in the outbox and tried until the server confirmed it. Resolves then;
     * rejects when it failed (it stays in the list, failed, with retry) or was deleted.
     */
    async send(text: string): Promise<void> {
      const trimmed = String(text).trim();
      if (!trimmed) throw new MessageRejectedError('empty');
      if (trimmed.length > MAX_TEXT_LENGTH) throw new MessageRejectedError('tooLong');
      return admit(async () => {
        convo.typing.stop();
        return [trimmed];
      });
    },

    /**
     * Sends an image: JPEG, PNG, GIF or WebP by its bytes, scaled down when it is over the limits. Rejects with
     * ImageRejectedError (nothing queued) for another format or a GIF over the limit; else like `send`.
     */
    sendImage(file: Blob): Promise<void> {
      return admit(async () => {
        const type = await checkImage(file);
        // The outbox keeps the bytes that will be sent: scaled down, when needed, while the original shows.
        const image = prepareImage(file, type).catch((e: unknown) =>
          Promise.reject(e instanceof ImageRejectedError ? e : new ImageRejectedError('unsupported')),
        );
        return [null, image, file];
      });
    },

    /** Sends a failed message again (a new round of automatic tries). */
    retry(id: string): Promise<void> {
      if (!state.messages.value.some((m) => m.id === id && m.status === 'failed')) return Promise.resolve();
      const done = convo.waiters.wait(id);
      role.retry(id);
      return done;
    },

    /** Deletes the visitor's pending or failed message (an upload in progress is aborted). */
    cancel: (id: string): void => role.cancel(id),

    /** The bytes of a message's image, fetched through the transport (the same headers as every request). */
    fetchImage: (ref: string, signal?: AbortSignal): Promise<Blob> =>
      convo.connection.call((t, c) => t.fetchImage(c, ref), signal),

    /** Loads the next older page, until the backend says there is nothing older. Never adds a duplicate. */
    loadOlder: (): Promise<void> => role.loadOlder(),

    /** The visitor typed in the composer (drives startTyping/stopTyping). */
    typing(): void {
      if (state.loaded.value) convo.typing.input();
    },

    /** Replaces the transport, e.g. when the host gives a new access token or headers; refused calls are tried again. */
    setTransport(next: Transport): void {
      transport = next;
      if (state.error.value) role.resume();
    },

    /**
     * Forgets the device id, the cached conversation and the outbox, in every tab of this browser: a fresh,
     * anonymous conversation, and nothing of the old one is shown or sent.
     */
    async reset(): Promise<void> {
      await started;
      const oldDevice = forget();
      post({ type: 'reset' });
      await cache.wipe(oldDevice);
      role.restarted();
    },

    /** Stops timers, listeners and requests; another tab takes the lead. The session is not used again. */
    dispose(): void {
      disposed = true;
      convo.end();
      role.dispose();
      tabs?.close();
      stopListening();
    },
  };
}
