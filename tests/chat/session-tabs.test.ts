import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/chat/storage';
import type { Transport } from '../../src/transport/types';
import { FakeTransport } from '../helpers/fake-transport';
import { fakePage, installTabs } from '../helpers/fake-tabs';
import { advance, flush, makeSession, texts, useSessionHarness } from './harness';

useSessionHarness();
let uninstall: () => void;
beforeEach(() => void (uninstall = installTabs()));
afterEach(() => uninstall());

/** One server, seen through one transport per tab that counts its own calls. */
function tabTransport(server: FakeTransport): { transport: FakeTransport; calls: string[] } {
  const calls: string[] = [];
  const transport = new Proxy(server, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function' || !(name in ({} as Transport) || typeof name === 'string')) return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { transport, calls };
}

const polls = (calls: string[]) => calls.filter((c) => c === 'latest' || c === 'newer').length;

/** Two tabs of one conversation, each with a page of its own; the first leads. */
async function twoTabs({ sharedStorage = true, store = memoryStore(), server = new FakeTransport() } = {}) {
  const a = { ...tabTransport(server), ...fakePage() };
  const b = { ...tabTransport(server), ...fakePage() };
  const first = makeSession({ transport: a.transport, store, storageKey: 'shared', page: a.page });
  await first.session.ready;
  await flush();
  const second = makeSession({
    transport: b.transport,
    store: sharedStorage ? store : memoryStore(),
    storageKey: 'shared',
    page: b.page,
  });
  await second.session.ready;
  await flush();
  return { server, store, a: { ...a, ...first }, b: { ...b, ...second } };
}

describe('several tabs', () => {
  it('only the leading tab polls; the other shows the same messages and unread count', async () => {
    const { server, a, b } = await twoTabs();
    a.session.open();
    await advance(1_000);
    a.session.close();
    server.addAgentMessage('Hello from Anna');
    await advance(60_000);
    expect(polls(a.calls)).toBeGreaterThan(0);
    expect(b.calls).toEqual([]);
    expect(texts(b.session)).toEqual(['Hello from Anna']);
    expect([a.session.unread.value, b.session.unread.value]).toEqual([1, 1]);

    b.session.open(); // reading it in one tab reads it in all
    await advance(100);
    expect([a.session.unread.value, b.session.unread.value]).toEqual([0, 0]);
    expect(b.calls).toEqual([]);
  });

  it('the chat open in the other tab makes the leader poll at the fast cadence', async () => {
    const { server, a, b } = await twoTabs();
    b.session.open();
    await advance(3_000);
    const before = polls(a.calls);
    server.addAgentMessage('quick');
    await advance(10_000); // at most 10 s open and visible; 30 s when no tab shows the chat
    expect(polls(a.calls)).toBeGreaterThan(before);
    expect(texts(b.session)).toContain('quick');
    expect(b.calls).toEqual([]);
  });

  it('a message written in the other tab shows there at once and is sent by the leader, once', async () => {
    const { server, a, b } = await twoTabs();
    b.session.open();
    await advance(1_000);
    const answer = server.holdAnswer('send');
    const sending = b.session.send('from tab two');
    await flush();
    expect(b.session.messages.value.map((m) => [m.text, m.status])).toEqual([['from tab two', 'pending']]);
    await advance(100); // the other tabs hear of it in a task of their own
    await answer.started;
    await flush();
    expect(a.session.messages.value.map((m) => [m.text, m.status])).toEqual([['from tab two', 'pending']]);
    answer.release();
    await advance(100);
    await sending;
    expect(a.calls).toContain('send');
    expect(b.calls).not.toContain('send');
    for (const tab of [a, b])
      expect(tab.session.messages.value.map((m) => [m.text, m.status])).toEqual([['from tab two', 'sent']]);
    expect(server.conversation.filter((m) => m.text === 'from tab two')).toHaveLength(1);
  });

  it('a tab whose IndexedDB failed (its state in memory) still hands its messages to the leader', async () => {
    const { server, a, b } = await twoTabs({ sharedStorage: false });
    const sending = b.session.send('no shared storage');
    await advance(2_000);
    await sending;
    expect(a.calls).toContain('send');
    expect(server.conversation.filter((m) => m.text === 'no shared storage')).toHaveLength(1);
    expect(b.session.deviceId.value).toBe(a.session.deviceId.value);
  });

  it('when the leading tab closes, the other takes over: it sends what was pending and polls', async () => {
    const { server, a, b } = await twoTabs();
    a.session.open();
    await advance(1_000);
    server.offline = true;
    void a.session.send('written in tab one').catch(() => {});
    await advance(2_000);
    a.session.dispose(); // the tab closes
    server.offline = false;
    await advance(30_000);
    expect(b.calls).toContain('send');
    expect(server.conversation.filter((m) => m.text === 'written in tab one')).toHaveLength(1);
    expect(b.session.messages.value.map((m) => [m.text, m.status])).toEqual([['written in tab one', 'sent']]);
    server.addAgentMessage('still here');
    await advance(60_000);
    expect(texts(b.session)).toContain('still here');
  });

  it('a session disposed at once (an element restarted while it upgrades) does not keep the lead from the next', async () => {
    const server = new FakeTransport();
    const store = memoryStore();
    makeSession({ transport: server, store, storageKey: 'restarted' }).session.dispose();
    const { session } = makeSession({ transport: server, store, storageKey: 'restarted' });
    session.open();
    await advance(1_000);
    expect(server.count('latest')).toBeGreaterThan(0);
    expect(session.loadState.value).toBe('ready');
  });

  it('a reset in one tab forgets the conversation in every tab', async () => {
    const { server, store, a, b } = await twoTabs();
    a.session.open();
    await advance(1_000);
    server.addAgentMessage('private');
    await advance(5_000);
    expect(texts(b.session)).toEqual(['private']);
    const oldDevice = a.session.deviceId.value;
    a.session.close();
    await b.session.reset();
    await advance(1_000);
    expect(a.session.messages.value).toEqual([]);
    expect(b.session.messages.value).toEqual([]);
    expect([a.session.deviceId.value, b.session.deviceId.value]).toEqual([null, null]);
    expect(await store.get(`shared:${oldDevice}:conversation`)).toBeUndefined();
  });
});

describe('polling with several tabs', () => {
  /** Two tabs of a visitor whose chat is closed again, the first leading. */
  async function closedTabs() {
    const tabs = await twoTabs();
    tabs.a.session.open();
    await advance(1_000);
    tabs.a.session.close();
    await advance(5 * 60_000);
    return tabs;
  }

  it("a follower's focus never puts off the leader's poll: focused every 10 s for 2 minutes, polls go on", async () => {
    const { server, a, b } = await closedTabs();
    const before = polls(a.calls);
    server.addAgentMessage('Are you still there?');
    for (let i = 0; i < 12; i++) {
      b.focus();
      await advance(10_000);
    }
    expect(polls(a.calls) - before).toBeGreaterThanOrEqual(4); // no fewer than every 30 s
    expect([a.session.unread.value, b.session.unread.value]).toEqual([1, 1]);
    expect(b.calls).toEqual([]);
  });

  it("the visitor typing or pointing in the other tab's open chat makes the leader poll fast again", async () => {
    const { server, a, b } = await twoTabs();
    b.session.open();
    await advance(10 * 60_000); // idle: about once a minute
    const before = polls(a.calls);
    server.addAgentMessage('Anything else?');
    b.session.activity();
    await advance(200); // the other tabs hear of it in a task of their own
    await advance(2_000);
    expect(polls(a.calls)).toBeGreaterThan(before);
    expect(texts(b.session)).toEqual(['Anything else?']);
    b.session.typing();
    await advance(10_000);
    expect(polls(a.calls) - before).toBeGreaterThanOrEqual(5);
    expect(b.calls.filter((name) => name === 'latest' || name === 'newer')).toEqual([]);
  });

  it('the leader polls while any tab is visible, pauses while every tab is hidden, and polls at once when one is shown', async () => {
    const { server, a, b } = await closedTabs();
    a.show(false);
    let before = polls(a.calls);
    await advance(30 * 60_000);
    expect(polls(a.calls) - before).toBeGreaterThan(0); // the other tab is visible

    b.show(false);
    await advance(1_000);
    before = polls(a.calls);
    await advance(60 * 60_000);
    expect(polls(a.calls)).toBe(before);

    server.addAgentMessage('Back at 9');
    b.show(true);
    await advance(100); // the other tabs hear of it in a task of their own
    expect(polls(a.calls)).toBe(before + 1);
    expect(b.session.unread.value).toBe(1);
    expect(b.calls).toEqual([]);
  });
});

describe('marking seen with several tabs', () => {
  const marks = (calls: string[]) => calls.filter((c) => c === 'markSeen').length;

  it('the leader marks what shows in the other tab, only while it shows the chat open and visible', async () => {
    const { server, a, b } = await twoTabs();
    const first = server.addAgentMessage('Hello');
    a.show(false);
    b.session.open();
    await advance(3_000);
    expect(server.seenCalls()).toEqual([[first.id]]);
    expect([marks(a.calls), marks(b.calls)]).toEqual([1, 0]);

    b.show(false);
    await advance(1_000);
    const second = server.addAgentMessage('Are you there?');
    await advance(10 * 60_000);
    expect(texts(b.session)).toEqual(['Hello', 'Are you there?']);
    expect(server.seenCalls()).toHaveLength(1);

    b.show(true);
    await advance(1_500);
    expect(server.seenCalls()).toEqual([[first.id], [second.id]]);
    expect(b.calls).toEqual([]);
  });

  it('the tab that leads next knows what was marked: each id once', async () => {
    const { server, a, b } = await twoTabs();
    const first = server.addAgentMessage('Hello');
    a.session.open();
    b.session.open();
    await advance(3_000);
    expect(server.seenCalls()).toEqual([[first.id]]);
    a.session.dispose(); // the leading tab closes
    const second = server.addAgentMessage('Still here');
    await advance(30_000);
    expect(texts(b.session)).toEqual(['Hello', 'Still here']);
    expect(server.seenCalls()).toEqual([[first.id], [second.id]]);
    expect(marks(b.calls)).toBe(1);
  });
});
