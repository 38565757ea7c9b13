import { batch, signal, type ReadonlySignal } from '@preact/signals-core';
import type { AgentState, ChatConfig, Message, OutgoingContent, RequestContext, Transport, TransportError } from '../transport/types';
import { createEmitter } from './emitter';
import { asTransportError, isAbort, isTransient, MAX_TEXT_LENGTH, MessageRejectedError } from './errors';
import { checkImage, ImageRejectedError, prepareImage } from './image';
import { confirmedRange, isLocal, localId, mergeMessages, randomId, sameContent } from './messages';
import { createPoller } from './poller';
import { browserStore, type KeyValueStore } from './storage';
import { createTypingNotifier } from './typing';

export interface ChatSessionOptions {
  transport: Transport;
  /** Namespaces everything this session keeps in the browser, e.g. the API URL, so two accounts never mix. */
  storageKey: string;
  /** A device id the host manages (at least 10 characters) instead of the generated, stored one. */
  deviceId?: string;
  /** Where state is kept; IndexedDB (with a memory fallback) by default. */
  store?: KeyValueStore;
}

export type ConnectionState = 'online' | 'offline' | 'reconnecting';
export type LoadState = 'idle' | 'loading' | 'ready';

export interface ChatEvents {
  /** A message new to the conversation (not history): the visitor's once the server confirmed it. */
  message: { message: Message; direction: 'in' | 'out' };
  error: TransportError;
}

/** The most recent confirmed messages kept in the browser, so a reopened chat shows at once. */
export const CACHE_LIMIT = 200;

interface CachedConversation {
  messages: Message[];
  unread: number;
}

interface SendJob {
  message: Message;
  /** An image is prepared (scaled down) while earlier messages are still being sent. */
  content: Promise<OutgoingContent>;
  /** Cancels this message's request only (the visitor removed it); reset() aborts every job. */
  controller: AbortController;
  resolve(): void;
  reject(error: unknown): void;
}

export type ChatSession = ReturnType<typeof createChatSession>;

