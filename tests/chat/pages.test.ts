import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCache } from '../../src/chat/cache';
import { DEFAULT_CONFIG } from '../../src/chat/config';
import { connectionFields } from '../../src/chat/connection';
import { createEmitter } from '../../src/chat/emitter';
import * as inbox from '../../src/chat/inbox';
import * as pages from '../../src/chat/pages';
import { FAST_POLL_MS } from '../../src/chat/poll-policy';
import { createScope } from '../../src/chat/scope';
import { createState, type ChatEvents } from '../../src/chat/state';
import { memoryStore } from '../../src/chat/storage';
import { TransportError } from '../../src/transport/types';
import { FakeTransport } from '../helpers/fake-transport';
import { page, serverMessage } from '../helpers/messages';
import { advance, flush } from './harness';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function setup({ deviceId = 'device-1234' as string | null, open = false, active = false, watched = true } = {}) {
  const transport = new FakeTransport();
  const state = createState(deviceId, true);
  const cache = createCache(memoryStore(), 'k');
  const scope = createScope();
  const events = createEmitter<ChatEvents>();
  const announced: string[] = [];
  const errors: TransportError[] = [];
  events.on('message', (e) => announced.push(e.message.id));
  events.on('error', (e) => errors.push(e));
  const tabs = { open, active, watched };
  // Like conversation.ts: the poller refers to the object it is part of, so it is added once the object exists.
  const c = {
    ...connectionFields(),
    ...inbox.inboxFields(),
    state,
    cache,
    scope,
    events,
    transport: () => transport,
    signedIn: () => true,
    onRefused: vi.fn(),
    retryPending: () => false,
    anyOpen: () => tabs.open,
    active: () => tabs.active,
    watched: () => tabs.watched,
    claimCopies: vi.fn(),
    save: vi.fn(),
  } as Omit<pages.PagesNeeds, keyof pages.PagesFields> as pages.PagesNeeds;
  Object.assign(c, pages.pagesFields(c));
  const ids = () => state.messages.value.map((m) => m.id);
  return { transport, state, cache, scope, announced, errors, tabs, c, ids };
}

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => String(first + i));

