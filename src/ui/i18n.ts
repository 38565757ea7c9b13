import { mapValues } from '../lib/objects';
import { columnOf, LAUNCHER_TABLE, LANGUAGES } from './i18n-core';

export { LANGUAGES, resolveLanguage } from './i18n-core';

/**
 * Every string the visitor sees: one row per string, one column per language (English first, the fallback), the
 * launcher's rows included (i18n-core.ts). `{0}`, `{1}` are filled in by `fill`.
 */
const TABLE = {
  ...LAUNCHER_TABLE,
  closeChat: ['Close chat', 'Chat sluiten'],
  unread: ['{0} unread', '{0} ongelezen'],
  title: ['Chat', 'Chat'],
  call: ['Call {0}', 'Bel {0}'],
  message: ['Message', 'Bericht'],
  placeholder: ['Type a message…', 'Typ een bericht…'],
  send: ['Send', 'Versturen'],
  messages: ['Messages', 'Berichten'],
  loadOlder: ['Show earlier messages', 'Eerdere berichten tonen'],
  loading: ['Loading…', 'Laden…'],
  typing: ['typing…', 'typt…'],
  newMessage: ['New message', 'Nieuw bericht'],
  image: ['Image', 'Afbeelding'],
  imageMissing: ['Image not available', 'Afbeelding niet beschikbaar'],
  attach: ['Send image', 'Afbeelding versturen'],
  removeImage: ['Remove image', 'Afbeelding verwijderen'],
  dropImage: ['Drop the image here', 'Zet de afbeelding hier neer'],
  cancel: ['Cancel', 'Annuleren'],
  close: ['Close', 'Sluiten'],
  original: ['Open original', 'Origineel openen'],
  unsupported: [
    'Only JPEG, PNG, GIF and WebP images can be sent.',
    'Alleen JPEG, PNG, GIF en WebP kunnen worden verstuurd.',
  ],
  tooLarge: ['This image is larger than 10 MB.', 'Deze afbeelding is groter dan 10 MB.'],
  pending: ['Sending…', 'Versturen…'],
  sent: ['Sent', 'Verstuurd'],
  failed: ['Not sent', 'Niet verstuurd'],
  retry: ['Try again', 'Opnieuw proberen'],
  delete: ['Delete', 'Verwijderen'],
  today: ['Today', 'Vandaag'],
  yesterday: ['Yesterday', 'Gisteren'],
  tooLong: ['Your message is too long ({0} of {1} characters).', 'Je bericht is te lang ({0} van {1} tekens).'],
  offline: [
    'You are offline. Messages will be sent when you are back online.',
    'Je bent offline. Berichten gaan zodra je weer online bent.',
  ],
  reconnecting: ['Connection lost. Trying again…', 'Verbinding verbroken. Opnieuw verbinden…'],
  backOnline: ['Back online.', 'Weer online.'],
  unauthorized: ['Sign in again to go on with this chat.', 'Log opnieuw in om verder te chatten.'],
  forbidden: ['The chat is not available right now.', 'De chat is nu niet beschikbaar.'],
} satisfies Record<string, readonly [string, string]>;

export type Strings = Record<keyof typeof TABLE, string>;

/** One `Strings` per language, in the order of LANGUAGES. */
const COLUMNS = LANGUAGES.map((_, column) => mapValues(TABLE, (row: readonly string[]) => row[column]) as Strings);

/** The strings of `lang`; English for a language without a column. */
export const strings = (lang: string): Strings => COLUMNS[columnOf(lang)]!;

export const fill = (template: string, ...values: (string | number)[]): string =>
  template.replace(/\{(\d)\}/g, (_, i: string) => String(values[Number(i)]));