export function createChatSession(options: ChatSessionOptions) {
  const store = options.store ?? browserStore();
  let transport = options.transport;
  const events = createEmitter<ChatEvents>();

  const messages = signal<Message[]>([]);
  const isOpen = signal(false);
  const unread = signal(0);
  const agent = signal<AgentState | null>(null);
  const sticky = signal<string | null>(null);
  const config = signal<ChatConfig | null>(null);
  const hasOlder = signal(false);
  const loadingOlder = signal(false);
  const loadState = signal<LoadState>('idle');
  const connection = signal<ConnectionState>(navigator.onLine === false ? 'offline' : 'online');
  /** A lasting problem the visitor must know about (`unauthorized`, `forbidden`); cleared by the next success. */
  const error = signal<TransportError | null>(null);
  const deviceId = signal<string | null>(options.deviceId ?? null);

  // Everything below belongs to one conversation; `reset()` starts a new generation and aborts the old one's
  // requests, so a late answer for the forgotten conversation can never show up in the new one.
  let generation = 0;
  let aborter = new AbortController();
  let registeredDevice: string | null = null;
  /** The latest page has been loaded this page load (after the first open). */
  let loaded = false;
  /** Messages received from now on are new, not history. */
  let baseline = false;
  let connecting: Promise<void> | null = null;
  const announced = new Set<string>();
  const reported = new WeakSet<object>();
  const queue: SendJob[] = [];
  let sending = false;

  const deviceKey = `${options.storageKey}:device`;
  const conversationKey = (id: string) => `${options.storageKey}:${id}:conversation`;
  const configKey = `${options.storageKey}:config`;

  const context = (signal = aborter.signal): RequestContext => ({ deviceId: deviceId.value!, signal });
  const current = (gen: number) => gen === generation;

  const typing = createTypingNotifier({
    start: () => void transport.startTyping(context()).catch(() => {}),
    stop: () => void transport.stopTyping(context()).catch(() => {}),
  });

  const poller = createPoller(poll, () => ({
    online: connection.value !== 'offline',
    visible: document.visibilityState !== 'hidden',
    open: isOpen.value,
  }));

  /** Runs a call; when the backend forgot the device, registers again and repeats the call once. */
  async function call<T>(fn: (t: Transport, ctx: RequestContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await fn(transport, context(signal));
    } catch (e) {
      if (asTransportError(e).kind !== 'notRegistered' || isAbort(e)) throw e;
      registeredDevice = null;
      await register();
      return fn(transport, context(signal));
    }
  }

  async function register(): Promise<void> {
    const id = deviceId.value;
    if (id && registeredDevice === id) return;
    await transport.register(context());
    registeredDevice = id;
  }

  async function ensureDeviceId(): Promise<void> {
    if (deviceId.value) return;
    const id = randomId();
    deviceId.value = id;
    await store.set(deviceKey, id);
  }

  /** First open (or first send): device, registration, config and the latest page. Concurrent callers share it. */
  function connect(): Promise<void> {
    if (loaded) return Promise.resolve();
    connecting ??= (async () => {
      const gen = generation;
      if (!messages.value.length) loadState.value = 'loading';
      const stale = () => {
        if (!current(gen)) throw new DOMException('The conversation was reset.', 'AbortError');
      };
      try {
        await ensureDeviceId();
        stale();
        await register();
        stale();
        const [newConfig, page] = await Promise.all([call((t, c) => t.config(c)), call((t, c) => t.latest(c))]);
        if (!current(gen)) return;
        config.value = newConfig;
        void store.set(configKey, newConfig);
        const { newest } = confirmedRange(messages.value);
        // A cache older than the whole latest page leaves a gap; drop it rather than show a hole.
        const oldestOfPage = page.messages[0]?.id;
        if (newest && oldestOfPage && page.hasOlder && !page.messages.some((m) => m.id === newest)) {
          messages.value = messages.value.filter(isLocal);
        }
        receive(page.messages, page.agent, page.sticky);
        hasOlder.value = page.hasOlder;
        loaded = baseline = true;
        loadState.value = 'ready';
        succeeded();
      } catch (e) {
        if (current(gen)) {
          loadState.value = messages.value.length ? 'ready' : 'idle';
          report(e);
        }
        throw e;
      } finally {
        if (current(gen)) connecting = null;
      }
    })();
    return connecting;
  }

  /** One poll: connect when the open chat has not loaded yet, else fetch what is newer than the newest message. */
  async function poll(): Promise<boolean> {
    if (!deviceId.value) return false;
    if (isOpen.value && !loaded) {
      await connect();
      return true;
    }
    const gen = generation;
    const { newest } = confirmedRange(messages.value);
    try {
      const page = await call((t, c) => (newest ? t.newer(c, newest) : t.latest(c)));
      if (!current(gen)) return false;
      const wasTyping = agent.value?.isTyping ?? false;
      const added = receive(page.messages, page.agent, page.sticky);
      if (!newest && !loaded) hasOlder.value = page.hasOlder;
      baseline = true;
      succeeded();
      return added > 0 || wasTyping || (page.agent?.isTyping ?? false);
    } catch (e) {
      if (current(gen)) report(e);
      throw e;
    }
  }

  /** Merges messages from the server; announces and counts the new ones. Returns how many were new. */
  function receive(incoming: Message[], newAgent: AgentState | null, newSticky: string | null): number {
    let list = messages.value;
    const known = new Set(list.map((m) => m.id));
    const added = incoming.filter((m) => !known.has(m.id));
    // The polled copy of the message being sent can arrive before the send's answer: it replaces the local copy.
    const inFlight = sending ? queue[0]?.message : undefined;
    const copy = inFlight && added.find((m) => sameContent(m, inFlight));
    if (inFlight && copy) list = list.filter((m) => m.id !== inFlight.id);
    batch(() => {
      messages.value = mergeMessages(list, incoming);
      agent.value = newAgent;
      sticky.value = newSticky;
      if (baseline) {
        const unseen = added.filter((m) => m.from === 'agent').length;
        if (!isOpen.value && unseen) unread.value += unseen;
      }
    });
    if (baseline) added.forEach(announce);
    else added.forEach((m) => announced.add(m.id));
    if (added.length) saveConversation();
    return added.length;
  }

  function announce(message: Message): void {
    if (announced.has(message.id)) return;
    announced.add(message.id);
    events.emit('message', { message, direction: message.from === 'user' ? 'out' : 'in' });
  }

  function succeeded(): void {
    batch(() => {
      if (connection.value === 'reconnecting') connection.value = 'online';
      error.value = null;
    });
  }

  function report(e: unknown): void {
    // One failure reaches several callers (a send waits on the connect that failed): report it once.
    if (isAbort(e) || reported.has(e as object)) return;
    if (e instanceof Object) reported.add(e);
    const err = asTransportError(e);
    if (isTransient(err)) {
      if (connection.value === 'online') connection.value = 'reconnecting';
    } else if (err.kind === 'unauthorized' || err.kind === 'forbidden') {
      error.value = err;
      // Asking again and again would not change the answer; the next open or send tries once more.
      poller.stop();
    }
    events.emit('error', err);
  }

  function saveConversation(): void {
    const id = deviceId.value;
    if (!id) return;
    const cached: CachedConversation = {
      // Without the visitor's image bytes: the server has them, and the cache stays small.
      messages: messages.value
        .filter((m) => !isLocal(m))
        .slice(-CACHE_LIMIT)
        .map(({ file, progress, ...kept }) => kept),
      unread: unread.value,
    };
    void store.set(conversationKey(id), cached);
  }

  /**
   * Messages enter the queue in the order send and sendImage were called, although checking an image takes a
   * moment: an image with a caption goes first, the caption second.
   */
  let intake: Promise<unknown> = Promise.resolve();
  function admit(accept: () => Promise<[Promise<OutgoingContent>, Pick<Message, 'text' | 'file'>]>): Promise<void> {
    const accepted = intake.then(() => started).then(accept);
    intake = accepted.catch(() => {});
    return accepted.then(([content, preview]) => {
      const message: Message = { id: localId(), time: Date.now(), from: 'user', agent: null, status: 'pending', image: null, ...preview };
      messages.value = [...messages.value, message];
      return enqueue(message, content);
    });
  }

  function enqueue(message: Message, content: Promise<OutgoingContent>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      queue.push({ message, content, controller: new AbortController(), resolve, reject });
      void pump();
    });
  }

  const remove = (id: string) => (messages.value = messages.value.filter((m) => m.id !== id));

  /** Sends one message at a time, in the order they were written. */
  async function pump(): Promise<void> {
    if (sending || !queue.length) return;
    sending = true;
    const gen = generation;
    // Offline, messages wait in the queue (pending) and go when the browser is back online.
    while (queue.length && current(gen) && connection.value !== 'offline') {
      const job = queue[0]!;
      const { id: localMessageId } = job.message;
      try {
        await connect();
        const content = await job.content;
        const onProgress = (progress: number) => update(localMessageId, { progress });
        const { id } = await call((t, c) => t.send(c, content, { onProgress }), job.controller.signal);
        if (current(gen)) confirm(job.message, id);
        job.resolve();
      } catch (e) {
        if (current(gen)) {
          // Cancelled by the visitor, or an image that cannot be decoded: it goes, it cannot fail again later.
          if (isAbort(e) || e instanceof ImageRejectedError) remove(localMessageId);
          else {
            update(localMessageId, { status: 'failed', progress: undefined });
            report(e);
          }
        }
        job.reject(e);
      }
      if (current(gen)) queue.shift();
    }
    if (current(gen)) {
      sending = false;
      // Poll at once: the agent often answers right away.
      kickUnlessRefused();
    }
  }

  function confirm(local: Message, id: string): void {
    const others = messages.value.filter((m) => m.id !== local.id);
    const polledFirst = others.some((m) => m.id === id);
    const confirmed: Message = { ...local, id, status: 'sent', progress: undefined };
    messages.value = polledFirst ? others : mergeMessages(others, [confirmed]);
    announce(polledFirst ? others.find((m) => m.id === id)! : confirmed);
    saveConversation();
    succeeded();
  }

  function update(id: string, change: Partial<Message>): void {
    messages.value = messages.value.map((m) => (m.id === id ? { ...m, ...change } : m));
  }

  /** Polling goes on after a connect, unless the backend refused us (unauthorized, forbidden). */
  function kickUnlessRefused() {
    if (!error.value) poller.kick();
  }

  function onOnline() {
    connection.value = 'online';
    poller.kick();
    void pump();
  }
  function onOffline() {
    connection.value = 'offline';
    poller.reschedule();
  }
  function onVisibility() {
    if (document.visibilityState === 'visible') wake();
    else poller.reschedule();
  }
  function wake() {
    if (deviceId.value && (baseline || isOpen.value)) poller.kick();
  }

  const started = (async () => {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    window.addEventListener('focus', wake);
    document.addEventListener('visibilitychange', onVisibility);
    const cachedConfig = await store.get<ChatConfig>(configKey);
    if (cachedConfig && !config.value) config.value = cachedConfig;
    deviceId.value ??= (await store.get<string>(deviceKey)) ?? null;
    if (!deviceId.value) return;
    const cached = await store.get<CachedConversation>(conversationKey(deviceId.value));
    // A visitor is returning when this browser kept their conversation; only then may the closed chat poll.
    const returning = options.deviceId ? Boolean(cached) : true;
    if (cached && Array.isArray(cached.messages)) {
      batch(() => {
        messages.value = mergeMessages(messages.value, cached.messages);
        unread.value = Number(cached.unread) || 0;
        hasOlder.value = true;
      });
      cached.messages.forEach((m) => announced.add(m.id));
      baseline = true;
    }
    if (returning) poller.kick();
  })();

  return {
    messages: messages as ReadonlySignal<Message[]>,
    isOpen: isOpen as ReadonlySignal<boolean>,
    unread: unread as ReadonlySignal<number>,
    agent: agent as ReadonlySignal<AgentState | null>,
    sticky: sticky as ReadonlySignal<string | null>,
    config: config as ReadonlySignal<ChatConfig | null>,
    hasOlder: hasOlder as ReadonlySignal<boolean>,
    loadingOlder: loadingOlder as ReadonlySignal<boolean>,
    loadState: loadState as ReadonlySignal<LoadState>,
    connection: connection as ReadonlySignal<ConnectionState>,
    error: error as ReadonlySignal<TransportError | null>,
    deviceId: deviceId as ReadonlySignal<string | null>,
    /** Resolves when the stored state (device id, cached conversation) has been read. */
    ready: started,
    on: events.on,

    open(): void {
      if (isOpen.value) return;
      batch(() => {
        isOpen.value = true;
        unread.value = 0;
      });
      saveConversation();
      void started.then(() => {
        if (!isOpen.value) return;
        if (loaded) poller.kick();
        else void connect().then(kickUnlessRefused, kickUnlessRefused);
      });
    },

    close(): void {
      if (!isOpen.value) return;
      isOpen.value = false;
      typing.stop();
      poller.reschedule();
    },

    /** Sends a text message. Resolves when the server confirmed it; on failure it stays in the list, failed. */
    async send(text: string): Promise<void> {
      const trimmed = String(text).trim();
      if (!trimmed) throw new MessageRejectedError('empty');
      if (trimmed.length > MAX_TEXT_LENGTH) throw new MessageRejectedError('tooLong');
      return admit(async () => {
        typing.stop();
        return [Promise.resolve({ text: trimmed }), { text: trimmed }];
      });
    },

    /**
     * Sends an image: JPEG, PNG, GIF or WebP by its bytes, scaled down when it is over the limits. Rejects with
     * ImageRejectedError (nothing queued) for another format or a GIF over the limit; else like `send`.
     */
    sendImage(file: Blob): Promise<void> {
      return admit(async () => {
        const type = await checkImage(file);
        const prepared = prepareImage(file, type).then(
          (image) => ({ image }),
          (e: unknown) => Promise.reject(e instanceof ImageRejectedError ? e : new ImageRejectedError('unsupported')),
        );
        prepared.catch(() => {}); // awaited by the queue; not unhandled while earlier messages are sent
        return [prepared, { text: null, file }];
      });
    },

    /** Sends a failed message again. */
    retry(id: string): Promise<void> {
      const message = messages.value.find((m) => m.id === id && m.status === 'failed');
      const content = message?.text ? { text: message.text } : message?.file && { image: message.file };
      if (!content) return Promise.resolve();
      update(id, { status: 'pending' });
      return enqueue({ ...message!, status: 'pending' }, Promise.resolve(content));
    },

    /** Stops sending the visitor's pending or failed message and removes it (an upload in progress is aborted). */
    cancel(id: string): void {
      const job = queue.find((j) => j.message.id === id);
      job?.controller.abort();
      // The message being sent goes when its request ends (pump); a waiting one goes now.
      if (sending && job === queue[0]) return;
      if (job) {
        queue.splice(queue.indexOf(job), 1);
        job.reject(new DOMException('Cancelled.', 'AbortError'));
      }
      remove(id);
    },

    /** The bytes of a message's image, fetched through the transport (the same headers as every request). */
    fetchImage(ref: string, signal?: AbortSignal): Promise<Blob> {
      return call((t, c) => t.fetchImage(c, ref), signal);
    },

    /** Loads the next older page, until the backend says there is nothing older. Never adds a duplicate. */
    async loadOlder(): Promise<void> {
      const { oldest } = confirmedRange(messages.value);
      if (loadingOlder.value || !hasOlder.value || !oldest) return;
      const gen = generation;
      loadingOlder.value = true;
      try {
        const page = await call((t, c) => t.older(c, oldest));
        if (!current(gen)) return;
        page.messages.forEach((m) => announced.add(m.id));
        batch(() => {
          messages.value = mergeMessages(messages.value, page.messages);
          hasOlder.value = page.hasOlder && page.messages.length > 0;
        });
      } catch (e) {
        if (current(gen)) report(e);
      } finally {
        if (current(gen)) loadingOlder.value = false;
      }
    },

    /** The visitor typed in the composer (drives startTyping/stopTyping). */
    typing(): void {
      if (loaded) typing.input();
    },

    /** Replaces the transport, e.g. when the host gives a new access token or headers. */
    setTransport(next: Transport): void {
      transport = next;
    },

    /** Forgets the device id, the cached conversation and everything pending; a fresh, anonymous conversation. */
    async reset(): Promise<void> {
      await started;
      const oldDevice = deviceId.value;
      typing.stop();
      generation++;
      aborter.abort();
      aborter = new AbortController();
      poller.stop();
      const dropped = queue.splice(0);
      dropped.forEach((job) => job.controller.abort());
      sending = false;
      connecting = null;
      loaded = baseline = false;
      registeredDevice = null;
      announced.clear();
      batch(() => {
        messages.value = [];
        unread.value = 0;
        agent.value = null;
        sticky.value = null;
        hasOlder.value = false;
        loadingOlder.value = false;
        loadState.value = 'idle';
        error.value = null;
        deviceId.value = options.deviceId ?? null;
      });
      dropped.forEach((job) => job.reject(new DOMException('The conversation was reset.', 'AbortError')));
      await Promise.all([store.del(deviceKey), oldDevice ? store.del(conversationKey(oldDevice)) : undefined]);
      if (isOpen.value) void connect().then(kickUnlessRefused, kickUnlessRefused);
    },

    /** Stops timers and listeners; the session is not used again. */
    dispose(): void {
      typing.stop();
      generation++;
      aborter.abort();
      poller.stop();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('focus', wake);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
