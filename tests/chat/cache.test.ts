import { describe, expect, it } from 'vitest';
import { CACHE_LIMIT, createCache } from '../../src/chat/cache';
import { memoryStore } from '../../src/chat/storage';
import { defaultConfig } from '../helpers/fake-transport';
import { cachedConversation, outboxEntry, serverMessage, serverMessages } from '../helpers/messages';

describe('cache', () => {
  it('keeps everything under keys of its storage key, and the conversation and outbox per device', async () => {
    const store = memoryStore();
    const cache = createCache(store, 'https://api.example');
    await cache.claimDevice('device-1234');
    await cache.saveConfig(defaultConfig({ name: 'Help' }));
    await cache.saveConversation('device-1234', cachedConversation([serverMessage('1')], 2));
    await cache.outbox('device-1234').add(outboxEntry('a'));

    expect(await store.get('https://api.example:device')).toBe('device-1234');
    expect(await store.get('https://api.example:config')).toMatchObject({ name: 'Help' });
    const conversation = cachedConversation([serverMessage('1')], 2);
    expect(await store.get('https://api.example:device-1234:conversation')).toEqual(conversation);
    expect(await store.get('https://api.example:device-1234:outbox')).toMatchObject({ entries: [outboxEntry('a')] });

    // Another storage key on the same store sees none of it; another device has its own conversation.
    const other = createCache(store, 'https://other.example');
    expect([await other.device(), await other.config()]).toEqual([undefined, undefined]);
    expect(await cache.conversation('device-5678')).toBeNull();
    expect((await cache.outbox('device-5678').read()).entries).toEqual([]);
  });

  it('claimDevice stores the first id and returns it to every later claim', async () => {
    const cache = createCache(memoryStore(), 'k');
    expect(await cache.device()).toBeUndefined();
    expect(await cache.claimDevice('first-device')).toBe('first-device');
    expect(await cache.claimDevice('second-device')).toBe('first-device');
    expect(await cache.device()).toBe('first-device');
  });

  it('saveConversation keeps confirmed messages only, without the image bytes or progress', async () => {
    const cache = createCache(memoryStore(), 'k');
    const file = new Blob(['png'], { type: 'image/png' });
    await cache.saveConversation(
      'device-1234',
      cachedConversation([
        serverMessage('1'),
        serverMessage('2', 'user', { text: null, image: 'ref', file, progress: 1, status: 'sent' }),
        serverMessage('local:a', 'user', { status: 'pending' }),
        serverMessage('local:b', 'user', { status: 'failed', file, progress: 0.5 }),
      ]),
    );
    const cached = await cache.conversation('device-1234');
    expect(cached?.messages.map((m) => m.id)).toEqual(['1', '2']);
    expect(cached?.messages[1]).toEqual(serverMessage('2', 'user', { text: null, image: 'ref', status: 'sent' }));
    expect(cached?.messages[1]).not.toHaveProperty('file');
    expect(cached?.messages[1]).not.toHaveProperty('progress');
  });

  it(`saveConversation keeps the last ${CACHE_LIMIT} confirmed messages, the unread count and the handle`, async () => {
    const cache = createCache(memoryStore(), 'k');
    const messages = [...serverMessages(1, CACHE_LIMIT + 5), serverMessage('local:x', 'user')];
    await cache.saveConversation('device-1234', cachedConversation(messages, 3, { newer: 'n', handle: 'h' }));
    const cached = await cache.conversation('device-1234');
    expect(cached?.messages).toHaveLength(CACHE_LIMIT);
    expect(cached?.messages[0]?.id).toBe('6');
    expect(cached?.messages.at(-1)?.id).toBe(String(CACHE_LIMIT + 5));
    expect([cached?.unread, cached?.newer, cached?.handle]).toEqual([3, 'n', 'h']);
  });

  it(`saveConversation keeps the ids marked seen last, at most ${CACHE_LIMIT}; an older cache has none`, async () => {
    const store = memoryStore();
    const cache = createCache(store, 'k');
    const seen = Array.from({ length: CACHE_LIMIT + 3 }, (_, i) => String(i + 1));
    await cache.saveConversation('device-1234', cachedConversation([], 0, { seen }));
    expect((await cache.conversation('device-1234'))?.seen).toEqual(seen.slice(3));
    for (const stored of [undefined, 'a string', { 0: '1' }]) {
      await store.set('k:device-1234:conversation', { messages: [], unread: 0, seen: stored });
      expect((await cache.conversation('device-1234'))?.seen).toEqual([]);
    }
  });

  it('conversation is null when nothing or something malformed is stored', async () => {
    const store = memoryStore();
    const cache = createCache(store, 'k');
    expect(await cache.conversation('device-1234')).toBeNull();
    for (const malformed of ['a string', 42, null, {}, { messages: 'no' }, { messages: { 0: 'x' } }]) {
      await store.set('k:device-1234:conversation', malformed);
      expect(await cache.conversation('device-1234')).toBeNull();
    }
    // A cache of an older version: no cursor, no handle.
    await store.set('k:device-1234:conversation', { messages: [], unread: 0 });
    expect(await cache.conversation('device-1234')).toEqual(cachedConversation([]));
    await store.set('k:device-1234:conversation', { messages: [], unread: 0, newer: 'n', handle: 'h' });
    expect(await cache.conversation('device-1234')).toEqual(cachedConversation([], 0, { newer: 'n', handle: 'h' }));
    await store.set('k:device-1234:conversation', { messages: [], unread: '2', newer: 1, handle: {} });
    expect(await cache.conversation('device-1234')).toEqual(cachedConversation([], 2));
  });

  it('wipe forgets the device id and the conversation and outbox (with image bytes) of the device', async () => {
    const store = memoryStore();
    const cache = createCache(store, 'k');
    await cache.claimDevice('device-1234');
    await cache.saveConfig(defaultConfig());
    await cache.saveConversation('device-1234', cachedConversation([serverMessage('1')], 0));
    await cache.outbox('device-1234').add(outboxEntry('img', null), new Blob(['png'], { type: 'image/png' }));
    await cache.saveConversation('device-5678', cachedConversation([serverMessage('9')], 0));
    expect(await cache.outbox('device-1234').image('local:img')).toBeInstanceOf(Blob);

    await cache.wipe('device-1234');
    expect(await cache.device()).toBeUndefined();
    expect(await cache.conversation('device-1234')).toBeNull();
    expect((await cache.outbox('device-1234').read()).entries).toEqual([]);
    expect(await cache.outbox('device-1234').image('local:img')).toBeUndefined();
    // The config is the account's, not the visitor's; another device's conversation is not this one.
    expect(await cache.config()).toEqual(defaultConfig());
    expect(await cache.conversation('device-5678')).not.toBeNull();
  });

  it('wipe without a device forgets only the device id', async () => {
    const cache = createCache(memoryStore(), 'k');
    await cache.claimDevice('device-1234');
    await cache.saveConversation('device-1234', cachedConversation([serverMessage('1')], 0));
    await cache.wipe(null);
    expect(await cache.device()).toBeUndefined();
    expect(await cache.conversation('device-1234')).not.toBeNull();
  });
});
