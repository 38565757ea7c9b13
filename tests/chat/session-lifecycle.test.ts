import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/chat/storage';
import { FakeTransport } from '../helpers/fake-transport';
import { advance, flush, makeSession, openSession, texts, useSessionHarness } from './harness';

useSessionHarness();

describe('a new visitor', () => {
  it('makes no transport call at all before open()', async () => {
    const { session, transport } = makeSession();
    await session.ready;
    await advance(10 * 60_000);
    expect(transport.calls).toEqual([]);
    expect(session.deviceId.value).toBeNull();
    expect(session.unread.value).toBe(0);
  });

  it('on open: registers first, then loads config and the latest page', async () => {
    const { session, transport } = makeSession();
    transport.chatConfig.name = 'Help desk';
    transport.addAgentMessage('Welcome!');
    await session.ready;
    session.open();
    await flush();
    const names = transport.names();
    expect(names[0]).toBe('register');
    expect(names.slice(1, 3).sort()).toEqual(['config', 'latest']);
    expect(session.config.value?.name).toBe('Help desk');
    expect(texts(session)).toEqual(['Welcome!']);
    expect(session.loadState.value).toBe('ready');
    expect(session.isOpen.value).toBe(true);
  });

  it('creates a device id, uses it on every request and stores it for the next page load', async () => {
    const store = memoryStore();
    const { session, transport, storageKey } = makeSession({ store });
    await session.ready;
    session.open();
    await flush();
    const id = session.deviceId.value;
    expect(id).toEqual(expect.any(String));
    expect(id!.length).toBeGreaterThanOrEqual(10);
    for (const call of transport.calls) expect((call.args[0] as { deviceId: string }).deviceId).toBe(id);

    const again = makeSession({ store, storageKey });
    await again.session.ready;
    expect(again.session.deviceId.value).toBe(id);
  });

  it('keeps different storage keys apart', async () => {
    const store = memoryStore();
    const { session } = await openSession({ store });
    const other = makeSession({ store });
    await other.session.ready;
    expect(session.deviceId.value).not.toBeNull();
    expect(other.session.deviceId.value).toBeNull();
  });

  it('registers once per page load and device (open, close, open)', async () => {
    const { session, transport } = await openSession();
    session.close();
    await advance(60_000);
    session.open();
    await advance(60_000);
    session.close();
    session.open();
    await flush();
    expect(transport.count('register')).toBe(1);
  });

  it('with a host-managed device id: no calls before open, then registers that id', async () => {
    const { session, transport } = makeSession({ deviceId: 'host-device-0001' });
    await session.ready;
    await advance(5 * 60_000);
    expect(transport.calls).toEqual([]);
    session.open();
    await flush();
    expect(transport.names()[0]).toBe('register');
    expect(transport.lastContext('register')?.deviceId).toBe('host-device-0001');
  });
});

describe('a returning visitor', () => {
  /** A first page load that opened the chat, then a second page load on the same store and server. */
  async function returning() {
    const store = memoryStore();
    const transport = new FakeTransport();
    transport.seed(3);
    const first = await openSession({ store, transport });
    first.session.close();
    first.session.dispose();
    transport.calls = [];
    return makeSession({ store, transport, storageKey: first.storageKey });
  }

  it('polls while closed, without open(), at the slow cadence', async () => {
    const { session, transport } = await returning();
    await session.ready;
    await flush();
    expect(session.isOpen.value).toBe(false);
    expect(transport.names()).toEqual(['newer']);
    expect(transport.callsOf('newer')[0]!.args[1]).toBe(transport.cursorOf(transport.conversation.at(-1)));
    // The conversation handle register gave in the first page load, kept with the cache (a backend that gives one).
    expect(transport.lastContext('newer')!.conversation).toBe(transport.handle ?? undefined);
    expect(session.error.value).toBeNull();
    await advance(29_000);
    expect(transport.count('newer')).toBe(1);
    await advance(1_000);
    expect(transport.count('newer')).toBe(2);
    await advance(30_000);
    expect(transport.count('newer')).toBe(3);
    expect(transport.names().every((n) => n === 'newer' || n === 'latest')).toBe(true);
  });

  it('counts agent messages arriving while closed as unread and announces them; open resets unread', async () => {
    const { session, transport, events } = await returning();
    await session.ready;
    await flush();
    expect(session.unread.value).toBe(0);
    expect(events).toEqual([]); // the cached messages are not new

    transport.addAgentMessage('Are you still there?');
    transport.addAgentMessage('We are open until 5.');
    await advance(30_000);
    expect(session.unread.value).toBe(2);
    expect(events.map((e) => [e.direction, e.message.text])).toEqual([
      ['in', 'Are you still there?'],
      ['in', 'We are open until 5.'],
    ]);

    session.open();
    expect(session.unread.value).toBe(0);
    await flush();
    expect(session.unread.value).toBe(0);
  });

  it('keeps the unread count for the next page load', async () => {
    const store = memoryStore();
    const transport = new FakeTransport();
    const first = await openSession({ store, transport });
    first.session.close();
    transport.addAgentMessage('Hello?');
    await advance(30_000);
    expect(first.session.unread.value).toBe(1);
    first.session.dispose();
    const second = makeSession({ store, transport, storageKey: first.storageKey });
    await second.session.ready;
    expect(second.session.unread.value).toBe(1);
  });
});

describe('the cache', () => {
  it('shows the messages received on an earlier page load at once, before any request answers', async () => {
    const store = memoryStore();
    const server = new FakeTransport();
    server.seed(3);
    const first = await openSession({ store, transport: server });
    first.session.dispose();

    const silent = new FakeTransport();
    for (const name of ['register', 'config', 'latest', 'newer', 'older'] as const)
      for (let i = 0; i < 5; i++) silent.hold(name);
    const second = makeSession({ store, transport: silent, storageKey: first.storageKey });
    await second.session.ready;
    expect(texts(second.session)).toEqual(['message 1', 'message 2', 'message 3']);
    second.session.open();
    await flush();
    expect(texts(second.session)).toEqual(['message 1', 'message 2', 'message 3']);
    expect(second.session.loadState.value).not.toBe('loading');
  });

  it('drops cached messages that are not messages, shows the others and loads', async () => {
    const store = memoryStore();
    const { session: first, storageKey } = await openSession({ store });
    const device = first.deviceId.value!;
    first.dispose();
    const good = { id: '7', time: 1, from: 'agent', text: 'kept', image: null, agent: null };
    await store.set(`${storageKey}:${device}:conversation`, { messages: [null, {}, { id: 5 }, good], unread: 0 });

    const second = makeSession({ store, storageKey });
    await second.session.ready;
    expect(texts(second.session)).toEqual(['kept']);
    second.session.open();
    await flush();
    expect(second.session.loadState.value).toBe('ready');
  });

  it('keeps at most the newest 200 messages', async () => {
    const store = memoryStore();
    const server = new FakeTransport();
    server.addAgentMessage('agent 1');
    const first = await openSession({ store, transport: server });
    for (let i = 2; i <= 250; i++) server.addAgentMessage(`agent ${i}`);
    await advance(10_000);
    expect(first.session.messages.value).toHaveLength(250);
    first.session.dispose();

    const silent = new FakeTransport();
    silent.hold('newer');
    const second = makeSession({ store, transport: silent, storageKey: first.storageKey });
    await second.session.ready;
    const ids = second.session.messages.value.map((m) => m.id);
    expect(ids).toHaveLength(200);
    expect(ids[0]).toBe(server.conversation[50]!.id);
    expect(ids.at(-1)).toBe(server.conversation[249]!.id);
  });
});
