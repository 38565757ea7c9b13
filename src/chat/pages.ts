import type { ChatConfig, MessagePage } from '../transport/types';
import type { Cache } from './cache';
import type { Connection } from './connection';
import { asTransportError, isAbort } from './errors';
import type { Inbox } from './inbox';
import { confirmedRange, isLocal, mergeMessages } from './messages';
import { createPoller } from './poller';
import type { Scope } from './scope';
import { assign, type State } from './state';

export interface PagesDeps {
  state: State;
  cache: Cache;
  scope: Scope;
  connection: Connection;
  inbox: Inbox;
  /** Some tab shows the chat open. */
  anyOpen(): boolean;
  /** Some tab shows the chat open and visible: poll at the fast cadence. */
  active(): boolean;
}

export type Pages = ReturnType<typeof createPages>;

/** The pages of one conversation: the first load, polling for newer messages, and history paging. */
export function createPages({ state, cache, scope, connection, inbox, anyOpen, active }: PagesDeps) {
  /** The first load in progress; concurrent callers share it. */
  let connecting: Promise<void> | null = null;
  const poller = createPoller(poll, () => ({
    online: state.connection.value !== 'offline',
    visible: active(),
    open: active(),
  }));
  scope.onEnd(poller.stop);

  /** First open (or first send): device, registration, config and the latest page. */
  function connect(): Promise<void> {
    if (state.loaded.value) return Promise.resolve();
    connecting ??= load().finally(() => {
      if (scope.alive) connecting = null;
    });
    return connecting;
  }

  async function load(): Promise<void> {
    if (!state.messages.value.length) state.loadState.value = 'loading';
    try {
      await connection.ensureDeviceId();
      scope.check();
      await connection.register();
      scope.check();
      const call = connection.call;
      const [config, page] = await Promise.all([call((t, c) => t.config(c)), call((t, c) => t.latest(c))]);
      if (scope.alive) showFirst(config, page);
    } catch (e) {
      // Typed once here, so that a send waiting on this connect reports the same error, not a second one.
      const err = isAbort(e) ? e : asTransportError(e);
      if (scope.alive) {
        state.loadState.value = state.messages.value.length ? 'ready' : 'idle';
        connection.report(err);
      }
      throw err;
    }
  }

  function showFirst(config: ChatConfig, page: MessagePage): void {
    state.config.value = config;
    void cache.saveConfig(config);
    const { newest } = confirmedRange(state.messages.value);
    // A cache older than the whole latest page leaves a gap; drop it rather than show a hole.
    const oldestOfPage = page.messages[0]?.id;
    if (newest && oldestOfPage && page.hasOlder && !page.messages.some((m) => m.id === newest)) {
      state.messages.value = state.messages.value.filter(isLocal);
    }
    inbox.receive(page);
    inbox.goLive();
    assign(state, { hasOlder: page.hasOlder, loaded: true, loadState: 'ready' });
    connection.succeeded();
  }

  /** One poll: connect when an open chat has not loaded yet, else fetch what is newer than the newest message. */
  async function poll(): Promise<boolean> {
    if (!state.deviceId.value) return false;
    if (anyOpen() && !state.loaded.value) {
      await connect();
      return true;
    }
    const { newest } = confirmedRange(state.messages.value);
    try {
      const page = await connection.call((t, c) => (newest ? t.newer(c, newest) : t.latest(c)));
      if (!scope.alive) return false;
      const wasTyping = state.agent.value?.isTyping ?? false;
      const added = inbox.receive(page);
      if (!newest && !state.loaded.value) state.hasOlder.value = page.hasOlder;
      inbox.goLive();
      connection.succeeded();
      return added > 0 || wasTyping || (page.agent?.isTyping ?? false);
    } catch (e) {
      if (scope.alive) connection.report(e);
      throw e;
    }
  }

  /** Loads the next older page, until the backend says there is nothing older. Never adds a duplicate. */
  async function loadOlder(): Promise<void> {
    const { oldest } = confirmedRange(state.messages.value);
    if (state.loadingOlder.value || !state.hasOlder.value || !oldest) return;
    state.loadingOlder.value = true;
    try {
      const page = await connection.call((t, c) => t.older(c, oldest));
      if (!scope.alive) return;
      inbox.history(page.messages);
      assign(state, {
        messages: mergeMessages(state.messages.value, page.messages),
        hasOlder: page.hasOlder && page.messages.length > 0,
      });
    } catch (e) {
      if (scope.alive) connection.report(e);
    } finally {
      if (scope.alive) state.loadingOlder.value = false;
    }
  }

  /** Polling goes on after a connect or a send, unless the backend refused us (unauthorized, forbidden). */
  const kickUnlessRefused = () => {
    if (!state.error.value) poller.kick();
  };

  return { connect, poll, loadOlder, poller, kickUnlessRefused };
}
