// Marking seen (src/chat/seen.ts): what shows in an open panel of a visible tab is marked, once per id, in batches;
// and the unseen count as a returning visitor's badge before any history is in (src/chat/pages.ts).
import { describe, expect, it } from 'vitest';
import { deviceKey } from '../../src/chat/cache';
import { SEEN_BATCH_MS } from '../../src/chat/seen';
import { memoryStore } from '../../src/chat/storage';
import { FakeTransport } from '../helpers/fake-transport';
import { fakePage } from '../helpers/fake-tabs';
import { advance, flush, makeSession, openSession, untilNextCall, useSessionHarness } from './harness';

useSessionHarness();

/** A conversation of the visitor, the agent and an info line, on the server before the chat opens. */
function server(transport = new FakeTransport()) {
  const own = transport.addUserMessage('Hello?');
  const agent = transport.addAgentMessage('Hi, how can I help?');
  const info = transport.addInfoMessage('Anna joined');
  return { transport, own, agent, info };
}

describe("the visitor's messages as far as the backend got them", () => {
  it('shows a listed message as the backend reports it, delivered or seen, kept through a reload', async () => {
    const store = memoryStore();
    const { transport, own } = server();
    const later = transport.addUserMessage('Anyone?');
    transport.conversation[0]!.status = 'seen';
    transport.conversation[3]!.status = 'delivered';
    const first = await openSession({ transport, store });
    const statusOf = (session: typeof first.session, id: string) =>
      session.messages.value.find((m) => m.id === id)?.status;
    expect([statusOf(first.session, own.id), statusOf(first.session, later.id)]).toEqual(['seen', 'delivered']);
    first.session.dispose();

    transport.conversation[3]!.status = 'seen';
    const second = makeSession({ transport, store, storageKey: first.storageKey });
    await second.session.ready;
    expect(statusOf(second.session, later.id)).toBe('delivered'); // from the cache, before any request
    second.session.open();
    await flush();
    expect(statusOf(second.session, later.id)).toBe('seen');
  });
});

describe('marking seen', () => {
  it('marks the agent and info messages of the open chat a second later, in one call, never the own', async () => {
    const { transport, agent, info } = server();
    await openSession({ transport });
    await advance(SEEN_BATCH_MS - 100);
    expect(transport.seenCalls()).toEqual([]);
    await advance(100);
    expect(transport.seenCalls()).toEqual([[agent.id, info.id]]);
    expect(transport.unseen()).toEqual([]);
    await advance(60_000);
    expect(transport.seenCalls()).toHaveLength(1);
  });

  it('batches what arrives within the second, and marks what came later in a call of its own', async () => {
    const { transport, agent, info } = server();
    const { session } = await openSession({ transport });
    await advance(SEEN_BATCH_MS);
    const next = [transport.addAgentMessage('One'), transport.addAgentMessage('Two')];
    await untilNextCall(transport, 'newer');
    expect(transport.seenCalls()).toHaveLength(1);
    // Another message before the batch goes: the visitor answers, and the poll right after the send brings it.
    next.push(transport.addInfoMessage('Anna is looking it up'));
    await session.send('Thanks');
    await flush();
    await advance(SEEN_BATCH_MS);
    expect(transport.seenCalls()).toEqual([[agent.id, info.id], next.map((m) => m.id)]);
  });

  it('marks nothing while the chat is closed; what arrived shows once it opens', async () => {
    const transport = new FakeTransport();
    const first = await openSession({ transport });
    first.session.close();
    const agent = transport.addAgentMessage('Are you there?');
    await advance(60_000);
    expect(first.session.unread.value).toBe(1);
    expect(transport.seenCalls()).toEqual([]);
    first.session.open();
    await advance(SEEN_BATCH_MS);
    expect(transport.seenCalls()).toEqual([[agent.id]]);
  });

  it('marks nothing when the chat closes within the second', async () => {
    const { transport, agent, info } = server();
    const { session } = await openSession({ transport });
    await advance(SEEN_BATCH_MS / 2);
    session.close();
    await advance(60_000);
    expect(transport.seenCalls()).toEqual([]);
    session.open();
    await advance(SEEN_BATCH_MS);
    expect(transport.seenCalls()).toEqual([[agent.id, info.id]]);
  });

  it('marks nothing while the tab is hidden, and what shows once it is shown again', async () => {
    const { page, show } = fakePage();
    const { transport, agent, info } = server();
    const { session } = await openSession({ transport, page });
    show(false);
    await advance(SEEN_BATCH_MS);
    const later = transport.addAgentMessage('Hidden');
    await advance(10 * 60_000);
    expect(session.messages.value.map((m) => m.id)).toContain(later.id);
    expect(transport.seenCalls()).toEqual([]);
    show(true);
    await advance(SEEN_BATCH_MS);
    expect(transport.seenCalls()).toEqual([[agent.id, info.id, later.id]]);
  });

  it('tries a failed mark again after the backoff until it is through; each id once', async () => {
    const { transport, agent, info } = server();
    transport.failNext('markSeen', 'server', 2);
    await openSession({ transport });
    await advance(SEEN_BATCH_MS);
    expect(transport.seenCalls()).toHaveLength(1);
    await advance(400); // the first wait is 0.5 to 1 s
    expect(transport.seenCalls()).toHaveLength(1);
    await untilNextCall(transport, 'markSeen');
    await untilNextCall(transport, 'markSeen');
    expect(transport.seenCalls()).toEqual([
      [agent.id, info.id],
      [agent.id, info.id],
      [agent.id, info.id],
    ]);
    expect(transport.unseen()).toEqual([]);
    const later = transport.addAgentMessage('Still there?');
    await advance(60_000);
    expect(transport.seenCalls().slice(3)).toEqual([[later.id]]);
  });

  it('gives up on a mark the backend refuses until the next page load, and says nothing of it', async () => {
    const store = memoryStore();
    const { transport, agent, info } = server();
    transport.failNext('markSeen', 'invalid');
    const first = await openSession({ transport, store });
    await advance(SEEN_BATCH_MS);
    transport.addAgentMessage('Hello again');
    await advance(60_000);
    expect(transport.seenCalls()).toEqual([[agent.id, info.id]]);
    expect(first.errors).toEqual([]); // marking is the widget's own business: the visitor is not told
    expect(first.session.connection.value).toBe('online');
    first.session.dispose();
    const second = makeSession({ transport, store, storageKey: first.storageKey });
    second.session.open();
    await advance(SEEN_BATCH_MS * 2);
    expect(transport.seenCalls()).toHaveLength(2);
    expect(transport.unseen()).toEqual([]);
  });

  it('marks nothing offline, and what waited once the browser is back online', async () => {
    const { transport, agent, info } = server();
    await openSession({ transport });
    window.dispatchEvent(new Event('offline'));
    await advance(60_000);
    expect(transport.seenCalls()).toEqual([]);
    window.dispatchEvent(new Event('online'));
    await advance(SEEN_BATCH_MS);
    expect(transport.seenCalls()).toEqual([[agent.id, info.id]]);
  });

  it('marks an id once per device: not again after a reload, nor what the cache keeps', async () => {
    const store = memoryStore();
    const { transport, agent, info } = server();
    const first = await openSession({ transport, store });
    await advance(SEEN_BATCH_MS);
    first.session.close();
    first.session.open();
    await advance(60_000);
    first.session.dispose();
    const later = transport.addAgentMessage('After the reload');
    const second = makeSession({ transport, store, storageKey: first.storageKey });
    await second.session.ready;
    second.session.open();
    await flush();
    await advance(SEEN_BATCH_MS);
    expect(transport.seenCalls()).toEqual([[agent.id, info.id], [later.id]]);
  });

  it('forgets what it marked with a reset: the new conversation marks its own', async () => {
    const { transport } = server();
    const { session } = await openSession({ transport });
    await advance(SEEN_BATCH_MS);
    transport.conversation = [];
    const fresh = transport.addAgentMessage('Welcome back');
    await session.reset();
    await advance(SEEN_BATCH_MS * 5);
    expect(transport.seenCalls()).toHaveLength(2);
    expect(transport.seenCalls()[1]).toEqual([fresh.id]);
  });

  it('asks a backend without markSeen and unseenCount for neither', async () => {
    const { transport } = server(new FakeTransport(undefined, { seen: false }));
    const { session, errors } = await openSession({ transport });
    await advance(60_000);
    expect(transport.markSeen).toBeUndefined();
    expect(transport.names().filter((n) => n === 'markSeen' || n === 'unseenCount')).toEqual([]);
    expect(errors).toEqual([]);
    expect(session.messages.value).toHaveLength(3);
  });
});

