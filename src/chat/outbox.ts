import type { TransportErrorKind } from '../transport/types';
import type { KeyValueStore } from './storage';

/**
 * A message the visitor wrote that the server has not confirmed yet, as kept in IndexedDB. It is written before
 * the first attempt and removed only once the server confirmed it (or the visitor deleted it), so a reload, a
 * closed tab or a crash cannot lose it. An image's bytes are kept under a key of their own, written once.
 */
export interface OutboxEntry {
  /** The message's local id (see messages.ts). */
  id: string;
  /** When the visitor wrote it. */
  time: number;
  /** Null for an image. */
  text: string | null;
  /** Automatic tries in this round; the visitor's retry, going online and a reload start a new round. */
  attempts: number;
  /**
   * Set at the first attempt: the `newer` cursor then (null while the conversation had none). A request that went
   * out may have reached the server although no answer came, so from then on the conversation after this cursor is
   * checked for the message before it is sent again, and a copy new to the conversation may be the message's.
   */
  after?: string | null;
  /** The backend took it without giving an id: it is not sent again, and leaves when its listed copy arrives. */
  sent?: true;
  /** Why it stopped being sent automatically; it waits for the visitor's retry or delete. */
  failed?: TransportErrorKind;
  /** The id of the message whose choice it answers (choices.ts): the outbox takes one answer per message. */
  answers?: string;
}

interface StoredImage {
  type: string;
  /** Bytes, not a Blob: some WebViews cannot store Blobs in IndexedDB. */
  data: ArrayBuffer;
}

interface Box {
  entries: OutboxEntry[];
  /** Server ids recently confirmed for entries: never taken for another entry's copy in the conversation. */
  claimed: string[];
  /** Messages whose answer was confirmed recently: no second answer is added (absent in outboxes of old versions). */
  answered?: string[];
}

const CLAIMS_KEPT = 200;
const emptyBox = (): Box => ({ entries: [], claimed: [] });

export type Outbox = ReturnType<typeof openOutbox>;

/** The outbox of one conversation: `key` names it in the store (the storage key and the device id). */
export function openOutbox(store: KeyValueStore, key: string) {
  const imageKey = (id: string) => `${key}:${id}`;
  const change = (fn: (box: Box) => Box) => store.update<Box>(key, (old) => fn(old ?? emptyBox()));

  return {
    read: async (): Promise<Box> => (await store.get<Box>(key)) ?? emptyBox(),

    async image(id: string): Promise<Blob | undefined> {
      const stored = await store.get<StoredImage>(imageKey(id));
      return stored && new Blob([stored.data], { type: stored.type });
    },

    /**
     * Adds the entry unless it is there already (the tab that wrote it told the leader, too) or answers a message
     * that has an answer (in any tab); resolves whether it added it.
     */
    async add(entry: OutboxEntry, image?: Blob): Promise<boolean> {
      if (image)
        await store.set(imageKey(entry.id), {
          type: image.type,
          data: await image.arrayBuffer(),
        } satisfies StoredImage);
      let added = false;
      await change((box) => {
        const { answers } = entry;
        added =
          !box.entries.some((e) => e.id === entry.id || (answers && e.answers === answers)) &&
          !(answers && box.answered?.includes(answers));
        return added ? { ...box, entries: [...box.entries, entry] } : box;
      });
      return added;
    },

    patch: (id: string, fields: Partial<OutboxEntry>): Promise<void> =>
      change((box) => ({ ...box, entries: box.entries.map((e) => (e.id === id ? { ...e, ...fields } : e)) })),

    /** The entry is done: confirmed as `serverId`, or deleted (no id). */
    async remove(id: string, serverId?: string | null): Promise<void> {
      await change(({ entries, claimed, answered = [] }) => {
        const answers = serverId && entries.find((e) => e.id === id)?.answers;
        return {
          entries: entries.filter((e) => e.id !== id),
          claimed: serverId ? [...claimed, serverId].slice(-CLAIMS_KEPT) : claimed,
          answered: answers ? [...answered, answers].slice(-CLAIMS_KEPT) : answered,
        };
      });
      await store.del(imageKey(id));
    },

    async clear(): Promise<void> {
      const { entries } = await this.read();
      await Promise.all([store.del(key), ...entries.map((e) => store.del(imageKey(e.id)))]);
    },
  };
}
