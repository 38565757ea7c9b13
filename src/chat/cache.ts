import type { ChatConfig, Message } from '../transport/types';
import { isLocal } from './messages';
import { openOutbox, type Outbox } from './outbox';
import type { Cursors, Values } from './state';
import type { KeyValueStore } from './storage';

/** The most recent confirmed messages kept in the browser, so a reopened chat shows at once. */
export const CACHE_LIMIT = 200;

/**
 * A conversation as kept: its newest messages (with the ids of those marked seen), and where polling goes on
 * (`newer`) with the backend's handle. No `older` cursor: once online, the latest page replaces the kept messages
 * older than it, and history pages on from the page's cursor.
 */
export type CachedConversation = Pick<Values, 'messages' | 'unread' | 'handle' | 'seen'> & Pick<Cursors, 'newer'>;

export type Cache = ReturnType<typeof createCache>;

/**
 * The store is outside input too (another version of the widget, a browser extension, a broken disk): a cached item
 * is shown only with the fields every message has, of their types.
 */
const isMessage = (m: Partial<Message> | null): m is Message =>
  typeof m?.id === 'string' &&
  Number.isFinite(m.time) &&
  ['user', 'agent', 'info'].includes(m.from!) &&
  [m.text, m.image].every((value) => value === null || typeof value === 'string');

const orNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The key of the device id kept for `storageKey`: a browser that has one has a conversation. */
export const deviceKey = (storageKey: string): string => `${storageKey}:device`;

/** The key of the cached conversation of a device. */
export const conversationKey = (storageKey: string, device: string): string => `${storageKey}:${device}:conversation`;

/**
 * Everything a session keeps in the browser, under keys that start with `storageKey` (for example the API URL, so
 * two accounts never mix): `…:device`, `…:config`, and per device id `…:{id}:conversation` and `…:{id}:outbox`.
 */
export function createCache(store: KeyValueStore, storageKey: string) {
  const deviceIdKey = deviceKey(storageKey);
  const configKey = `${storageKey}:config`;

  return {
    device: (): Promise<string | undefined> => store.get<string>(deviceIdKey),

    /** The stored device id, or else `candidate`, stored; in one transaction, so two tabs writing at once agree. */
    async claimDevice(candidate: string): Promise<string> {
      let id = candidate;
      await store.update<string>(deviceIdKey, (old) => (id = old ?? id));
      return id;
    },

    config: (): Promise<ChatConfig | undefined> => store.get<ChatConfig>(configKey),
    saveConfig: (config: ChatConfig): Promise<void> => store.set(configKey, config),

    /**
     * The cached conversation, when there is one that looks like one, without what does not look like a message
     * (and without cursors or a handle that are not strings: a cache of an older version has none).
     */
    async conversation(device: string): Promise<CachedConversation | null> {
      const cached = await store.get<Partial<CachedConversation>>(conversationKey(storageKey, device));
      return Array.isArray(cached?.messages)
        ? {
            messages: cached.messages.filter(isMessage),
            unread: Number(cached.unread) || 0,
            newer: orNull(cached.newer),
            handle: orNull(cached.handle),
            // Anything but an id never matches a message's.
            seen: Array.isArray(cached.seen) ? cached.seen : [],
          }
        : null;
    },

    saveConversation(device: string, { messages, seen, ...kept }: CachedConversation): Promise<void> {
      const cached: CachedConversation = {
        // Without the visitor's image bytes: the server has them, and the cache stays small.
        messages: messages
          .filter((m) => !isLocal(m))
          .slice(-CACHE_LIMIT)
          .map(({ file, progress, ...message }) => message),
        // The ids marked last are those of about the newest messages, the ones kept.
        seen: seen.slice(-CACHE_LIMIT),
        ...kept,
      };
      return store.set(conversationKey(storageKey, device), cached);
    },

    outbox: (device: string): Outbox => openOutbox(store, `${storageKey}:${device}:outbox`),

    /** Forgets the device id, and the conversation and outbox of `device`. */
    async wipe(device: string | null): Promise<void> {
      await Promise.all([
        store.del(deviceIdKey),
        device && store.del(conversationKey(storageKey, device)),
        device && this.outbox(device).clear(),
      ]);
    },
  };
}
