import type { AgentState, Message, MessagePage, Transport } from '../transport/types';
import { capabilitiesOf } from './capabilities';
import type { Emitter } from './emitter';
import { mergeMessages } from './messages';
import { assign, type ChatEvents, type State } from './state';

/** What the inbox of one conversation keeps. */
export interface InboxFields {
  /** Ids of the messages announced or taken as history: a message is announced at most once. */
  announced: Set<string>;
  /** Messages received from now on are new, not history. False until the first page or the cache is in. */
  live: boolean;
  /** Ends the agent's typing once the backend's typing expiry has passed without a page saying it again. */
  typingExpiry?: ReturnType<typeof setTimeout>;
}

export const inboxFields = (): InboxFields => ({ announced: new Set(), live: false });

export interface InboxNeeds extends InboxFields {
  state: State;
  events: Emitter<ChatEvents>;
  transport(): Transport;
  /** Some tab shows the chat open: what arrives is read at once. */
  anyOpen(): boolean;
  /** Messages new to the conversation may be the server's copies of outbox entries that were tried. */
  claimCopies(added: readonly Message[]): void;
  /** The conversation changed: keep it in the cache. */
  save(): void;
}

export function announce(c: InboxNeeds, message: Message): void {
  if (c.announced.has(message.id)) return;
  c.announced.add(message.id);
  c.events.emit('message', { message, direction: message.from === 'user' ? 'out' : 'in' });
}

/**
 * Merges a page of the newest messages from the server (latest, or newer than a cursor); announces and counts the
 * new messages. Returns how many were new.
 */
export function receive(c: InboxNeeds, page: Partial<MessagePage> & Pick<MessagePage, 'messages'>): number {
  const { messages, unread, cursors } = c.state;
  const known = new Set(messages.value.map((m) => m.id));
  const added = page.messages.filter((m) => !known.has(m.id));
  const unseen = c.live && !c.anyOpen() ? added.filter((m) => m.from === 'agent').length : 0;
  const { agent, sticky, welcome } = page;
  assign(c.state, {
    messages: mergeMessages(messages.value, page.messages),
    cursors: { ...cursors.value, newer: page.newer ?? cursors.value.newer },
    ...(agent !== undefined && { agent }),
    ...(sticky !== undefined && { sticky }),
    ...(welcome !== undefined && { welcome }),
    unread: unread.value + unseen,
  });
  if (agent) expireTyping(c, agent);
  c.claimCopies(added);
  if (c.live) added.forEach((m) => announce(c, m));
  else history(c, added);
  if (added.length) c.save();
  return added.length;
}

/**
 * The agent's typing shows until a page says otherwise or until the backend's typing expiry passes without one
 * saying it again (a backend that pushes its typing may never say it stopped).
 */
function expireTyping(c: InboxNeeds, agent: AgentState): void {
  clearTimeout(c.typingExpiry);
  if (!agent.isTyping) return;
  c.typingExpiry = setTimeout(() => {
    if (c.state.agent.value === agent) c.state.agent.value = { ...agent, isTyping: false };
  }, capabilitiesOf(c.transport()).typingExpiresMs);
}

/** Messages that are not news: older pages, the cache, the first page. */
export function history(c: InboxFields, messages: readonly Message[]): void {
  for (const m of messages) c.announced.add(m.id);
}

/** Some tab opened the chat: what arrived is read. */
export function markRead(c: InboxNeeds): void {
  if (!c.state.unread.value) return;
  c.state.unread.value = 0;
  c.save();
}

/** From now on, what arrives is news. */
export function goLive(c: InboxFields): void {
  c.live = true;
}
