import type { Transport } from '../transport/types';
import { messaging, panel, type Session } from './actions';
import { createCache } from './cache';
import { endConversation, forgetConversation, startConversation } from './conversation';
import { createEmitter } from './emitter';
import { createFollower } from './follower';
import { history, goLive } from './inbox';
import { createLeader } from './leadership';
import { isLocal, mergeMessages, randomId } from './messages';
import { browserPage, type PageEnvironment } from './page';
import { readOutbox } from './queue';
import { pump } from './sender';
import { assign, createState, publicState, startOver, type ChatEvents } from './state';
import { browserStore, type KeyValueStore } from './storage';
import type { TabMessage, TabState } from './sync';
import { joinTabs } from './tabs';
import { visitorInfo } from './visitor';

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
  /**
   * Whether the host gave the credentials of a signed-in visitor (an access token): asked when the account config
   * requires it (`authorizationRequired`). Always yes by default.
   */
  signedIn?: () => boolean;
  /** Who the visitor is, as `identify` takes it; an invalid value is left out. */
  visitor?: Readonly<Record<string, unknown>> | null;
}

export type ChatSession = ReturnType<typeof createChatSession>;

/**
 * The headless chat: all state as signals (state.ts), all behaviour. It composes one conversation at a time
 * (conversation.ts) with this tab's role: of the sessions of one conversation in several tabs one leads
 * (leadership.ts), the others follow (follower.ts).
 */
export function createChatSession(options: ChatSessionOptions) {
  const page = options.page ?? browserPage();
  const s = compose(options, page);
  const started = restore(s).then(() => (s.tabs ? follower.tellLeader() : lead(s)));
  const follower = createFollower(s.roles);
  s.role = follower;
  s.tabs = joinTabs<TabMessage>(
    `parley-chat:${options.storageKey}`,
    page.locks,
    (m) => s.role.receive(m),
    () => {
      void started.then(() => lead(s));
    },
  );
  const stopListening = page.listen({
    online() {
      s.state.connection.value = 'online';
      s.role.wentOnline();
    },
    offline() {
      s.state.connection.value = 'offline';
      s.convo.poller.reschedule();
    },
    focus: () => s.role.focused(),
    visibility: () => (page.visible() ? s.role.focused() : s.role.quieter()),
    pagehide: () => s.role.leave(),
  });
  const actions = { ...panel(s, started), ...messaging(s, started) };
  return {
    ...publicState(s.state),
    /** Resolves when the stored state (device id, cached conversation) has been read. */
    ready: started,
    on: s.roles.events.on,
    ...actions,
    /**
     * A new conversation, as `reset` makes one, into which the visitor's messages not sent yet go, in the order
     * written: what the visitor does once the backend ended the conversation (`ended`).
     */
    async startNew(): Promise<void> {
      const unsent = s.state.messages.value.filter((m) => isLocal(m) && m.status !== 'sent');
      await actions.reset();
      for (const { text, file } of unsent)
        void (text === null ? file && actions.sendImage(file) : actions.send(text))?.catch(() => {});
    },
    /** Stops timers, listeners and requests; another tab takes the lead. The session is not used again. */
    dispose(): void {
      s.disposed = true;
      endConversation(s.convo);
      s.role.retire();
      s.tabs?.close();
      stopListening();
    },
  };
}

function compose(options: ChatSessionOptions, page: PageEnvironment): Session {
  const cache = createCache(options.store ?? browserStore(), options.storageKey);
  const state = createState(options.deviceId ?? null, page.online());
  state.visitor.value = visitorInfo(options.visitor ?? null) ?? null;
  const events = createEmitter<ChatEvents>();
  const peers = new Map<string, TabState>();
  /** What each tab shows: this one, then the others. */
  const tabs = (): Omit<TabState, 'tab'>[] => [
    { open: state.isOpen.value, visible: page.visible() },
    ...peers.values(),
  ];
  const anyOpen = () => tabs().some((t) => t.open);
  const active = () => tabs().some((t) => t.open && t.visible);
  const watched = () => tabs().some((t) => t.open || t.visible);
  const post = (message: TabMessage) => {
    try {
      s.tabs?.post(message);
    } catch {
      // The channel closed with the session; the other tabs learn from the next leader.
    }
  };
  const signedIn = options.signedIn ?? (() => true);
  const parts = { state, cache, events, post, anyOpen, active, watched, signedIn, transport: () => s.transport };
  // Its conversation and roles refer to the session itself: they are added once it exists.
  const s = {
    options,
    state,
    cache,
    post,
    transport: options.transport,
    tabs: null,
    disposed: false,
    returning: false,
  } as Partial<Session> as Session;
  s.convo = startConversation(parts);
  s.roles = { state, cache, page, events, peers, post, tabId: randomId(), conversation: () => s.convo, forget };
  /** Forgets the conversation in memory: every request of it aborted, everything waiting rejected. */
  function forget(): string | null {
    const oldDevice = state.deviceId.value;
    forgetConversation(s.convo);
    s.convo = startConversation(parts);
    startOver(state, options.deviceId ?? null);
    return oldDevice;
  }
  return s;
}

/** Reads what the browser kept: the config, the device id and the cached conversation. */
async function restore(s: Session): Promise<void> {
  const { state, cache, convo, options } = s;
  const cachedConfig = await cache.config();
  if (cachedConfig && !state.config.value) state.config.value = cachedConfig;
  state.deviceId.value ??= (await cache.device()) ?? null;
  if (!state.deviceId.value) return;
  const cached = await cache.conversation(state.deviceId.value);
  s.returning = options.deviceId ? Boolean(cached) : true;
  if (!cached) return;
  const { messages, newer, ...kept } = cached;
  assign(state, {
    ...kept,
    messages: mergeMessages(state.messages.value, messages),
    cursors: { older: null, newer },
    hasOlder: true,
  });
  history(convo, cached.messages);
  goLive(convo);
}

/** This session leads now: at page load, or when the tab that led closed. */
async function lead(s: Session): Promise<void> {
  if (s.disposed) return;
  s.role = createLeader(s.roles);
  s.roles.peers.clear();
  s.post({ type: 'hello' });
  await readOutbox(s.convo, true);
  if (s.disposed) return;
  if (s.convo.anyOpen()) s.role.opened();
  else if (s.returning) s.convo.poller.kick();
  void pump(s.convo);
}
