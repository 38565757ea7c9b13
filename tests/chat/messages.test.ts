import { afterEach, describe, expect, it } from 'vitest';
import { mergeMessages, randomId } from '../../src/chat/messages';
import { createChatSession } from '../../src/chat/session';
import { memoryStore } from '../../src/chat/storage';
import type { Message } from '../../src/transport/types';
import { FakeTransport } from '../helpers/fake-transport';

const msg = (id: string, over: Partial<Message> = {}): Message => ({
  id,
  time: 0,
  from: 'agent',
  text: `m${id}`,
  image: null,
  agent: null,
  ...over,
});

describe('mergeMessages', () => {
  const disposers: (() => void)[] = [];
  afterEach(() => disposers.splice(0).forEach((d) => d()));

  it('orders numeric ids as numbers', () => {
    const merged = mergeMessages([msg('10'), msg('9')], [msg('100'), msg('2')]);
    expect(merged.map((m) => m.id)).toEqual(['2', '9', '10', '100']);
  });

  it('never duplicates: an incoming message replaces the one with the same id', () => {
    const merged = mergeMessages([msg('1'), msg('2', { text: 'old' })], [msg('2', { text: 'new' }), msg('3')]);
    expect(merged.map((m) => m.id)).toEqual(['1', '2', '3']);
    expect(merged[1]!.text).toBe('new');
  });

  it("marks the visitor's messages from the server as sent, and leaves others without a status", () => {
    const merged = mergeMessages([], [msg('1', { from: 'user' }), msg('2', { from: 'agent' })]);
    expect(merged[0]!.status).toBe('sent');
    expect(merged[1]!.status).toBeUndefined();
  });

  it("keeps what the backend reported of the visitor's messages (delivered, seen), and nothing else", () => {
    const statuses = ['delivered', 'seen', 'pending', 'failed', 'sent', 'read', undefined] as Message['status'][];
    const merged = mergeMessages(
      [msg('1', { from: 'user', status: 'seen' })],
      statuses.map((status, i) => msg(String(i + 1), { from: 'user', status })),
    );
    expect(merged.map((m) => m.status)).toEqual(['delivered', 'seen', 'sent', 'sent', 'sent', 'sent', 'sent']);
  });

  it('does not change its inputs', () => {
    const current = [msg('2')];
    const incoming = [msg('1', { from: 'user' })];
    mergeMessages(current, incoming);
    expect(current.map((m) => m.id)).toEqual(['2']);
    expect(incoming[0]!.status).toBeUndefined();
  });

  it('keeps unconfirmed messages after the confirmed ones, in the order they were written', async () => {
    const transport = new FakeTransport();
    transport.holdAnswer('send');
    transport.holdAnswer('send');
    const session = createChatSession({ transport, store: memoryStore(), storageKey: 'merge' });
    disposers.push(() => session.dispose());
    void session.send('first').catch(() => {});
    void session.send('second').catch(() => {});
    await session.ready;
    await new Promise((r) => setTimeout(r, 0));
    const pending = session.messages.value.filter((m) => m.status === 'pending');
    expect(pending.map((m) => m.text)).toEqual(['first', 'second']);

    const merged = mergeMessages([pending[0]!, msg('5'), pending[1]!], [msg('3'), msg('7')]);
    expect(merged.map((m) => m.text)).toEqual(['m3', 'm5', 'm7', 'first', 'second']);
  });
});

describe('randomId', () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('is a version 4 UUID also where crypto.randomUUID is missing (non-secure origins, old WebViews)', () => {
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = Array.from({ length: 50 }, randomId);
      for (const id of ids) expect(id).toMatch(UUID_V4);
      expect(new Set(ids).size).toBe(50);
    } finally {
      delete (crypto as Partial<Crypto>).randomUUID;
    }
    expect(randomId()).toMatch(UUID_V4);
  });
});
