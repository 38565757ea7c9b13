import type { Message } from '../transport/types';
import type { Cache } from './cache';
import { isTransient } from './errors';
import { entryMessage, isCopyOf, isLocal } from './messages';
import type { Outbox, OutboxEntry } from './outbox';
import type { Scope } from './scope';
import type { State } from './state';

/**
 * This page's copy of one conversation's outbox (outbox.ts has the stored one). Every entry shows as one local
 * message in `state.messages`, in the order written.
 */
export interface QueueFields {
  /** The entries to send, in the order written; an entry leaves when it is confirmed or deleted. */
  queued: OutboxEntry[];
  /** The bytes of the image entries, by entry id. */
  imageBytes: Map<string, Blob>;
  /** Server ids confirmed for entries (see outbox.ts): never taken for another entry's copy. */
  claimedIds: Set<string>;
  /** Entries this page confirmed or deleted: their removal from the store may still be on its way. */
  finished: Set<string>;
  /** The last read of the stored outbox; reads go one after the other. */
  reading: Promise<void>;
}

export const queueFields = (): QueueFields => ({
  queued: [],
  imageBytes: new Map(),
  claimedIds: new Set(),
  finished: new Set(),
  reading: Promise.resolve(),
});

export interface QueueNeeds extends QueueFields {
  state: State;
  cache: Cache;
  scope: Scope;
  /** This tab's new messages shown before they were in the outbox (see conversation.ts). */
  own: Map<string, Message>;
}

export const outboxOf = (c: QueueNeeds): Outbox => c.cache.outbox(c.state.deviceId.value!);
export const localMessage = (c: QueueNeeds, entry: OutboxEntry): Message =>
  entryMessage(entry, c.imageBytes.get(entry.id));
export const nextEntry = (c: QueueFields): OutboxEntry | undefined => c.queued.find((e) => !e.failed && !e.sent);

export function updateMessage({ state: { messages } }: QueueNeeds, id: string, change: Partial<Message>): void {
  messages.value = messages.value.map((m) => (m.id === id ? { ...m, ...change } : m));
}

/** An entry written here or in another tab joins the queue; false when it is known already. */
export function enqueue(c: QueueNeeds, entry: OutboxEntry, image?: Blob): boolean {
  if (c.finished.has(entry.id) || c.queued.some((e) => e.id === entry.id)) return false;
  if (image) c.imageBytes.set(entry.id, image);
  c.queued.push(entry);
  const { messages } = c.state;
  if (!c.own.delete(entry.id)) messages.value = [...messages.value, localMessage(c, entry)];
  return true;
}

/**
 * Reads the outbox from the store (entries another tab wrote, or a previous page load left). `newRound`: messages
 * that failed for a passing reason (the network) get a new round of tries.
 */
export function readOutbox(c: QueueNeeds, newRound: boolean): Promise<void> {
  c.reading = c.reading.then(async () => {
    const device = c.state.deviceId.value ?? (await c.cache.device());
    if (!device || !c.scope.alive) return;
    c.state.deviceId.value = device;
    const box = await outboxOf(c).read();
    box.claimed.forEach((id) => c.claimedIds.add(id));
    const read: OutboxEntry[] = [];
    for (const stored of box.entries) {
      const entry = c.queued.find((e) => e.id === stored.id) ?? stored;
      if (c.finished.has(entry.id) || !(await hasContent(c, entry))) continue;
      if (newRound && entry.failed && isTransient({ kind: entry.failed })) restart(c, entry);
      read.push(entry);
    }
    if (c.scope.alive) show(c, read);
  });
  return c.reading;
}

/** An image entry's bytes may be gone (the browser cleared storage): then nothing is left to send. */
async function hasContent(c: QueueNeeds, entry: OutboxEntry): Promise<boolean> {
  if (entry.text !== null || c.imageBytes.has(entry.id)) return true;
  const image = await outboxOf(c).image(entry.id);
  if (image) c.imageBytes.set(entry.id, image);
  return Boolean(image);
}

/** A new round of automatic tries. */
function restart(c: QueueNeeds, entry: OutboxEntry): void {
  entry.failed = undefined;
  entry.attempts = 0;
  void outboxOf(c).patch(entry.id, { failed: undefined, attempts: 0 });
}

function show(c: QueueNeeds, read: OutboxEntry[]): void {
  c.queued = read;
  const { messages } = c.state;
  const progress = new Map(messages.value.filter(isLocal).map((m) => [m.id, m.progress]));
  const ahead = [...c.own.values()].filter((m) => !read.some((e) => e.id === m.id));
  messages.value = [
    ...messages.value.filter((m) => !isLocal(m)),
    ...read.map((e) => ({ ...localMessage(c, e), progress: progress.get(e.id) })),
    ...ahead,
  ];
}

/** The entry was confirmed as `serverId`; false when it had left already. */
export function take(c: QueueNeeds, entry: OutboxEntry, serverId: string): boolean {
  if (!c.queued.includes(entry)) return false;
  c.queued = c.queued.filter((e) => e !== entry);
  c.finished.add(entry.id);
  c.claimedIds.add(serverId);
  void outboxOf(c).remove(entry.id, serverId);
  return true;
}

/**
 * The entry whose server copy `copy`, a message new to the conversation, is: the one sent with its key, or one tried
 * already with the same content (see isCopyOf).
 */
export function ownerOf(c: QueueFields, copy: Message): OutboxEntry | undefined {
  if (c.claimedIds.has(copy.id)) return undefined;
  return c.queued.find((e) => isCopyOf(copy, e) && (copy.clientKey || (!e.failed && e.after !== undefined)));
}

/** A failed message gets a new round of tries; false when there is no such failed message. */
export function retryEntry(c: QueueNeeds, id: string): boolean {
  const entry = c.queued.find((e) => e.id === id && e.failed);
  if (!entry) return false;
  restart(c, entry);
  updateMessage(c, id, { status: 'pending' });
  return true;
}

/**
 * The message is gone from this tab: from the queue and the list, and from the store (`stored`) once it is
 * written there. Returns its entry, when it had one.
 */
export function removeEntry(c: QueueNeeds, id: string, stored = true): OutboxEntry | undefined {
  const entry = c.queued.find((e) => e.id === id);
  c.queued = c.queued.filter((e) => e !== entry);
  c.finished.add(id);
  if (stored && c.state.deviceId.value) void outboxOf(c).remove(id);
  c.state.messages.value = c.state.messages.value.filter((m) => m.id !== id);
  return entry;
}