// In the Parley style: without a kept conversation there is no conversation handle, and the neutral backend answers
// no call made without one before the visitor opens the chat (and registers).
describe('a returning visitor whose browser kept no conversation', () => {
  /** The device id stored from an earlier page load, but nothing of its conversation (it was empty then). */
  async function returningWithoutHistory(transport: FakeTransport) {
    const store = memoryStore();
    const storageKey = 'unseen-badge';
    await store.set(deviceKey(storageKey), 'device-0123456789');
    const made = makeSession({ transport, store, storageKey });
    await made.session.ready;
    await flush();
    return made;
  }

  it("starts the closed chat's badge from the backend's unseen count, before any history is in", async () => {
    const { transport, own } = server(new FakeTransport('parley'));
    transport.addAgentMessage('Are you still there?');
    const { session, events } = await returningWithoutHistory(transport);
    expect(transport.names()).toEqual(['unseenCount', 'latest']);
    expect(session.unread.value).toBe(3); // the agent's two and the info line
    expect(events).toEqual([]); // the first page is history
    expect(session.messages.value.map((m) => m.id)).toContain(own.id);
    transport.addAgentMessage('Hello?');
    await untilNextCall(transport, 'newer');
    expect(session.unread.value).toBe(4);
    expect(transport.count('unseenCount')).toBe(1);
    session.open();
    expect(session.unread.value).toBe(0);
  });

  it('counts from 0 without the count: a backend without it, or when it fails', async () => {
    for (const transport of [new FakeTransport('parley', { seen: false }), new FakeTransport('parley')]) {
      server(transport);
      transport.failNext('unseenCount', 'server');
      const { session } = await returningWithoutHistory(transport);
      expect(transport.count('latest')).toBe(1);
      expect(session.unread.value).toBe(0);
      transport.addAgentMessage('Hello?');
      await untilNextCall(transport, 'newer');
      expect(session.unread.value).toBe(1);
      session.dispose();
    }
  });

  it('does not ask for the count once a conversation is kept: its unread count goes on', async () => {
    const store = memoryStore();
    const transport = new FakeTransport();
    const first = await openSession({ store, transport });
    first.session.close();
    transport.addAgentMessage('Hello?');
    await advance(30_000);
    first.session.dispose();
    transport.addAgentMessage('Anyone?');
    const second = makeSession({ store, transport, storageKey: first.storageKey });
    await second.session.ready;
    await flush();
    expect(second.session.unread.value).toBe(2);
    expect(transport.count('unseenCount')).toBe(0);
  });
});
