import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/chat/storage';
import { FakeTransport } from '../helpers/fake-transport';
import { advance, flush, makeSession, openSession, texts, untilNextCall, useSessionHarness } from './harness';

useSessionHarness();

describe('reset()', () => {
  it('forgets the device id and the conversation; the next open registers a new device id', async () => {
    const store = memoryStore();
    const transport = new FakeTransport();
    transport.seed(2);
    const { session, storageKey } = await openSession({ store, transport });
    const oldDevice = session.deviceId.value;
    session.close();
    transport.addAgentMessage('unread one');
    await advance(30_000);
    expect(session.unread.value).toBe(1);

    await session.reset();
    expect(session.deviceId.value).toBeNull();
    expect(session.messages.value).toEqual([]);
    expect(session.unread.value).toBe(0);
    expect(session.hasOlder.value).toBe(false);

    // The store no longer has the device id: a next page load starts as a new visitor.
    const next = makeSession({ store, transport: new FakeTransport(), storageKey });
    await next.session.ready;
    expect(next.session.deviceId.value).toBeNull();
    expect(next.session.messages.value).toEqual([]);
    next.session.dispose();

    // A new visitor makes no calls until open.
    transport.calls = [];
    transport.conversation = [];
    await advance(5 * 60_000);
    expect(transport.calls).toEqual([]);

    session.open();
    await flush();
    expect(transport.names()[0]).toBe('register');
    const newDevice = transport.lastContext('register')!.deviceId;
    expect(newDevice).toEqual(expect.any(String));
    expect(newDevice).not.toBe(oldDevice);
    expect(session.deviceId.value).toBe(newDevice);
  });

  it('while open: reconnects at once with a new device id', async () => {
    const transport = new FakeTransport();
    const { session } = await openSession({ transport });
    const oldDevice = session.deviceId.value;
    await session.reset();
    await flush();
    expect(transport.count('register')).toBe(2);
    expect(transport.lastContext('register')!.deviceId).not.toBe(oldDevice);
    expect(session.loadState.value).toBe('ready');
  });

  it.each([
    { honorAbort: true, label: 'a transport that aborts' },
    { honorAbort: false, label: 'a transport that ignores the abort signal' },
  ])('a late poll answer of the old conversation never shows up afterwards ($label)', async ({ honorAbort }) => {
    const transport = new FakeTransport();
    transport.honorAbort = honorAbort;
    transport.seed(1);
    const { session, events } = await openSession({ transport });
    transport.addAgentMessage('late for the old device');
    const late = transport.holdAnswer('newer');
    await untilNextCall(transport, 'newer');
    await late.started;
    // The new device gets a conversation of its own.
    transport.conversation = [];
    await session.reset();
    await flush();
    late.release();
    await advance(30_000);
    expect(texts(session)).not.toContain('late for the old device');
    expect(texts(session)).not.toContain('message 1');
    expect(session.unread.value).toBe(0);
    expect(events.map((e) => e.message.text)).not.toContain('late for the old device');
  });

  it.each([true, false])(
    'a late send answer of the old conversation never shows up afterwards (honorAbort %s)',
    async (honorAbort) => {
      const transport = new FakeTransport();
      transport.honorAbort = honorAbort;
      const { session, events } = await openSession({ transport });
      const answer = transport.holdAnswer('send');
      const sending = session.send('old question');
      sending.catch(() => {});
      await answer.started;
      session.close();
      transport.conversation = [];
      await session.reset();
      answer.release();
      await advance(30_000);
      await expect(sending).rejects.toBeDefined();
      expect(session.messages.value).toEqual([]);
      expect(events).toEqual([]);
    },
  );

  it('a late history page of the old conversation never shows up afterwards', async () => {
    const transport = new FakeTransport();
    transport.honorAbort = false;
    transport.seed(60);
    const { session } = await openSession({ transport });
    const page = transport.hold('older');
    const loading = session.loadOlder();
    await page.started;
    session.close();
    await session.reset();
    page.release();
    await loading;
    await flush();
    expect(session.messages.value).toEqual([]);
    expect(session.hasOlder.value).toBe(false);
    expect(session.loadingOlder.value).toBe(false);
  });
});

describe('typing()', () => {
  it('does nothing before the chat has loaded', async () => {
    const { session, transport } = makeSession();
    await session.ready;
    session.typing();
    await advance(60_000);
    expect(transport.calls).toEqual([]);
  });

  it('sends startTyping and stopTyping on the typing cadence', async () => {
    const { session, transport } = await openSession({ transport: new FakeTransport('parley') }); // a backend with typing
    const typingCalls = () => transport.names().filter((n) => n === 'startTyping' || n === 'stopTyping');
    session.typing();
    await flush();
    expect(typingCalls()).toEqual(['startTyping']);
    expect(transport.lastContext('startTyping')!.deviceId).toBe(session.deviceId.value);
    for (let i = 0; i < 4; i++) {
      await advance(4_000);
      session.typing();
    }
    await flush();
    expect(typingCalls()).toEqual(['startTyping']);
    await advance(4_000); // 20 s after the first start
    session.typing();
    await flush();
    expect(typingCalls()).toEqual(['startTyping', 'startTyping']);
    await advance(15_000);
    expect(typingCalls()).toEqual(['startTyping', 'startTyping', 'stopTyping']);
  });

  it('close() sends stopTyping while typing, and nothing when not typing', async () => {
    const { session, transport } = await openSession({ transport: new FakeTransport('parley') }); // a backend with typing
    session.close();
    await flush();
    expect(transport.count('stopTyping')).toBe(0);
    session.open();
    await flush();
    session.typing();
    session.close();
    await flush();
    expect(transport.count('startTyping')).toBe(1);
    expect(transport.count('stopTyping')).toBe(1);
    await advance(60_000);
    expect(transport.count('stopTyping')).toBe(1);
  });

  it('sending a message ends typing', async () => {
    const { session, transport } = await openSession({ transport: new FakeTransport('parley') }); // a backend with typing
    session.typing();
    await session.send('done typing');
    expect(transport.count('stopTyping')).toBe(1);
  });

  it('does not send a message written just before reset() in the new conversation', async () => {
    const { session, transport } = await openSession();
    const sending = session.send('from the old conversation');
    const outcome = sending.then(
      () => 'sent',
      (e: Error) => e.name,
    );
    await session.reset();
    await advance(5_000);
    expect(await outcome).toBe('AbortError');
    expect(transport.conversation.map((m) => m.text)).not.toContain('from the old conversation');
    expect(texts(session)).not.toContain('from the old conversation');
  });
});
