import { describe, expect, it } from 'vitest';
import { createCache } from '../../src/chat/cache';
import * as queue from '../../src/chat/queue';
import { createScope } from '../../src/chat/scope';
import { createState } from '../../src/chat/state';
import { memoryStore } from '../../src/chat/storage';
import { outboxEntry, serverMessage } from '../helpers/messages';

function setup(deviceId: string | null = 'device-1234') {
  const state = createState(deviceId, true);
  const cache = createCache(memoryStore(), 'k');
  const c: queue.QueueNeeds = { ...queue.queueFields(), state, cache, scope: createScope(), own: new Map() };
  const stored = () => cache.outbox('device-1234').read();
  const shown = () => state.messages.value.map((m) => [m.id, m.status]);
  return { state, cache, c, stored, shown };
}

const png = () => new Blob(['png'], { type: 'image/png' });

describe('queue', () => {
  it('enqueue adds an entry once, shown as a pending local message after the confirmed ones', () => {
    const { state, c, shown } = setup();
    state.messages.value = [serverMessage('1')];
    const a = outboxEntry('a');
    expect(queue.enqueue(c, a)).toBe(true);
    expect(queue.enqueue(c, { ...a })).toBe(false);
    expect(shown()).toEqual([
      ['1', undefined],
      ['local:a', 'pending'],
    ]);
    expect(queue.nextEntry(c)).toBe(a);

    // A message this tab showed already (an image being scaled down) is not shown twice.
    const b = outboxEntry('b');
    c.own.set(b.id, queue.localMessage(c, b));
    state.messages.value = [...state.messages.value, queue.localMessage(c, b)];
    expect(queue.enqueue(c, b)).toBe(true);
    expect(shown().map(([id]) => id)).toEqual(['1', 'local:a', 'local:b']);
    expect(c.own.size).toBe(0);
  });

  it('readOutbox shows the stored entries in order; a new round clears passing failures, not others', async () => {
    const { cache, c, stored, shown } = setup();
    const box = cache.outbox('device-1234');
    await box.add(outboxEntry('net', 'net', { failed: 'network', attempts: 8 }));
    await box.add(outboxEntry('bad', 'bad', { failed: 'invalid', attempts: 1 }));
    await box.add(outboxEntry('new'));

    await queue.readOutbox(c, false);
    expect(shown()).toEqual([
      ['local:net', 'failed'],
      ['local:bad', 'failed'],
      ['local:new', 'pending'],
    ]);
    expect(queue.nextEntry(c)?.id).toBe('local:new');

    await queue.readOutbox(c, true);
    expect(shown().map(([, status]) => status)).toEqual(['pending', 'failed', 'pending']);
    expect(queue.nextEntry(c)).toMatchObject({ id: 'local:net', attempts: 0, failed: undefined });
    const [net, bad] = (await stored()).entries;
    expect([net?.failed, net?.attempts, bad?.failed]).toEqual([undefined, 0, 'invalid']);
  });

  it('readOutbox takes the stored device id when none is known, and reads nothing without one', async () => {
    const { state, cache, c, shown } = setup(null);
    await queue.readOutbox(c, false);
    expect(shown()).toEqual([]);

    await cache.claimDevice('device-1234');
    await cache.outbox('device-1234').add(outboxEntry('a'));
    await queue.readOutbox(c, false);
    expect(state.deviceId.value).toBe('device-1234');
    expect(shown()).toEqual([['local:a', 'pending']]);
  });

  it('readOutbox shows an image entry with its stored bytes, and drops one whose bytes are gone', async () => {
    const { cache, c, state } = setup();
    const box = cache.outbox('device-1234');
    await box.add(outboxEntry('kept', null), png());
    await box.add(outboxEntry('lost', null));
    await queue.readOutbox(c, false);
    expect(state.messages.value.map((m) => m.id)).toEqual(['local:kept']);
    expect(state.messages.value[0]?.file).toBeInstanceOf(Blob);
    expect(state.messages.value[0]?.file?.type).toBe('image/png');
  });

  it('take confirms an entry once, keeps its server id claimed, and a read does not bring it back', async () => {
    const { cache, c, stored } = setup();
    const a = outboxEntry('a');
    await cache.outbox('device-1234').add(a);
    queue.enqueue(c, a);
    expect(queue.take(c, a, '7')).toBe(true);
    expect(queue.take(c, a, '7')).toBe(false);
    expect(queue.nextEntry(c)).toBeUndefined();
    await Promise.resolve();
    expect(await stored()).toEqual({ entries: [], claimed: ['7'], answered: [] });
    expect(queue.enqueue(c, a)).toBe(false);
  });

  it('ownerOf finds the entry sent with the key, else a tried one with the same content, never for a claimed id', () => {
    const { c } = setup();
    const tried = outboxEntry('tried', 'hi', { after: '5' });
    const image = outboxEntry('image', null, { after: null });
    queue.enqueue(c, outboxEntry('untried', 'hi'));
    queue.enqueue(c, outboxEntry('failed', 'hi', { after: null, failed: 'invalid' }));
    queue.enqueue(c, tried);
    queue.enqueue(c, image);
    const user = (id: string, extra = {}) => serverMessage(id, 'user', { text: 'hi', ...extra });

    expect(queue.ownerOf(c, user('6'))).toBe(tried);
    // A copy with a key is only the copy of the entry with that id: tried or not, failed or not.
    expect(queue.ownerOf(c, user('7', { clientKey: 'local:untried' }))?.id).toBe('local:untried');
    expect(queue.ownerOf(c, user('7', { clientKey: 'local:failed' }))?.id).toBe('local:failed');
    expect(queue.ownerOf(c, user('7', { clientKey: 'local:gone' }))).toBeUndefined();
    expect(queue.ownerOf(c, serverMessage('6', 'agent', { text: 'hi' }))).toBeUndefined();
    expect(queue.ownerOf(c, user('6', { text: 'hello' }))).toBeUndefined();
    expect(queue.ownerOf(c, user('3', { text: null, image: 'ref' }))).toBe(image);
    // Once another entry was confirmed as 6, 6 is no copy of this one.
    const other = outboxEntry('other', 'hi');
    queue.enqueue(c, other);
    queue.take(c, other, '6');
    expect(queue.ownerOf(c, user('6'))).toBeUndefined();
  });

  it('retryEntry gives a failed entry a new round and shows it pending; false when it has not failed', async () => {
    const { cache, c, stored, shown } = setup();
    await cache.outbox('device-1234').add(outboxEntry('a', 'a', { failed: 'invalid', attempts: 1 }));
    await queue.readOutbox(c, false);
    expect(queue.retryEntry(c, 'local:a')).toBe(true);
    expect(shown()).toEqual([['local:a', 'pending']]);
    expect(queue.nextEntry(c)).toMatchObject({ attempts: 0, failed: undefined });
    expect((await stored()).entries[0]).toMatchObject({ attempts: 0, failed: undefined });
    expect(queue.retryEntry(c, 'local:a')).toBe(false);
    expect(queue.retryEntry(c, 'local:unknown')).toBe(false);
  });

  it('removeEntry takes the message off the list and out of the store, or only off the list', async () => {
    const { cache, c, stored, shown } = setup();
    const box = cache.outbox('device-1234');
    const [a, b] = [outboxEntry('a'), outboxEntry('b')];
    await box.add(a);
    await box.add(b);
    await queue.readOutbox(c, false);
    expect(queue.removeEntry(c, 'local:a')?.text).toBe('a');
    queue.removeEntry(c, 'local:b', false);
    expect(shown()).toEqual([]);
    expect(queue.nextEntry(c)).toBeUndefined();
    await Promise.resolve();
    expect((await stored()).entries.map((e) => e.id)).toEqual(['local:b']);
    // Removed here: a read of the store does not show it again.
    await queue.readOutbox(c, false);
    expect(shown()).toEqual([]);
  });
});
