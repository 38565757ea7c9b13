import { batch, effect, signal, type ReadonlySignal } from '@preact/signals-core';
import { isTransportError, type AgentState, type ChatConfig, type Message, type OutgoingContent, type RequestContext, type Transport, type TransportError } from '../transport/types';
import { createEmitter } from './emitter';
import { asTransportError, isAbort, isTransient, MAX_TEXT_LENGTH, MessageRejectedError } from './errors';
import { checkImage, ImageRejectedError, prepareImage } from './image';
import { compareIds, confirmedRange, isCopyOf, isLocal, localId, mergeMessages, randomId } from './messages';
import { openOutbox, type OutboxEntry } from './outbox';
import { createPoller } from './poller';
import { retryDelay } from './retry-policy';
import { browserStore, type KeyValueStore } from './storage';
import { errorData, fromErrorData, type Snapshot, type TabMessage, type TabState } from './sync';
import { joinTabs } from './tabs';
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

/** A caller of send, sendImage or retry, waiting for the message to be sent or to fail. */
interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

const resetError = () => new DOMException('The conversation was reset.', 'AbortError');
const cancelError = () => new DOMException('Cancelled.', 'AbortError');
const isRefusal = (e: TransportError) => e.kind === 'unauthorized' || e.kind === 'forbidden';

export type ChatSession = ReturnType<typeof createChatSession>;

