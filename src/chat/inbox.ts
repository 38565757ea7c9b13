import { batch } from '@preact/signals-core';
import type { Message, MessagePage } from '../transport/types';
import type { Emitter } from './emitter';
import { mergeMessages } from './messages';
import type { ChatEvents, State } from './state';

export interface InboxDeps {
  state: State;
  events: Emitter<ChatEvents>;
  /** Some tab shows the chat open: what arrives is read at once. */
  anyOpen(): boolean;
  /** Messages new to the conversation may be the server's copies of outbox entries that were tried. */
  claimCopies(added: readonly Message[]): void;
  /** The conversation changed: keep it in the cache. */
  save(): void;
}

export type Inbox = ReturnType<typeof createInbox>;

/** What arrives from the server for one conversation: merged once, announced once, counted while unread. */
export function createInbox({ state, events, anyOpen, claimCopies, save }: InboxDeps) {
  /** Ids of the messages announced or taken as history: a message is announced at most once. */
  const announced = new Set<string>();
  /** Messages received from now on are new, not history. False until the first page or the cache is in. */
  let live = false;

  function announce(message: Message): void {
    if (announced.has(message.id)) return;
    announced.add(message.id);
    events.emit('message', { message, direction: message.from === 'user' ? 'out' : 'in' });
  }

  /** Merges a page from the server; announces and counts the new messages. Returns how many were new. */
  function receive(page: Pick<MessagePage, 'messages' | 'agent' | 'sticky'>): number {
    const known = new Set(state.messages.value.map((m) => m.id));
    const added = page.messages.filter((m) => !known.has(m.id));
    batch(() => {
      state.messages.value = mergeMessages(state.messages.value, page.messages);
      state.agent.value = page.agent;
      state.sticky.value = page.sticky;
      const unseen = added.filter((m) => m.from === 'agent').length;
      if (live && unseen && !anyOpen()) state.unread.value += unseen;
    });
    claimCopies(added);
    if (live) added.forEach(announce);
    else history(added);
    if (added.length) save();
    return added.length;
  }

  /** Messages that are not news: older pages, the cache, the first page. */
  function history(messages: readonly Message[]): void {
    for (const m of messages) announced.add(m.id);
  }

  /** Some tab opened the chat: what arrived is read. */
  function markRead(): void {
    if (!state.unread.value) return;
    state.unread.value = 0;
    save();
  }

  return {
    receive,
    announce,
    history,
    markRead,
    /** From now on, what arrives is news. */
    goLive: () => void (live = true),
    isLive: () => live,
  };
}
