import { mapValues } from '../lib/objects';
import { columnOf, LAUNCHER_TABLE } from './i18n-core';

export { LANGUAGES, resolveLanguage } from './i18n-core';

/**
 * Every string the visitor sees but the launcher's (i18n-core.ts), in English, the fallback. Each other language is
 * a module of its own (lang/*.ts, a chunk the loader fetches only for a page in that language), added with
 * `addTranslation`. `{0}`, `{1}` are filled in by `fill`.
 */
const ENGLISH = {
  closeChat: 'Close chat',
  unread: '{0} unread',
  title: 'Chat',
  call: 'Call {0}',
  message: 'Message',
  placeholder: 'Type a message…',
  send: 'Send',
  messages: 'Messages',
  loadOlder: 'Show earlier messages',
  loading: 'Loading…',
  typing: 'typing…',
  newMessage: 'New message',
  image: 'Image',
  imageMissing: 'Image not available',
  attach: 'Send image',
  removeImage: 'Remove image',
  dropImage: 'Drop the image here',
  cancel: 'Cancel',
  close: 'Close',
  original: 'Open original',
  unsupported: 'Only JPEG, PNG, GIF and WebP images can be sent.',
  tooLarge: 'This image is larger than {0} MB.',
  imageUnavailable: 'The image could not be opened. Try again.',
  pending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  seen: 'Seen',
  failed: 'Not sent',
  retry: 'Try again',
  delete: 'Delete',
  today: 'Today',
  yesterday: 'Yesterday',
  tooLong: 'Your message is too long ({0} of {1} characters).',
  offline: 'You are offline. Messages will be sent when you are back online.',
  reconnecting: 'Connection lost. Trying again…',
  backOnline: 'Back online.',
  unauthorized: 'Sign in again to go on with this chat.',
  signIn: 'Sign in to chat with us.',
  forbidden: 'The chat is not available right now.',
  ended: 'This conversation has ended.',
  startNew: 'Start a new conversation',
  cantShow: 'This can’t be shown here.',
  newTab: 'opens in a new tab',
  download: 'Download {0}',
  downloadFailed: 'The file could not be downloaded. Try again.',
  carousel: 'Cards',
  cardOf: '{0} of {1}',
  previous: 'Previous',
  next: 'Next',
  quickReplies: 'Suggested replies',
  suggested: 'Suggested replies: {0}',
};

/** A language's strings but the launcher's: what a module in lang/ exports. */
export type Translation = Record<keyof typeof ENGLISH, string>;
type LauncherStrings = Record<keyof typeof LAUNCHER_TABLE, string>;
export type Strings = Translation & LauncherStrings;

const launcherStrings = (lang: string) =>
  mapValues(LAUNCHER_TABLE, (row: readonly string[]) => row[columnOf(lang)]) as LauncherStrings;

/** The strings of each language whose translation is in; English always. */
const known = new Map<string, Strings>([['en', { ...launcherStrings('en'), ...ENGLISH }]]);

export const addTranslation = (lang: string, translation: Translation): void =>
  void known.set(lang, { ...launcherStrings(lang), ...translation });

/** The strings of `lang`; English for a language without a translation (yet). */
export const strings = (lang: string): Strings => known.get(lang) ?? known.get('en')!;

export const fill = (template: string, ...values: (string | number)[]): string =>
  template.replace(/\{(\d)\}/g, (_, i: string) => String(values[Number(i)]));
