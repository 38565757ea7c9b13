/** Every string the visitor sees, in one table. A language missing a key falls back to English. */
const en = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`),
  title: 'Chat',
  call: (phone: string) => `Call ${phone}`,
  message: 'Message',
  placeholder: 'Type a message…',
  send: 'Send',
  attach: 'Send image',
  messages: 'Messages',
  loadOlder: 'Show earlier messages',
  loading: 'Loading…',
  you: 'You',
  agentTyping: 'typing…',
  agentTypingLabel: (name: string | null) => (name ? `${name} is typing` : 'Someone is typing'),
  newMessage: (name: string | null, text: string) => `${name ?? 'New message'}: ${text}`,
  image: 'Image',
  pending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent',
  retry: 'Try again',
  today: 'Today',
  yesterday: 'Yesterday',
  tooLong: (n: number, max: number) => `Your message is too long (${n} of ${max} characters).`,
  offline: 'You are offline. Your messages will be sent when you are back online.',
  reconnecting: 'Connection lost. Trying again…',
  unauthorized: 'You need to sign in again to continue this chat.',
  forbidden: 'The chat is not available right now.',
  sendFailed: 'Your message could not be sent.',
  couldNotLoad: 'The conversation could not be loaded.',
};

export type Strings = typeof en;

const nl: Strings = {
  openChat: 'Chat openen',
  closeChat: 'Chat sluiten',
  unread: (n) => (n === 1 ? '1 ongelezen bericht' : `${n} ongelezen berichten`),
  title: 'Chat',
  call: (phone) => `Bel ${phone}`,
  message: 'Bericht',
  placeholder: 'Typ een bericht…',
  send: 'Versturen',
  attach: 'Afbeelding versturen',
  messages: 'Berichten',
  loadOlder: 'Eerdere berichten tonen',
  loading: 'Laden…',
  you: 'Jij',
  agentTyping: 'typt…',
  agentTypingLabel: (name) => (name ? `${name} typt` : 'Er wordt getypt'),
  newMessage: (name, text) => `${name ?? 'Nieuw bericht'}: ${text}`,
  image: 'Afbeelding',
  pending: 'Versturen…',
  sent: 'Verstuurd',
  failed: 'Niet verstuurd',
  retry: 'Opnieuw proberen',
  today: 'Vandaag',
  yesterday: 'Gisteren',
  tooLong: (n, max) => `Je bericht is te lang (${n} van ${max} tekens).`,
  offline: 'Je bent offline. Je berichten worden verstuurd zodra je weer online bent.',
  reconnecting: 'Verbinding verbroken. We proberen het opnieuw…',
  unauthorized: 'Log opnieuw in om deze chat voort te zetten.',
  forbidden: 'De chat is op dit moment niet beschikbaar.',
  sendFailed: 'Je bericht kon niet worden verstuurd.',
  couldNotLoad: 'Het gesprek kon niet worden geladen.',
};

const tables: Record<string, Strings> = { en, nl };
export const SUPPORTED_LANGUAGES = Object.keys(tables);

/** `nl-BE` → `nl`; an unsupported or missing language → the browser's, then English. */
export function resolveLanguage(requested: string | null | undefined, browser = navigator.language): string {
  for (const candidate of [requested, browser]) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && base in tables) return base;
  }
  return 'en';
}

export const strings = (lang: string): Strings => tables[lang] ?? en;
