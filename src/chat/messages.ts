import type { Message } from '../transport/types';
import type { OutboxEntry } from './outbox';

/** Ids the session gives messages before the server confirms them; never equal to a server id. */
const LOCAL_PREFIX = 'local:';

export const localId = (): string => LOCAL_PREFIX + randomId();
export const isLocal = (message: Message): boolean => message.id.startsWith(LOCAL_PREFIX);

export function randomId(): string {
  // Old WebViews and non-secure origins have no randomUUID; getRandomValues is everywhere. Its version 4 UUID:
  // each 0, 1 and 8 of the template becomes a random hex digit with the variant and version bits kept.
  return (
    crypto.randomUUID?.() ??
    '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
      (Number(c) ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (Number(c) / 4)))).toString(16),
    )
  );
}

/** Server ids are compared as numbers when both are numeric (Parley's are), else as strings. */
export function compareIds(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y) && a.trim() !== '' && b.trim() !== '') return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The conversation's order: by time, then by id. */
export const compareMessages = (a: Message, b: Message): number => a.time - b.time || compareIds(a.id, b.id);

/**
 * The conversation as the visitor sees it: confirmed messages in the conversation's order (by time, then id), then
 * the visitor's unconfirmed messages in the order they were written. A message the server returns replaces the copy
 * with the same id, so a polled copy of a sent message never shows twice.
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  const confirmed = new Map<string, Message>();
  const local: Message[] = [];
  for (const message of current) {
    if (isLocal(message)) local.push(message);
    else confirmed.set(message.id, message);
  }
  for (const message of incoming) {
    // The visitor's own image stays shown from the bytes they picked, rather than being fetched again.
    const file = confirmed.get(message.id)?.file;
    confirmed.set(message.id, file ? { ...withServerStatus(message), file } : withServerStatus(message));
  }
  return [...[...confirmed.values()].sort(compareMessages), ...local];
}

/** The visitor's listed message is sent, or as far as the backend reported (the cache is outside input too). */
const withServerStatus = (message: Message): Message =>
  message.from === 'user'
    ? { ...message, status: /^(delivered|seen)$/.test(message.status ?? '') ? message.status : 'sent' }
    : message;

/**
 * Whether the server's message is the copy of an outbox entry's: the one sent with its key, or, from a backend
 * that keeps no key, the visitor's with the same text (an image for an image).
 */
export const isCopyOf = (server: Message, entry: Pick<Message, 'id' | 'text'>): boolean =>
  server.clientKey
    ? server.clientKey === entry.id
    : server.from === 'user' &&
      (server.text ?? null) === entry.text &&
      (server.image !== null) === (entry.text === null);

/** The visitor's unconfirmed message that shows an outbox entry; `file`: the image's bytes, shown as they are. */
export const entryMessage = (entry: OutboxEntry, file?: Blob): Message => ({
  id: entry.id,
  time: entry.time,
  from: 'user',
  agent: null,
  text: entry.text,
  image: null,
  file,
  status: entry.failed ? 'failed' : entry.sent ? 'sent' : 'pending',
});