/**
 * The headless chat: all state as signals, all behaviour. Of the sessions of one conversation in several tabs
 * one leads (tabs.ts): it polls, sends the outbox and keeps the cache; the others show its state and hand it
 * what their visitor does.
 */
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
  const waiters = new Map<string, Waiter[]>();

  // The leader's outbox, in the order the messages were written: a copy of the one in IndexedDB.
  let leading = false;
  let entries: OutboxEntry[] = [];
  const images = new Map<string, Blob>();
  /** Server ids confirmed for entries (see outbox.ts). */
  const claimed = new Set<string>();
  /** Entries this page confirmed or deleted: their removal from IndexedDB may still be on its way. */
  const finished = new Set<string>();
  /** The entry being tried now, and how to abort its request. */
  let trying: { entry: OutboxEntry; controller: AbortController } | null = null;
  let pumping = false;
  /** Ends the current wait between two tries early (back online, focus, the tab shown again). */
  let wakeUp: (() => void) | null = null;
  /** What the other tabs show, by tab id. */
  const peers = new Map<string, TabState>();
  // A follower's own new messages, until the leader's state has them.
  const mine = new Map<string, Message>();
  const tabId = randomId();

  const deviceKey = `${options.storageKey}:device`;
  const conversationKey = (id: string) => `${options.storageKey}:${id}:conversation`;
  const outboxOf = (id: string) => openOutbox(store, `${options.storageKey}:${id}:outbox`);
  const configKey = `${options.storageKey}:config`;

  const context = (signal = aborter.signal): RequestContext => ({ deviceId: deviceId.value!, signal });
  const current = (gen: number) => gen === generation;
  const visible = () => document.visibilityState !== 'hidden';
  const anyOpen = () => isOpen.value || [...peers.values()].some((p) => p.open);
  /** Some tab shows the open chat: poll at the fast cadence. */
  const active = () => (isOpen.value && visible()) || [...peers.values()].some((p) => p.open && p.visible);

  const typing = createTypingNotifier({
    start: () => void transport.startTyping(context()).catch(() => {}),
    stop: () => void transport.stopTyping(context()).catch(() => {}),
  });

  const poller = createPoller(poll, () => ({
    online: connection.value !== 'offline',
    visible: active(),
    open: active(),
  }));

  const tabs = joinTabs<TabMessage>(`parley-chat:${options.storageKey}`, onTabMessage, () => void started.then(lead));
  const post = (message: TabMessage) => {
    try {
      tabs?.post(message);
    } catch {
      // The channel closed with the session; the other tabs learn from the next leader.
    }
  };

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

  /**
   * The stored device id, or a new one (`candidate`: the one another tab made); in one transaction, so that two
   * tabs writing their first message agree.
   */
  async function ensureDeviceId(candidate = randomId()): Promise<string> {
    if (!deviceId.value) {
      let id = candidate;
      await store.update<string>(deviceKey, (old) => (id = old ?? id));
      deviceId.value = id;
    }
    return deviceId.value;
  }

  /** First open (or first send): device, registration, config and the latest page. Concurrent callers share it. */
  function connect(): Promise<void> {
    if (loaded) return Promise.resolve();
    connecting ??= (async () => {
      const gen = generation;
      if (!messages.value.length) loadState.value = 'loading';
      const stale = () => {
        if (!current(gen)) throw resetError();
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
        // Typed once here, so that a send waiting on this connect reports the same error, not a second one.
        const err = isAbort(e) ? e : asTransportError(e);
        if (current(gen)) {
          loadState.value = messages.value.length ? 'ready' : 'idle';
          report(err);
        }
        throw err;
      } finally {
        if (current(gen)) connecting = null;
      }
    })();
    return connecting;
  }

  /** One poll: connect when an open chat has not loaded yet, else fetch what is newer than the newest message. */
  async function poll(): Promise<boolean> {
    if (!deviceId.value) return false;
    if (anyOpen() && !loaded) {
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
    const known = new Set(messages.value.map((m) => m.id));
    const added = incoming.filter((m) => !known.has(m.id));
    batch(() => {
      messages.value = mergeMessages(messages.value, incoming);
      agent.value = newAgent;
      sticky.value = newSticky;
      if (baseline) {
        const unseen = added.filter((m) => m.from === 'agent').length;
        if (!anyOpen() && unseen) unread.value += unseen;
      }
    });
    // The server's copy of a message that was tried, although its answer has not come (or never will).
    for (const copy of added) {
      const entry =
        !claimed.has(copy.id) &&
        entries.find((e) => !e.failed && e.after !== undefined && isCopyOf(copy, e) && (e.after === null || compareIds(copy.id, e.after) > 0));
      if (entry) confirmEntry(entry, copy.id);
    }
    if (baseline) added.forEach(announce);
    else added.forEach((m) => announced.add(m.id));
    if (added.length) saveConversation();
    return added.length;
  }

  function announce(message: Message): void {
    if (announced.has(message.id)) return;
    announced.add(message.id);
    const detail = { message, direction: message.from === 'user' ? ('out' as const) : ('in' as const) };
    events.emit('message', detail);
    post({ type: 'message', detail });
  }

  function succeeded(): void {
    batch(() => {
      // While a message waits to be tried again, the connection is not back for the visitor yet.
      if (connection.value === 'reconnecting' && !wakeUp) connection.value = 'online';
      error.value = null;
    });
  }

  function report(e: unknown): void {
    // One failure reaches several callers (a send waits on the connect that failed): report it once.
    if (isAbort(e) || reported.has(e as object)) return;
    if (e instanceof Object) reported.add(e);
    const err = asTransportError(e);
    if (isTransient(err)) {
      // One event when the connection is lost, not one per retry.
      if (connection.value !== 'online') return;
      connection.value = 'reconnecting';
    } else if (isRefusal(err)) {
      error.value = err;
      // Asking again and again would not change the answer; the next open, retry or new token tries once more.
      poller.stop();
    }
    events.emit('error', err);
    post({ type: 'error', error: errorData(err) });
  }

  function saveConversation(): void {
    const id = deviceId.value;
    if (!id || !leading) return;
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

  // ---- the outbox ---------------------------------------------------------------------------------------

  const update = (id: string, change: Partial<Message>) =>
    (messages.value = messages.value.map((m) => (m.id === id ? { ...m, ...change } : m)));
  const remove = (id: string) => (messages.value = messages.value.filter((m) => m.id !== id));

  const localMessage = (entry: OutboxEntry): Message => ({
    id: entry.id,
    time: entry.time,
    from: 'user',
    agent: null,
    text: entry.text,
    image: null,
    file: images.get(entry.id),
    status: entry.failed ? 'failed' : 'pending',
  });

  function wait(id: string): Promise<void> {
    return new Promise((resolve, reject) => waiters.set(id, [...(waiters.get(id) ?? []), { resolve, reject }]));
  }

  /** A message was sent (no error), failed, or deleted (an AbortError): tell whoever waits for it, in every tab. */
  function settle(id: string, outcome?: Error, tell = true): void {
    const list = waiters.get(id) ?? [];
    waiters.delete(id);
    for (const w of list) outcome ? w.reject(outcome) : w.resolve();
    mine.delete(id);
    if (tell) post({ type: 'settled', id, error: outcome && (isTransportError(outcome) ? errorData(outcome) : 'cancelled') });
  }

  /**
   * Messages enter the outbox in the order send and sendImage were called: an image with a caption goes first, the
   * caption second. A text shows once it is stored (a few milliseconds), so what the visitor sees survives a reload;
   * an image shows at once and is stored when it has been scaled down.
   */
  let shown: Promise<unknown> = Promise.resolve();
  let stored: Promise<unknown> = Promise.resolve();
  function admit(accept: () => Promise<[text: string | null, image?: Promise<Blob>, preview?: Blob]>): Promise<void> {
    const accepted = shown.then(() => started).then(accept);
    shown = accepted.catch(() => {});
    return accepted.then(([text, image, preview]) => {
      const gen = generation;
      const entry: OutboxEntry = { id: localId(), time: Date.now(), text, attempts: 0 };
      const show = () => {
        const message: Message = { ...localMessage(entry), file: preview };
        mine.set(entry.id, message);
        messages.value = [...messages.value, message];
      };
      if (image) show();
      const done = wait(entry.id);
      const storing = stored.then(async () => {
        const bytes = await image;
        const outbox = outboxOf(await ensureDeviceId());
        // Written before anything is sent: from here on a reload or a closed tab cannot lose it.
        await outbox.add(entry, bytes);
        if (!current(gen) || finished.has(entry.id)) return void outbox.remove(entry.id);
        if (!image) show();
        if (leading) adopt(entry, bytes);
        else post({ type: 'outbox', entry, image: bytes, device: deviceId.value! });
      });
      stored = storing.catch(() => {});
      storing.catch((e: unknown) => {
        // An image that cannot be decoded: it goes, it cannot fail again later.
        remove(entry.id);
        settle(entry.id, e as Error, false);
      });
      return done;
    });
  }

  /** An entry written here or in another tab joins the outbox this session sends. */
  function adopt(entry: OutboxEntry, image?: Blob): void {
    if (finished.has(entry.id) || entries.some((e) => e.id === entry.id)) return;
    if (image) images.set(entry.id, image);
    entries.push(entry);
    if (!mine.delete(entry.id)) messages.value = [...messages.value, localMessage(entry)];
    void pump();
  }

  /**
   * Reads the outbox from IndexedDB (entries another tab wrote, or a previous page load left). On taking the lead,
   * `newRound`: messages that failed for a passing reason (the network) get a new round of tries.
   */
  let reading: Promise<void> = Promise.resolve();
  function readOutbox(newRound: boolean): Promise<void> {
    reading = reading.then(async () => {
      const gen = generation;
      deviceId.value ??= (await store.get<string>(deviceKey)) ?? null;
      if (!deviceId.value || !current(gen)) return;
      const outbox = outboxOf(deviceId.value);
      const box = await outbox.read();
      box.claimed.forEach((id) => claimed.add(id));
      const read: OutboxEntry[] = [];
      for (const stored of box.entries) {
        if (finished.has(stored.id)) continue;
        const entry = entries.find((e) => e.id === stored.id) ?? stored;
        if (entry.text === null && !images.has(entry.id)) {
          const image = await outbox.image(entry.id);
          if (image) images.set(entry.id, image);
          else continue; // its bytes are gone (the browser cleared storage): nothing left to send
        }
        if (newRound && entry.failed && isTransient({ kind: entry.failed })) {
          entry.failed = undefined;
          entry.attempts = 0;
          void outbox.patch(entry.id, { failed: undefined, attempts: 0 });
        }
        read.push(entry);
      }
      if (!current(gen)) return;
      entries = read;
      const visibleNow = new Map(messages.value.filter(isLocal).map((m) => [m.id, m]));
      const ahead = [...mine.values()].filter((m) => !entries.some((e) => e.id === m.id));
      messages.value = [
        ...messages.value.filter((m) => !isLocal(m)),
        ...entries.map((e) => ({ ...localMessage(e), progress: visibleNow.get(e.id)?.progress })),
        ...ahead,
      ];
    });
    return reading;
  }

  /** Sends the outbox, one message at a time, in the order they were written. */
  async function pump(): Promise<void> {
    if (pumping || !leading || !entries.some((e) => !e.failed)) return;
    pumping = true;
    const gen = generation;
    let entry: OutboxEntry | undefined;
    // Offline or refused (unauthorized, forbidden), messages wait: for `online`, or new credentials, a retry, a reopen.
    while (current(gen) && leading && connection.value !== 'offline' && !error.value && (entry = entries.find((e) => !e.failed))) {
      await attempt(entry, gen);
    }
    if (!current(gen)) return;
    pumping = false;
    // Poll at once: the agent often answers right away.
    kickUnlessRefused();
  }

  /** One try of one entry; on a passing failure, waits before returning (backoff). */
  async function attempt(entry: OutboxEntry, gen: number): Promise<void> {
    const controller = new AbortController();
    trying = { entry, controller };
    const outbox = outboxOf(deviceId.value!);
    entry.attempts++;
    try {
      await connect();
      // Tried before: the server may have it although no answer came. Look before sending it again.
      const look = entry.after !== undefined;
      entry.after ??= confirmedRange(messages.value).newest;
      await outbox.patch(entry.id, { attempts: entry.attempts, after: entry.after });
      if (look) {
        const after = entry.after;
        const page = await call((t, c) => (after ? t.newer(c, after) : t.latest(c)), controller.signal);
        if (!current(gen)) return;
        receive(page.messages, page.agent, page.sticky);
        if (!entries.includes(entry)) return; // it was there
      }
      const content: OutgoingContent = entry.text === null ? { image: images.get(entry.id)! } : { text: entry.text };
      const onProgress = (progress: number) => update(entry.id, { progress });
      const { id } = await call((t, c) => t.send(c, content, { onProgress }), controller.signal);
      if (current(gen)) confirmEntry(entry, id);
    } catch (e) {
      // Deleted by the visitor, the conversation reset, or the session disposed: nothing more to do here.
      if (!current(gen) || isAbort(e) || !entries.includes(entry)) return;
      const err = asTransportError(e);
      report(err);
      if (isRefusal(err)) return; // waits, pending, until the refusal is lifted
      const delay = retryDelay(err, entry.attempts);
      if (delay === null) {
        // Give up for now. When the connection is the reason, every waiting message would fail the same way.
        fail(isTransient(err) ? entries.filter((e) => !e.failed) : [entry], err);
      } else {
        trying = null;
        await new Promise<void>((resume) => {
          const timer = setTimeout((wakeUp = () => {
            clearTimeout(timer);
            wakeUp = null;
            resume();
          }), delay);
        });
      }
    } finally {
      if (trying?.entry === entry) trying = null;
    }
  }

  function fail(failed: OutboxEntry[], err: TransportError): void {
    const outbox = outboxOf(deviceId.value!);
    for (const entry of failed) {
      entry.failed = err.kind;
      void outbox.patch(entry.id, { failed: err.kind });
      update(entry.id, { status: 'failed', progress: undefined });
      settle(entry.id, err);
    }
  }

  function confirmEntry(entry: OutboxEntry, id: string): void {
    if (!entries.includes(entry)) return;
    entries = entries.filter((e) => e !== entry);
    finished.add(entry.id);
    claimed.add(id);
    void outboxOf(deviceId.value!).remove(entry.id, id);
    const local = messages.value.find((m) => m.id === entry.id) ?? localMessage(entry);
    const others = messages.value.filter((m) => m.id !== entry.id);
    const polledFirst = others.find((m) => m.id === id);
    const confirmed: Message = { ...local, id, status: 'sent', progress: undefined };
    messages.value = polledFirst ? others : mergeMessages(others, [confirmed]);
    announce(polledFirst ?? confirmed);
    saveConversation();
    settle(entry.id);
    succeeded();
  }

  function wake(): void {
    wakeUp?.();
  }

  /** Polling goes on after a connect, unless the backend refused us (unauthorized, forbidden). */
  function kickUnlessRefused() {
    if (!error.value) poller.kick();
  }

  /** The visitor or the host acted after a refusal (reopen, retry, new credentials): try once more. */
  function resume(): void {
    if (!leading) return void post({ type: 'resume' });
    error.value = null;
    poller.kick();
    wake();
    void pump();
  }

  // ---- leading and following ----------------------------------------------------------------------------

  function snapshot(): Snapshot {
    return {
      messages: messages.value,
      unread: unread.value,
      agent: agent.value,
      sticky: sticky.value,
      config: config.value,
      hasOlder: hasOlder.value,
      loadingOlder: loadingOlder.value,
      loadState: loadState.value,
      connection: connection.value,
      error: error.value && errorData(error.value),
      deviceId: deviceId.value,
      loaded,
    };
  }

  // The leader tells the others its state after each change (at most once per task).
  let telling = false;
  const stopTelling = effect(() => {
    snapshot(); // subscribes to every signal in it
    if (!leading || telling) return;
    telling = true;
    queueMicrotask(() => {
      telling = false;
      post({ type: 'state', state: snapshot() });
    });
  });

  function follow(state: Snapshot): void {
    for (const m of state.messages) mine.delete(m.id);
    loaded = state.loaded;
    batch(() => {
      messages.value = [...state.messages, ...mine.values()];
      unread.value = state.unread;
      agent.value = state.agent;
      sticky.value = state.sticky;
      config.value = state.config;
      hasOlder.value = state.hasOlder;
      loadingOlder.value = state.loadingOlder;
      loadState.value = state.loadState;
      connection.value = state.connection;
      error.value = state.error && fromErrorData(state.error);
      deviceId.value = state.deviceId;
    });
  }

  const tabState = (): TabMessage => ({ type: 'tab', tab: tabId, open: isOpen.value, visible: visible() });
  /** This tab's chat was opened or closed, shown or hidden, focused: the leader adjusts its polling. */
  const tellLeader = () => {
    if (!leading) post(tabState());
  };

  function onTabMessage(message: TabMessage): void {
    if (message.type === 'reset') return void forgetAndWipe();
    if (leading) {
      switch (message.type) {
        case 'tab':
          peers.set(message.tab, message);
          if (message.open) activate();
          else poller.reschedule();
          post({ type: 'state', state: snapshot() });
          return;
        case 'bye':
          peers.delete(message.tab);
          return poller.reschedule();
        case 'outbox':
          return void ensureDeviceId(message.device)
            .then((device) => outboxOf(device).add(message.entry, message.image))
            .then(() => adopt(message.entry, message.image));
        case 'retry':
          return void retryEntry(message.id);
        case 'cancel':
          return cancelEntry(message.id);
        case 'older':
          return void loadOlder();
        case 'resume':
          return resume();
      }
    } else {
      switch (message.type) {
        case 'state':
          return follow(message.state);
        case 'message':
          return events.emit('message', message.detail);
        case 'error':
          return events.emit('error', fromErrorData(message.error));
        case 'settled':
          return settle(message.id, message.error && (message.error === 'cancelled' ? cancelError() : fromErrorData(message.error)), false);
        case 'hello':
          return tellLeader();
      }
    }
  }

  /** This session leads now: at page load, or when the tab that led closed. */
  async function lead(): Promise<void> {
    if (disposed) return;
    leading = true;
    peers.clear();
    post({ type: 'hello' });
    await readOutbox(true);
    if (disposed) return;
    post({ type: 'state', state: snapshot() });
    if (anyOpen()) activate();
    else if (returning) poller.kick();
    void pump();
  }

  /** Some tab opened the chat: it is read, and it loads and polls at the fast cadence. */
  function activate(): void {
    if (unread.value) {
      unread.value = 0;
      saveConversation();
    }
    if (loaded) poller.kick();
    else void connect().then(kickUnlessRefused, kickUnlessRefused);
  }

  // ---- page events ------------------------------------------------------------------------------------

  function onOnline() {
    connection.value = 'online';
    if (!leading) return tellLeader();
    wake();
    // Messages that failed because the connection was gone get a new round.
    void readOutbox(true).then(() => {
      poller.kick();
      void pump();
    });
  }
  function onOffline() {
    connection.value = 'offline';
    poller.reschedule();
  }
  function onVisibility() {
    if (visible()) onFocus();
    else if (leading) poller.reschedule();
    else tellLeader();
  }
  function onFocus() {
    if (!leading) return tellLeader();
    wake();
    if (deviceId.value && (baseline || isOpen.value)) poller.kick();
  }
  function onPageHide() {
    if (!leading) post({ type: 'bye', tab: tabId });
  }

  let disposed = false;
  let returning = false;
  const started = (async () => {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    window.addEventListener('focus', onFocus);
    window.addEventListener('pagehide', onPageHide);
    document.addEventListener('visibilitychange', onVisibility);
    const cachedConfig = await store.get<ChatConfig>(configKey);
    if (cachedConfig && !config.value) config.value = cachedConfig;
    deviceId.value ??= (await store.get<string>(deviceKey)) ?? null;
    if (deviceId.value) {
      const cached = await store.get<CachedConversation>(conversationKey(deviceId.value));
      // A visitor is returning when this browser kept their conversation; only then may the closed chat poll.
      returning = options.deviceId ? Boolean(cached) : true;
      if (cached && Array.isArray(cached.messages)) {
        batch(() => {
          messages.value = mergeMessages(messages.value, cached.messages);
          unread.value = Number(cached.unread) || 0;
          hasOlder.value = true;
        });
        cached.messages.forEach((m) => announced.add(m.id));
        baseline = true;
      }
    }
    if (!tabs) await lead();
    else tellLeader();
  })();

  /** Forgets the conversation in memory: every request of it aborted, everything waiting rejected. */
  function forget(): string | null {
    const oldDevice = deviceId.value;
    typing.stop();
    generation++;
    aborter.abort();
    aborter = new AbortController();
    trying?.controller.abort();
    wake();
    poller.stop();
    pumping = false;
    connecting = null;
    loaded = baseline = false;
    registeredDevice = null;
    entries = [];
    announced.clear();
    claimed.clear();
    images.clear();
    mine.clear();
    reading = Promise.resolve();
    for (const id of [...waiters.keys()]) settle(id, cancelError(), false);
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
    return oldDevice;
  }

  /** Another tab reset the conversation: forget it here too; the leader makes sure nothing of it is left stored. */
  async function forgetAndWipe(): Promise<void> {
    const oldDevice = forget();
    if (!leading) return;
    await wipe(oldDevice);
    if (anyOpen()) activate();
  }

  async function wipe(oldDevice: string | null): Promise<void> {
    await Promise.all([
      store.del(deviceKey),
      oldDevice && store.del(conversationKey(oldDevice)),
      oldDevice && outboxOf(oldDevice).clear(),
    ]);
  }

  function retryEntry(id: string): void {
    const entry = entries.find((e) => e.id === id && e.failed);
    if (!entry) return;
    entry.failed = undefined;
    entry.attempts = 0;
    void outboxOf(deviceId.value!).patch(id, { failed: undefined, attempts: 0 });
    update(id, { status: 'pending' });
    resume();
  }

  function cancelEntry(id: string): void {
    const entry = entries.find((e) => e.id === id);
    if (trying?.entry === entry) trying?.controller.abort();
    entries = entries.filter((e) => e !== entry);
    finished.add(id);
    if (deviceId.value) void outboxOf(deviceId.value).remove(id);
    remove(id);
    settle(id, cancelError());
  }

  async function loadOlder(): Promise<void> {
    if (!leading) return void post({ type: 'older' });
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
  }

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
      void started.then(() => {
        if (!isOpen.value) return;
        if (leading) activate();
        else tellLeader();
      });
    },

    close(): void {
      if (!isOpen.value) return;
      isOpen.value = false;
      typing.stop();
      if (leading) poller.reschedule();
      else tellLeader();
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
        typing.stop();
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
      if (!messages.value.some((m) => m.id === id && m.status === 'failed')) return Promise.resolve();
      const done = wait(id);
      if (leading) retryEntry(id);
      else {
        update(id, { status: 'pending' });
        post({ type: 'retry', id });
      }
      return done;
    },

    /** Deletes the visitor's pending or failed message (an upload in progress is aborted). */
    cancel(id: string): void {
      if (leading) return cancelEntry(id);
      finished.add(id);
      if (mine.has(id) && deviceId.value) void outboxOf(deviceId.value).remove(id);
      remove(id);
      settle(id, cancelError(), false);
      post({ type: 'cancel', id });
    },

    /** The bytes of a message's image, fetched through the transport (the same headers as every request). */
    fetchImage(ref: string, signal?: AbortSignal): Promise<Blob> {
      return call((t, c) => t.fetchImage(c, ref), signal);
    },

    /** Loads the next older page, until the backend says there is nothing older. Never adds a duplicate. */
    loadOlder,

    /** The visitor typed in the composer (drives startTyping/stopTyping). */
    typing(): void {
      if (loaded) typing.input();
    },

    /** Replaces the transport, e.g. when the host gives a new access token or headers; refused calls are tried again. */
    setTransport(next: Transport): void {
      transport = next;
      if (error.value) resume();
    },

    /**
     * Forgets the device id, the cached conversation and the outbox, in every tab of this browser: a fresh,
     * anonymous conversation, and nothing of the old one is shown or sent.
     */
    async reset(): Promise<void> {
      await started;
      const oldDevice = forget();
      post({ type: 'reset' });
      await wipe(oldDevice);
      if (isOpen.value && leading) activate();
    },

    /** Stops timers, listeners and requests; another tab takes the lead. The session is not used again. */
    dispose(): void {
      disposed = true;
      typing.stop();
      generation++;
      aborter.abort();
      trying?.controller.abort();
      wake();
      poller.stop();
      stopTelling();
      onPageHide();
      tabs?.close();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('pagehide', onPageHide);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