describe('pages', () => {
  it('connect registers, loads the config and the latest page once for concurrent callers, and goes live', async () => {
    const { transport, state, cache, c, ids, announced } = setup();
    transport.seed(3);
    const first = pages.connect(c);
    const second = pages.connect(c);
    expect(state.loadState.value).toBe('loading');
    await Promise.all([first, second]);
    expect(transport.names()).toEqual(['register', 'config', 'latest']);
    expect(ids()).toEqual(['1', '2', '3']);
    expect([state.loaded.value, state.loadState.value, state.hasOlder.value]).toEqual([true, 'ready', false]);
    expect(state.config.value).toEqual(transport.chatConfig);
    expect(await cache.config()).toEqual(transport.chatConfig);
    expect(announced).toEqual([]); // the first page is history
    inbox.receive(c, page([serverMessage('4')])); // what arrives from now on is news
    expect(announced).toEqual(['4']);

    await pages.connect(c);
    expect(transport.count('latest')).toBe(1);
  });

  it('gives what a backend leaves out of its config (or sets undefined) the defaults', async () => {
    const { transport, state, cache, c } = setup();
    transport.chatConfig = { name: 'Help', allowImage: undefined, colors: { navBackground: '#123456' } };
    await pages.connect(c);
    const expected = { ...DEFAULT_CONFIG, name: 'Help', colors: { navBackground: '#123456' } };
    expect(state.config.value).toEqual(expected);
    expect(await cache.config()).toEqual(expected);
  });

  it('a failed connect reports one error to both callers, goes back to idle; the next one tries again', async () => {
    const { transport, state, c, errors } = setup();
    transport.failNext('config', 'network');
    const results = await Promise.allSettled([pages.connect(c), pages.connect(c)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const [a, b] = results.map((r) => (r.status === 'rejected' ? (r.reason as unknown) : null));
    expect(a).toBe(b);
    expect(a).toMatchObject({ kind: 'network' });
    expect(errors).toHaveLength(1);
    const shown = () => [state.loadState.value, state.loaded.value, state.connection.value];
    expect(shown()).toEqual(['idle', false, 'reconnecting']);

    await pages.connect(c);
    expect(shown()).toEqual(['ready', true, 'online']);

    // With cached messages to show, a connect never shows loading, and a failed one leaves them ready.
    const cached = setup();
    cached.state.messages.value = [serverMessage('1')];
    cached.transport.failNext('latest', 'server');
    const connecting = pages.connect(cached.c);
    expect(cached.state.loadState.value).toBe('idle');
    await expect(connecting).rejects.toMatchObject({ kind: 'server' });
    expect(cached.state.loadState.value).toBe('ready');
  });

  it('drops the cached messages older than the latest page (no gap, no cursor to page on from them)', async () => {
    const gap = setup();
    gap.transport.seed(60); // the latest page: 11 to 60, with older ones
    gap.state.messages.value = [serverMessage('1'), serverMessage('2'), serverMessage('local:a', 'user')];
    await pages.connect(gap.c);
    expect(gap.ids()).toEqual([...range(11, 60), 'local:a']);
    expect(gap.state.hasOlder.value).toBe(true);

    const overlap = setup();
    overlap.transport.seed(60);
    overlap.state.messages.value = [serverMessage('5'), serverMessage('11')];
    await pages.connect(overlap.c);
    expect(overlap.ids()).toEqual(range(11, 60));
    expect(overlap.state.cursors.value).toEqual({ older: '11', newer: '60' });
  });

  it('a connect that ends with its conversation changes nothing and reports nothing', async () => {
    const aborted = setup();
    aborted.transport.seed(2);
    const answer = aborted.transport.holdAnswer('latest');
    const connecting = pages.connect(aborted.c);
    await answer.started;
    aborted.scope.end();
    answer.release();
    await expect(connecting).rejects.toMatchObject({ name: 'AbortError' });
    expect(aborted.errors).toEqual([]);

    // A transport that does not honour the abort answers late: the answer is not shown.
    const late = setup();
    late.transport.seed(2);
    late.transport.honorAbort = false;
    const lateAnswer = late.transport.holdAnswer('latest');
    const lateConnect = pages.connect(late.c);
    await lateAnswer.started;
    late.scope.end();
    lateAnswer.release();
    await lateConnect;
    for (const { state } of [aborted, late]) {
      expect([state.messages.value, state.loaded.value, state.config.value]).toEqual([[], false, null]);
    }
  });

  it('a poll asks for what is newer than the newest message; news keeps the fast cadence, quiet slows it', async () => {
    const { transport, state, c, announced } = setup({ active: true });
    transport.seed(2);
    await pages.connect(c);
    c.poller.kick();
    await flush();
    expect(transport.callsOf('newer').map((call) => call.args[1])).toEqual(['2']);

    transport.addAgentMessage('Hello');
    await advance(FAST_POLL_MS - 1);
    expect(transport.count('newer')).toBe(1);
    await advance(1);
    expect(transport.callsOf('newer').map((call) => call.args[1])).toEqual(['2', '2']);
    expect(announced).toEqual(['3']);
    expect(state.unread.value).toBe(1); // no tab has the chat open

    // 2 s apart for 20 s after the news, then a tenth of the time since it: 2.2 s at 22 s.
    await advance(20_000);
    expect(transport.count('newer')).toBe(2 + 10);
    await advance(2_000);
    expect(transport.count('newer')).toBe(13);
    await advance(2_200 - 1);
    expect(transport.count('newer')).toBe(13);
    await advance(1);
    expect(transport.count('newer')).toBe(14);

    // The agent typing is news too: 2 s apart again.
    transport.agent.isTyping = true;
    await advance(2_500);
    expect(state.agent.value?.isTyping).toBe(true);
    const typingSeen = transport.count('newer');
    await advance(FAST_POLL_MS * 2);
    expect(transport.count('newer')).toBe(typingSeen + 2);
  });

  it('the conditions changing never make the due poll later; a pause stops polling until a kick', async () => {
    const { transport, c, tabs } = setup({ active: true });
    transport.seed(1);
    await pages.connect(c);
    c.poller.kick();
    await flush();
    // No tab shows the chat any more: the poll due in 2 s stays, the next one comes 30 s after it.
    tabs.active = false;
    c.poller.reschedule();
    await advance(FAST_POLL_MS);
    expect(transport.count('newer')).toBe(2);
    for (let i = 0; i < 29; i++) {
      await advance(1_000);
      c.poller.reschedule(); // as often as other tabs report: it does not start the wait over
    }
    await advance(1_000 - 1); // 30 s after that poll
    expect(transport.count('newer')).toBe(2);
    await advance(1);
    expect(transport.count('newer')).toBe(3);

    // No tab visible and the chat open nowhere: nothing until a kick (a tab shown).
    tabs.watched = false;
    c.poller.reschedule();
    await advance(60 * 60_000);
    expect(transport.count('newer')).toBe(3);
    tabs.watched = true;
    c.poller.kick();
    await flush();
    expect(transport.count('newer')).toBe(4);
  });

  it('quicken brings the next poll to 2 s after the last one at most, and never pushes it back', async () => {
    const { transport, c } = setup({ active: false });
    transport.seed(1);
    await pages.connect(c);
    c.poller.kick();
    await flush();
    await advance(10_000);
    c.poller.quicken(); // 10 s after the last poll: at once
    await flush();
    expect(transport.count('newer')).toBe(2);
    c.poller.quicken(); // just polled: 2 s after it
    await advance(FAST_POLL_MS - 1);
    expect(transport.count('newer')).toBe(2);
    await advance(1);
    expect(transport.count('newer')).toBe(3);
  });

  it('polling asks nothing without a device id, and connects when an open chat has not loaded yet', async () => {
    const none = setup({ deviceId: null });
    none.c.poller.kick();
    await flush();
    expect(none.transport.calls).toEqual([]);

    const open = setup({ deviceId: null, open: true, active: true });
    open.c.poller.kick();
    await flush();
    expect(open.transport.names()).toEqual(['register', 'config', 'latest']);
    expect(open.state.loaded.value).toBe(true);
  });

  it('loadOlder loads the next older page once at a time, as history, until there is nothing older', async () => {
    const { transport, state, c, ids, announced, errors } = setup();
    transport.seed(60);
    await pages.connect(c);
    // A failed one is reported and changes nothing: the next one tries again.
    transport.failNext('older', 'server');
    await pages.loadOlder(c);
    expect(errors.map((e) => e.kind)).toEqual(['server']);
    expect([ids().length, state.loadingOlder.value, state.hasOlder.value]).toEqual([50, false, true]);

    const loading = [pages.loadOlder(c), pages.loadOlder(c)];
    expect(state.loadingOlder.value).toBe(true);
    await Promise.all(loading);
    expect(transport.callsOf('older').map((call) => call.args[1])).toEqual(['11', '11']);
    expect(ids()).toEqual(range(1, 60));
    expect([state.hasOlder.value, state.loadingOlder.value]).toEqual([false, false]);
    expect(announced).toEqual([]);

    await pages.loadOlder(c);
    expect(transport.count('older')).toBe(2);
  });

  it('a failed poll is reported once and polls go on; they stop when the conversation ends, or refused', async () => {
    const failing = setup({ active: true });
    failing.transport.seed(1);
    await pages.connect(failing.c);
    failing.transport.failNext('newer', 'timeout', 2);
    failing.c.poller.kick();
    await advance(60_000);
    expect(failing.transport.count('newer')).toBeGreaterThan(2);
    expect(failing.errors.map((e) => e.kind)).toEqual(['timeout']);
    expect(failing.state.connection.value).toBe('online'); // the next poll succeeded

    const ended = setup({ active: true });
    ended.transport.seed(1);
    await pages.connect(ended.c);
    ended.c.poller.kick();
    await flush();
    ended.scope.end();
    await advance(60_000);
    expect(ended.transport.count('newer')).toBe(1);

    const refused = setup({ active: true });
    refused.transport.seed(1);
    await pages.connect(refused.c);
    refused.state.error.value = new TransportError('forbidden', 'no');
    pages.kickUnlessRefused(refused.c);
    await advance(60_000);
    expect(refused.transport.count('newer')).toBe(0);
    refused.state.error.value = null;
    pages.kickUnlessRefused(refused.c);
    await flush();
    expect(refused.transport.count('newer')).toBe(1);
  });
});
