import { describe, expect, it } from 'vitest';
import type { TransportErrorKind } from '../../src/transport/types';
import { FakeTransport } from '../helpers/fake-transport';
import { advance, flush, makeSession, openSession, texts, untilNextCall, useSessionHarness } from './harness';

useSessionHarness();

describe('history', () => {
  it('loadOlder() until hasOlder is false yields all 130 messages in ascending order, without message events', async () => {
    const transport = new FakeTransport();
    transport.seed(130);
    const { session, transport: t2, events } = await openSession({ transport });
    expect(session.messages.value).toHaveLength(50);
    expect(session.hasOlder.value).toBe(true);
    let guard = 0;
    while (session.hasOlder.value && guard++ < 10) await session.loadOlder();
    const ids = session.messages.value.map((m) => m.id);
    expect(ids).toEqual(transport.conversation.map((m) => m.id));
    expect(new Set(ids).size).toBe(130);
    expect(t2.count('older')).toBe(2);
    expect(events).toEqual([]);
    await advance(60_000);
    expect(events).toEqual([]);
  });

  it('loadOlder() does nothing when there is nothing older', async () => {
    const { session, transport } = await openSession();
    transport.seed(3);
    await advance(10_000);
    expect(session.hasOlder.value).toBe(false);
    await session.loadOlder();
    expect(transport.count('older')).toBe(0);
  });
});

describe('polling the open chat', () => {
  it('shows new agent messages and announces them as incoming, without unread while open', async () => {
    const { session, transport, events } = await openSession();
    transport.addAgentMessage('Hello!');
    await advance(10_000);
    expect(texts(session)).toEqual(['Hello!']);
    expect(events.map((e) => [e.direction, e.message.text])).toEqual([['in', 'Hello!']]);
    expect(session.unread.value).toBe(0);
  });

  it('polls every 2 s right after something happened, slower when quiet, at most every 10 s', async () => {
    const { transport } = await openSession();
    transport.addAgentMessage('first');
    await advance(10_000);
    transport.calls = [];
    transport.addAgentMessage('second');
    await advance(10_000);
    transport.calls = [];
    await advance(2_000);
    expect(transport.calls.length).toBe(1);
    transport.calls = [];
    await advance(120_000);
    // Never more often than every 2 s, never less often than every 10 s.
    expect(transport.calls.length).toBeGreaterThanOrEqual(12);
    expect(transport.calls.length).toBeLessThan(60);
  });

  it('polls at the slow cadence after close', async () => {
    const { session, transport } = await openSession();
    session.close();
    await advance(30_000);
    transport.calls = [];
    await advance(90_000);
    expect(transport.calls.length).toBe(3);
  });

  it('on notRegistered, registers again and repeats the call once', async () => {
    const { session, transport } = await openSession();
    transport.addAgentMessage('before');
    await advance(10_000);
    transport.calls = [];
    transport.failNext('newer', 'notRegistered');
    transport.addAgentMessage('after');
    await advance(10_000);
    expect(transport.names().slice(0, 3)).toEqual(['newer', 'register', 'newer']);
    expect(texts(session)).toEqual(['before', 'after']);
    expect(session.error.value).toBeNull();
  });

  it.each<TransportErrorKind>(['unauthorized', 'forbidden'])(
    '%s sets the error signal and emits an error; the next success clears it',
    async (kind) => {
      const { session, transport, errors } = await openSession();
      transport.failNext('newer', kind);
      transport.failNext('latest', kind);
      await advance(10_000);
      expect(session.error.value?.kind).toBe(kind);
      expect(errors.map((e) => e.kind)).toContain(kind);
      session.close();
      session.open();
      await advance(10_000);
      expect(session.error.value).toBeNull();
    },
  );

  it('goes reconnecting on a network error and online again after a success', async () => {
    const { session, transport, errors } = await openSession();
    expect(session.connection.value).toBe('online');
    transport.failNext('latest', 'network');
    await untilNextCall(transport, 'latest');
    expect(session.connection.value).toBe('reconnecting');
    expect(session.error.value).toBeNull();
    expect(errors.map((e) => e.kind)).toEqual(['network']);
    await untilNextCall(transport, 'latest');
    expect(session.connection.value).toBe('online');
  });

  it('goes offline and stops polling on the offline event; polls at once when online again', async () => {
    const { session, transport } = await openSession();
    window.dispatchEvent(new Event('offline'));
    expect(session.connection.value).toBe('offline');
    await advance(10_000);
    transport.calls = [];
    await advance(120_000);
    expect(transport.calls).toEqual([]);
    transport.addAgentMessage('back?');
    window.dispatchEvent(new Event('online'));
    await flush();
    expect(session.connection.value).toBe('online');
    expect(transport.calls.length).toBe(1);
    expect(texts(session)).toEqual(['back?']);
  });

  it("follows the agent's typing state of the polled pages", async () => {
    const { session, transport } = await openSession();
    expect(session.agent.value?.isTyping ?? false).toBe(false);
    transport.agent.isTyping = true;
    await advance(10_000);
    expect(session.agent.value?.isTyping).toBe(true);
    expect(session.agent.value?.name).toBe('Anna');
    transport.agent.isTyping = false;
    await advance(10_000);
    expect(session.agent.value?.isTyping).toBe(false);
  });

  it('shows the sticky notice of the polled pages', async () => {
    const { session, transport } = await openSession();
    transport.sticky = 'We are closed on Sunday';
    await advance(10_000);
    expect(session.sticky.value).toBe('We are closed on Sunday');
  });
});

describe('a lasting error on open', () => {
  it.each<TransportErrorKind>(['unauthorized', 'forbidden'])(
    '%s while connecting: reported once, and not asked again until the next open',
    async (kind) => {
      const { session, transport, errors } = makeSession();
      transport.failNext('register', kind, 10);
      await session.ready;
      session.open();
      await advance(5 * 60_000);
      expect(session.error.value?.kind).toBe(kind);
      expect(transport.count('register')).toBe(1);
      expect(errors.map((e) => e.kind)).toEqual([kind]);

      session.close();
      session.open();
      await advance(10_000);
      expect(transport.count('register')).toBe(2);
    },
  );
});
