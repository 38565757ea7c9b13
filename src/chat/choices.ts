// The choices a message offers (its reply buttons, its cards' reply buttons, its quick replies) and the rule that
// decides each set once: only the newest message of the conversation can be answered, so a choice closes as soon
// as anything comes after it, the visitor's answer first. Everything here is read from the list itself, so every
// tab and every reload agrees on it; the outbox takes one answer per message (outbox.ts), also from several tabs.
import type { Message } from '../transport/types';

/** The texts the visitor can send with one tap in this message. */
export function repliesOf(message: Message): string[] {
  const buttons = [...(message.buttons ?? []), ...(message.cards ?? []).flatMap((card) => card.buttons)];
  const values = buttons.flatMap((button) => (button.action === 'reply' && button.value !== null ? button.value : []));
  return [...values, ...(message.quickReplies ?? [])];
}

/** Whether the visitor can still choose in the message: it is the newest in the list. */
export const isOpenChoice = (messages: readonly Message[], message: Message): boolean =>
  messages[messages.length - 1]?.id === message.id && repliesOf(message).length > 0;

/** What the visitor chose in the message: their first message after it, when it is one of its replies. */
export function chosenReply(messages: readonly Message[], message: Message): string | null {
  const after = messages.slice(messages.findIndex((m) => m.id === message.id) + 1);
  const answer = after.find((m) => m.from === 'user')?.text;
  return answer != null && repliesOf(message).includes(answer) ? answer : null;
}
