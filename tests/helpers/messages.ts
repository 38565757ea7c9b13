// Small builders for the unit tests of the session's modules: messages and outbox entries as the server and the
// outbox hold them.
import type { CachedConversation } from '../../src/chat/cache';
import type { OutboxEntry } from '../../src/chat/outbox';
import type { Message, MessagePage } from '../../src/transport/types';

/** A confirmed message with the server id `id` ("message {id}" unless a text is given). */
export function serverMessage(id: string, from: Message['from'] = 'agent', extra: Partial<Message> = {}): Message {
  return {
    id,
    time: Number(id) || 0,
    from,
    text: `message ${id}`,
    image: null,
    agent: from === 'agent' ? { name: 'Anna', avatar: null } : null,
    ...extra,
  };
}

/** Confirmed agent messages with the ids `first` to `last`. */
export const serverMessages = (first: number, last: number): Message[] =>
  Array.from({ length: last - first + 1 }, (_, i) => serverMessage(String(first + i)));

/** An outbox entry not tried yet (`local:{name}`), for a text or, with `text: null`, an image. */
export function outboxEntry(name: string, text: string | null = name, extra: Partial<OutboxEntry> = {}): OutboxEntry {
  return { id: `local:${name}`, time: 1, text, attempts: 0, ...extra };
}

/** A page of messages as a transport answers it: cursors are ids, `older` is null unless given. */
export const page = (messages: Message[], older: string | null = null): MessagePage => ({
  messages,
  older,
  newer: messages.map((m) => m.id).pop() ?? null,
  agent: null,
  sticky: null,
});

/** A conversation as the cache keeps it, without a cursor or a handle unless given. */
export const cachedConversation = (
  messages: Message[],
  unread = 0,
  extra: Partial<CachedConversation> = {},
): CachedConversation => ({ messages, unread, newer: null, handle: null, seen: [], ...extra });
