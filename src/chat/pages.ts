import type { ChatConfig, MessagePage } from '../transport/types';
import { withDefaults } from './config';
import { call, checkSignedIn, ensureDeviceId, register, report, succeeded, type ConnectionNeeds } from './connection';
import { asTransportError, isAbort } from './errors';
import { goLive, history, receive, type InboxNeeds } from './inbox';
import { compareMessages, isLocal, mergeMessages } from './messages';
import { createPoller, type Poller } from './poller';
import { assign } from './state';

/** What the pages of one conversation keep: the first load, polling for newer messages, and history paging. */
export interface PagesFields {
  /** The first load in progress; concurrent callers share it. */
  connecting: Promise<void> | null;
  poller: Poller;
}

export interface PagesNeeds extends PagesFields, ConnectionNeeds, InboxNeeds {
  /** Some tab shows the chat open and visible: poll at the fast cadence. */
  active(): boolean;
  /** Some tab is visible or has the chat open: else polling pauses. */
  watched(): boolean;
}

/** The fields, with a poller of `c` that stops when the conversation ends. */
export function pagesFields(c: PagesNeeds): PagesFields {
  const poller = createPoller(
    () => poll(c),
    () => ({ online: c.state.connection.value !== 'offline', active: c.active(), watched: c.watched() }),
  );
  c.scope.onEnd(poller.stop);
  return { connecting: null, poller };
}

/** First open (or first send): device, registration, config and the latest page. */
export function connect(c: PagesNeeds): Promise<void> {
  if (c.state.loaded.value) return Promise.resolve();
  c.connecting ??= load(c).finally(() => {
    if (c.scope.alive) c.connecting = null;
  });
  return c.connecting;
}

async function load(c: PagesNeeds): Promise<void> {
  const { messages, loadState } = c.state;
  if (!messages.value.length) loadState.value = 'loading';
  try {
    await ensureDeviceId(c);
    c.scope.check();
    await register(c);
    c.scope.check();
    const [config, page] = await Promise.all([call(c, (t, x) => t.config(x)), call(c, (t, x) => t.latest(x))]);
    if (c.scope.alive) showFirst(c, config, page);
    checkSignedIn(c);
  } catch (e) {
    // Typed once here, so that a send waiting on this connect reports the same error, not a second one.
    const err = isAbort(e) ? e : asTransportError(e);
    if (c.scope.alive) {
      loadState.value = messages.value.length ? 'ready' : 'idle';
      report(c, err);
    }
    throw err;
  }
}

function showFirst(c: PagesNeeds, backendConfig: Partial<ChatConfig>, page: MessagePage): void {
  const { messages } = c.state;
  const config = withDefaults(backendConfig);
  c.state.config.value = config;
  void c.cache.saveConfig(config);
  // The cached messages older than the page go (no cursor leads on from them, and there may be a gap): history
  // pages on from the page's own cursor.
  const oldest = page.messages[0];
  if (oldest) messages.value = messages.value.filter((m) => isLocal(m) || compareMessages(m, oldest) >= 0);
  receive(c, page);
  goLive(c);
  showsOlder(c, page.older);
  assign(c.state, { loaded: true, loadState: 'ready' });
  succeeded(c);
}

/**
 * One poll: connect when an open chat has not loaded yet (the latest page is this poll), else fetch what is newer
 * than the newest message.
 */
async function poll(c: PagesNeeds): Promise<boolean> {
  const { deviceId, loaded, agent } = c.state;
  if (c.anyOpen() && !loaded.value) {
    await connect(c);
    return true;
  }
  if (!deviceId.value) return false;
  const { newer } = c.state.cursors.value;
  try {
    if (!c.live) await countUnseen(c);
    const page = await call(c, (t, x) => (newer ? t.newer(x, newer) : t.latest(x)));
    if (!c.scope.alive) return false;
    const wasTyping = agent.value?.isTyping ?? false;
    const added = receive(c, page);
    if (!newer && !loaded.value) showsOlder(c, page.older);
    goLive(c);
    succeeded(c);
    return added > 0 || wasTyping || (page.agent?.isTyping ?? false);
  } catch (e) {
    if (c.scope.alive) report(c, e);
    throw e;
  }
}

/**
 * A returning visitor's closed chat before any history is in (no cache; the first page is history, not news): the
 * badge is what the backend counts unseen, where it counts. The pages after it add what is new, as without it.
 */
async function countUnseen(c: PagesNeeds): Promise<void> {
  try {
    const count = await call(c, async (t, x) => t.unseenCount?.(x));
    if (count !== undefined && c.scope.alive && !c.live) c.state.unread.value = count;
  } catch {
    // The page after it fails alike and is reported; without a count the badge starts from 0.
  }
}

/** Loads the next older page, until the backend says there is nothing older. Never adds a duplicate. */
export async function loadOlder(c: PagesNeeds): Promise<void> {
  const { messages, cursors, loadingOlder } = c.state;
  const { older } = cursors.value;
  if (loadingOlder.value || !older) return;
  loadingOlder.value = true;
  try {
    const page = await call(c, (t, x) => t.older(x, older));
    if (!c.scope.alive) return;
    history(c, page.messages);
    messages.value = mergeMessages(messages.value, page.messages);
    showsOlder(c, page.messages.length ? page.older : null);
  } catch (e) {
    if (c.scope.alive) report(c, e);
  } finally {
    if (c.scope.alive) loadingOlder.value = false;
  }
}

/** Where history paging goes on from: `older`, or nowhere (null). */
function showsOlder({ state }: PagesNeeds, older: string | null): void {
  assign(state, { cursors: { ...state.cursors.value, older }, hasOlder: older !== null });
}

/** Polling goes on after a connect or a send, unless the backend refused us (unauthorized, forbidden). */
export function kickUnlessRefused(c: PagesNeeds): void {
  if (!c.state.error.value) c.poller.kick();
}
