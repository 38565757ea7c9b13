// A leader's or follower's surroundings for the role tests: one real conversation (conversation.ts) over a fake
// transport and a memory store, the tab messages posted (structured-cloned, as a BroadcastChannel would), and
// `forget` as the session does it.
import { afterEach, beforeEach, vi } from 'vitest';
import { createCache } from '../../src/chat/cache';
import { forgetConversation, startConversation, type SessionParts } from '../../src/chat/conversation';
import { createEmitter } from '../../src/chat/emitter';
import type { RoleDeps } from '../../src/chat/leadership';
import type { PageEnvironment } from '../../src/chat/page';
import { createState, startOver, type ChatEvents } from '../../src/chat/state';
import { memoryStore } from '../../src/chat/storage';
import type { TabMessage, TabState } from '../../src/chat/sync';
import { FakeTransport } from './fake-transport';

export const DEVICE = 'device-1234';

/** Fake timers for each test, and `onCleanup` functions run after it (a role retired, a conversation ended). */
export function useRoleTests(): (fn: () => void) => void {
  let cleanups: (() => void)[] = [];
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => {
    cleanups.forEach((fn) => fn());
    cleanups = [];
    vi.useRealTimers();
  });
  return (fn) => void cleanups.push(fn);
}

export function roleSetup({ deviceId = DEVICE as string | null, tabId = 'this-tab' } = {}) {
  const transport = new FakeTransport();
  const state = createState(deviceId, true);
  const cache = createCache(memoryStore(), 'k');
  const events = createEmitter<ChatEvents>();
  const posted: TabMessage[] = [];
  const post = (message: TabMessage) => void posted.push(structuredClone(message));
  const peers = new Map<string, TabState>();
  const visible = { value: true };
  const page: PageEnvironment = {
    online: () => true,
    visible: () => visible.value,
    locks: undefined,
    listen: () => () => {},
  };
  const parts: SessionParts = {
    state,
    cache,
    events,
    post,
    transport: () => transport,
    signedIn: () => true,
    anyOpen: () => state.isOpen.value || [...peers.values()].some((p) => p.open),
    active: () => (state.isOpen.value && page.visible()) || [...peers.values()].some((p) => p.open && p.visible),
    watched: () => page.visible() || state.isOpen.value || [...peers.values()].some((p) => p.open || p.visible),
  };
  let convo = startConversation(parts);
  const forget = vi.fn((): string | null => {
    const oldDevice = state.deviceId.value;
    forgetConversation(convo);
    convo = startConversation(parts);
    startOver(state, null);
    return oldDevice;
  });
  const deps: RoleDeps = { state, cache, page, events, tabId, peers, post, forget, conversation: () => convo };
  /** The tab messages of one type posted so far. */
  const postedOf = <T extends TabMessage['type']>(type: T) =>
    posted.filter((m): m is Extract<TabMessage, { type: T }> => m.type === type);
  return { transport, state, cache, events, posted, postedOf, peers, visible, forget, deps, convo: () => convo };
}
