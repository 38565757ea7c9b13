import type { Message } from '../transport/types';
import type { Cache } from './cache';
import { isTransient } from './errors';
import { compareIds, entryMessage, isCopyOf, isLocal } from './messages';
import type { OutboxEntry } from './outbox';
import type { Scope } from './scope';
import type { State } from './state';

export interface QueueDeps {
  state: State;
  cache: Cache;
  scope: Scope;
  /** This tab's new messages shown before they were in the outbox (see conversation.ts). */
  own: Map<string, Message>;
}

export type Queue = ReturnType<typeof createQueue>;

/**
 * This page's copy of one conversation's outbox (outbox.ts has the stored one), and the visitor's unconfirmed
 * messages in `state.messages` that show it: one local message per entry, in the order written.
 */
export function createQueue({ state, cache, scope, own }: QueueDeps) {
  /** The entries to send, in the order written; an entry leaves when it is confirmed or deleted. */
  let entries: OutboxEntry[] = [];
  /** The bytes of the image entries, by entry id. */
  const images = new Map<string, Blob>();
  /** Server ids confirmed for entries (see outbox.ts): never taken for another entry's copy. */
  const claimed = new Set<string>();
  /** Entries this page confirmed or deleted: their removal from the store may still be on its way. */
  const finished = new Set<string>();
  let reading: Promise<void> = Promise.resolve();

  const outbox = () => cache.outbox(state.deviceId.value!);
  const localMessage = (entry: OutboxEntry) => entryMessage(entry, images.get(entry.id));
  const update = (id: string, change: Partial<Message>) =>
    (state.messages.value = state.messages.value.map((m) => (m.id === id ? { ...m, ...change } : m)));

  /** An entry written here or in another tab joins the queue; false when it is known already. */
  function add(entry: OutboxEntry, image?: Blob): boolean {
    if (finished.has(entry.id) || entries.some((e) => e.id === entry.id)) return false;
    if (image) images.set(entry.id, image);
    entries.push(entry);
    if (!own.delete(entry.id)) state.messages.value = [...state.messages.value, localMessage(entry)];
    return true;
  }

  /**
   * Reads the outbox from the store (entries another tab wrote, or a previous page load left). `newRound`: messages
   * that failed for a passing reason (the network) get a new round of tries.
   */
  function read(newRound: boolean): Promise<void> {
    reading = reading.then(async () => {
      const device = state.deviceId.value ?? (await cache.device());
      if (!device || !scope.alive) return;
      state.deviceId.value = device;
      const box = await outbox().read();
      box.claimed.forEach((id) => claimed.add(id));
      const read: OutboxEntry[] = [];
      for (const stored of box.entries) {
        const entry = entries.find((e) => e.id === stored.id) ?? stored;
        if (!finished.has(entry.id) && (await hasContent(entry))) read.push(newRound ? freshRound(entry) : entry);
      }
      if (scope.alive) show(read);
    });
    return reading;
  }

  /** An image entry's bytes may be gone (the browser cleared storage): then nothing is left to send. */
  async function hasContent(entry: OutboxEntry): Promise<boolean> {
    if (entry.text !== null || images.has(entry.id)) return true;
    const image = await outbox().image(entry.id);
    if (image) images.set(entry.id, image);
    return Boolean(image);
  }

  function freshRound(entry: OutboxEntry): OutboxEntry {
    if (entry.failed && isTransient({ kind: entry.failed })) restart(entry);
    return entry;
  }

  function restart(entry: OutboxEntry): void {
    entry.failed = undefined;
    entry.attempts = 0;
    void outbox().patch(entry.id, { failed: undefined, attempts: 0 });
  }

  function show(read: OutboxEntry[]): void {
    entries = read;
    const progress = new Map(state.messages.value.filter(isLocal).map((m) => [m.id, m.progress]));
    const ahead = [...own.values()].filter((m) => !entries.some((e) => e.id === m.id));
    state.messages.value = [
      ...state.messages.value.filter((m) => !isLocal(m)),
      ...entries.map((e) => ({ ...localMessage(e), progress: progress.get(e.id) })),
      ...ahead,
    ];
  }

  /** The entry was confirmed as `serverId`; false when it had left already. */
  function take(entry: OutboxEntry, serverId: string): boolean {
    if (!entries.includes(entry)) return false;
    entries = entries.filter((e) => e !== entry);
    finished.add(entry.id);
    claimed.add(serverId);
    void outbox().remove(entry.id, serverId);
    return true;
  }

  /** The entry whose server copy `copy` is: tried already, the same content, and newer than the entry's cursor. */
  const ownerOf = (copy: Message): OutboxEntry | undefined =>
    claimed.has(copy.id)
      ? undefined
      : entries.find(
          (e) => !e.failed && e.after !== undefined && isCopyOf(copy, e) && (e.after === null || compareIds(copy.id, e.after) > 0),
        );

  /** A failed message gets a new round of tries; false when there is no such failed message. */
  function retry(id: string): boolean {
    const entry = entries.find((e) => e.id === id && e.failed);
    if (!entry) return false;
    restart(entry);
    update(id, { status: 'pending' });
    return true;
  }

  /**
   * The message is gone from this tab: from the queue and the list, and from the store (`stored`) once it is
   * written there. Returns its entry, when it had one.
   */
  function remove(id: string, stored = true): OutboxEntry | undefined {
    const entry = entries.find((e) => e.id === id);
    entries = entries.filter((e) => e !== entry);
    finished.add(id);
    if (stored && state.deviceId.value) void outbox().remove(id);
    state.messages.value = state.messages.value.filter((m) => m.id !== id);
    return entry;
  }

  return {
    add,
    read,
    take,
    ownerOf,
    retry,
    remove,
    localMessage,
    update,
    outbox,
    /** The next entry to try. */
    next: () => entries.find((e) => !e.failed),
    /** The entries waiting to be tried (not failed). */
    waiting: () => entries.filter((e) => !e.failed),
    has: (entry: OutboxEntry) => entries.includes(entry),
    image: (id: string) => images.get(id),
    /** Was it confirmed or deleted here already? */
    finished: (id: string) => finished.has(id),
  };
}
