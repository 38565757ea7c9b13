import { effect } from '@preact/signals-core';
import type { Cache } from './cache';
import type { Conversation } from './conversation';
import type { Emitter } from './emitter';
import { cancelError, errorData, fromErrorData } from './errors';
import type { OutboxEntry } from './outbox';
import type { PageEnvironment } from './page';
import { follow, snapshot, type ChatEvents, type State } from './state';
import type { TabMessage, TabState } from './sync';

/**
 * What this tab does, as the leader or as a follower (see tabs.ts): the leader polls, sends the outbox and keeps
 * the cache; a follower shows the leader's state and hands it what its visitor does.
 */
export interface Role {
  /** This tab's chat was opened. */
  opened(): void;
  /** This tab's chat was closed, or the tab hidden. */
  quieter(): void;
  /** The window got the focus, or the tab was shown. */
  focus(): void;
  online(): void;
  /** A message this tab's visitor wrote is in the outbox store. */
  deliver(entry: OutboxEntry, image?: Blob): void;
  retry(id: string): void;
  cancel(id: string): void;
  loadOlder(): Promise<void>;
  /** The visitor or the host acted after a refusal (reopen, retry, new credentials): try once more. */
  resume(): void;
  /** The conversation was reset here; a new one starts. */
  restarted(): void;
  receive(message: TabMessage): void;
  /** The page goes away (it may come back from the back-forward cache). */
  leave(): void;
  /** The session is disposed. */
  dispose(): void;
}

export interface RoleDeps {
  state: State;
  cache: Cache;
  page: PageEnvironment;
  events: Emitter<ChatEvents>;
  tabId: string;
  /** What the other tabs show, by tab id; only the leader keeps it. */
  peers: Map<string, TabState>;
  conversation(): Conversation;
  post(message: TabMessage): void;
  /** Forgets the conversation in memory and starts a new one; returns the device id the old one had. */
  forget(): string | null;
}

/** Leads from now on: tells the other tabs its state after each change, and the events of the conversation. */
export function createLeader(deps: RoleDeps): Role {
  const { state, cache, peers, post } = deps;
  const convo = deps.conversation;
  const tell = () => post({ type: 'state', state: snapshot(state) });
  const stopTelling = [
    tellOnChange(state, tell),
    deps.events.on('message', (detail) => post({ type: 'message', detail })),
    deps.events.on('error', (error) => post({ type: 'error', error: errorData(error) })),
  ];

  /** Some tab opened the chat: it is read, and it loads and polls at the fast cadence. */
  function activate(): void {
    const { inbox, pages } = convo();
    inbox.markRead();
    if (state.loaded.value) pages.poller.kick();
    else void pages.connect().then(pages.kickUnlessRefused, pages.kickUnlessRefused);
  }

  function resume(): void {
    state.error.value = null;
    convo().pages.poller.kick();
    convo().sender.wake();
    void convo().sender.pump();
  }

  function deliver(entry: OutboxEntry, image?: Blob): void {
    if (convo().queue.add(entry, image)) void convo().sender.pump();
  }

  const restarted = () => {
    if (state.isOpen.value || [...peers.values()].some((p) => p.open)) activate();
  };

  const reschedule = () => convo().pages.poller.reschedule();

  function receive(message: TabMessage): void {
    switch (message.type) {
      case 'tab':
        peers.set(message.tab, message);
        if (message.open) activate();
        else reschedule();
        return tell();
      case 'bye':
        peers.delete(message.tab);
        return reschedule();
      case 'outbox':
        return void convo()
          .connection.ensureDeviceId(message.device)
          .then((device) => cache.outbox(device).add(message.entry, message.image))
          .then(() => deliver(message.entry, message.image));
      case 'retry':
        return leader.retry(message.id);
      case 'cancel':
        return leader.cancel(message.id);
      case 'older':
        return void convo().pages.loadOlder();
      case 'resume':
        return resume();
      case 'reset':
        return void cache.wipe(deps.forget()).then(restarted);
    }
  }

  const leader: Role = {
    opened: activate,
    quieter: reschedule,
    focus() {
      const { sender, inbox, pages } = convo();
      sender.wake();
      if (state.deviceId.value && (inbox.isLive() || state.isOpen.value)) pages.poller.kick();
    },
    online() {
      convo().sender.wake();
      // Messages that failed because the connection was gone get a new round.
      void convo()
        .queue.read(true)
        .then(() => {
          convo().pages.poller.kick();
          void convo().sender.pump();
        });
    },
    deliver,
    retry(id) {
      if (convo().queue.retry(id)) resume();
    },
    cancel(id) {
      convo().sender.cancel(id);
      convo().settle(id, cancelError(), true);
    },
    loadOlder: () => convo().pages.loadOlder(),
    resume,
    restarted,
    receive,
    leave() {},
    dispose: () => stopTelling.forEach((stop) => stop()),
  };
  return leader;
}

/** Calls `tell` after the state changed, at most once per task (and once now). */
function tellOnChange(state: State, tell: () => void): () => void {
  let queued = false;
  return effect(() => {
    snapshot(state); // subscribes to every value in it
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      tell();
    });
  });
}

export function createFollower(deps: RoleDeps): Role & { tellLeader(): void } {
  const { state, events, post } = deps;
  const convo = deps.conversation;
  const tellLeader = () => post({ type: 'tab', tab: deps.tabId, open: state.isOpen.value, visible: deps.page.visible() });

  function receive(message: TabMessage): void {
    switch (message.type) {
      case 'state': {
        const { own } = convo();
        for (const m of message.state.messages) own.delete(m.id);
        return follow(state, message.state, [...own.values()]);
      }
      case 'message':
        return events.emit('message', message.detail);
      case 'error':
        return events.emit('error', fromErrorData(message.error));
      case 'settled':
        return convo().settle(message.id, message.error && (message.error === 'cancelled' ? cancelError() : fromErrorData(message.error)));
      case 'hello':
        return tellLeader();
      case 'reset':
        return void deps.forget();
    }
  }

  return {
    opened: tellLeader,
    quieter: tellLeader,
    focus: tellLeader,
    online: tellLeader,
    deliver: (entry, image) => post({ type: 'outbox', entry, image, device: state.deviceId.value! }),
    retry(id) {
      convo().queue.update(id, { status: 'pending' });
      post({ type: 'retry', id });
    },
    cancel(id) {
      const { queue, own, settle } = convo();
      // Only a message the leader has not got yet is this tab's to remove from the store.
      queue.remove(id, own.has(id));
      settle(id, cancelError());
      post({ type: 'cancel', id });
    },
    loadOlder: async () => post({ type: 'older' }),
    resume: () => post({ type: 'resume' }),
    restarted() {},
    receive,
    leave: () => post({ type: 'bye', tab: deps.tabId }),
    dispose: () => post({ type: 'bye', tab: deps.tabId }),
    tellLeader,
  };
}
