import { effect } from '@preact/signals-core';
import type { Cache } from './cache';
import { ensureDeviceId, registerAgain } from './connection';
import type { Conversation } from './conversation';
import type { Emitter } from './emitter';
import { cancelError, errorData } from './errors';
import { markRead } from './inbox';
import type { OutboxEntry } from './outbox';
import type { PageEnvironment } from './page';
import { loadOlder } from './pages';
import { enqueue, readOutbox, retryEntry } from './queue';
import { noticeSeen } from './seen';
import { cancelEntry, pump, wake } from './sender';
import { snapshot, type ChatEvents, type State } from './state';
import type { TabMessage, TabState } from './sync';

/**
 * What this tab does, as the leader or as a follower (see tabs.ts): the leader polls, sends the outbox and keeps
 * the cache; a follower shows the leader's state and hands it what its visitor does (follower.ts).
 */
export interface Role {
  /** This tab's chat was opened. */
  opened(): void;
  /** This tab's chat was closed, or the tab hidden. */
  quieter(): void;
  /** The window got the focus, or the tab was shown. */
  focused(): void;
  /** The visitor typed in this tab's panel or pointed at it (at most once a second, see actions.ts). */
  acted(): void;
  wentOnline(): void;
  /** A message this tab's visitor wrote is in the outbox store. */
  deliver(entry: OutboxEntry, image?: Blob): void;
  retryMessage(id: string): void;
  deleteMessage(id: string): void;
  loadOlderPage(): Promise<void>;
  /** The visitor or the host acted after a refusal (reopen, retry, new credentials): try once more. */
  resume(): void;
  /** The host said who the visitor is (`state.visitor`): the backend hears it. */
  identified(): void;
  /** The conversation was reset here; a new one starts. */
  restarted(): void;
  receive(message: TabMessage): void;
  /** The page goes away (it may come back from the back-forward cache). */
  leave(): void;
  /** The session is disposed. */
  retire(): void;
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

/**
 * Leads from now on: tells the other tabs its state after each change, and the events of the conversation; marks
 * what shows in any tab seen.
 */
export function createLeader(d: RoleDeps): Role {
  const c = d.conversation;
  const stopLeading = [
    tellOnChange(d),
    seeOnChange(d),
    d.events.on('message', (detail) => d.post({ type: 'message', detail })),
    d.events.on('error', (error) => d.post({ type: 'error', error: errorData(error) })),
  ];
  const leader: Role = {
    opened: () => activate(c()),
    quieter: () => c().poller.reschedule(),
    focused: () => focus(d),
    acted: () => c().poller.quicken(),
    wentOnline: () => online(c()),
    deliver: (entry, image) => deliver(c(), entry, image),
    retryMessage: (id) => retryEntry(c(), id) && resume(c()),
    deleteMessage(id) {
      cancelEntry(c(), id);
      c().settle(id, cancelError(), true);
    },
    loadOlderPage: () => loadOlder(c()),
    resume: () => resume(c()),
    identified: () => registerAgain(c()),
    restarted: () => restarted(d),
    receive: (message) => receive(d, leader, message),
    leave() {},
    retire: () => stopLeading.forEach((stop) => stop()),
  };
  return leader;
}

/** Some tab opened the chat: it is read, and polled at the fast cadence (the first poll loads it). */
function activate(c: Conversation): void {
  markRead(c);
  c.poller.kick();
}

function resume(c: Conversation): void {
  c.state.error.value = null;
  c.poller.kick();
  wake(c);
  void pump(c);
}

function deliver(c: Conversation, entry: OutboxEntry, image?: Blob): void {
  // After a read of the store in progress (a new leader's first): the older entries it finds go first.
  void c.reading.then(() => {
    enqueue(c, entry, image);
    void pump(c);
  });
}

function focus({ state, conversation }: RoleDeps): void {
  const c = conversation();
  wake(c);
  noticeSeen(c);
  if (state.deviceId.value && (c.live || state.isOpen.value)) c.poller.kick();
}

function online(c: Conversation): void {
  wake(c);
  noticeSeen(c);
  // Messages that failed because the connection was gone get a new round.
  void readOutbox(c, true).then(() => {
    c.poller.kick();
    void pump(c);
  });
}

function restarted({ conversation }: RoleDeps): void {
  const c = conversation();
  if (c.anyOpen()) activate(c);
}

function receive(d: RoleDeps, leader: Role, message: TabMessage): void {
  const c = d.conversation();
  switch (message.type) {
    case 'tab': {
      const known = d.peers.get(message.tab);
      d.peers.set(message.tab, message);
      noticeSeen(c);
      if (message.open && !known?.open) activate(c);
      else if (message.visible) c.poller.quicken();
      else c.poller.reschedule();
      // A new tab needs the state; the others have it and hear of each change.
      if (!known) tell(d);
      return;
    }
    case 'bye':
      d.peers.delete(message.tab);
      return c.poller.reschedule();
    case 'outbox':
      return void ensureDeviceId(c, message.device)
        .then((device) => d.cache.outbox(device).add(message.entry, message.image))
        .then(() => leader.deliver(message.entry, message.image));
    case 'retry':
      return leader.retryMessage(message.id);
    case 'cancel':
      return leader.deleteMessage(message.id);
    case 'older':
      return void loadOlder(c);
    case 'resume':
      return resume(c);
    case 'identify':
      d.state.visitor.value = message.visitor;
      return registerAgain(c);
    case 'reset':
      return void d.cache.wipe(d.forget()).then(leader.restarted);
  }
}

/** What shows may change with the messages, the first page and this tab's panel; the other tabs say (`tab`). */
function seeOnChange(d: RoleDeps): () => void {
  return effect(() => {
    const { messages, loaded, isOpen } = d.state;
    void [messages.value, loaded.value, isOpen.value]; // subscribes to them
    noticeSeen(d.conversation());
  });
}

const tell = ({ post, state }: RoleDeps) => post({ type: 'state', state: snapshot(state) });

/**
 * Tells the other tabs the state after it changed, at most once per task (and once now), while there are any: a tab
 * that joins says so (`tab`) and is told the state then.
 */
function tellOnChange(d: RoleDeps): () => void {
  let queued = false;
  return effect(() => {
    snapshot(d.state); // subscribes to every value in it
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (d.peers.size) tell(d);
    });
  });
}
