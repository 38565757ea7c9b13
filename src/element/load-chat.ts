import type { Translation } from '../ui/i18n';
import type { LANGUAGES } from '../ui/i18n-core';
import { importChunk } from '../lib/chunks';
import { whenIdle } from '../lib/idle';
import type * as Chat from './chat';

export type ChatModule = typeof Chat;

type OtherLanguage = Exclude<(typeof LANGUAGES)[number], 'en'>;

/**
 * The loader's URL, in the split script-tag build, whose chunks are in `parley-chat/` beside it (so a CSP that
 * allows the script allows them), read while the loader's script runs, the one moment `document.currentScript`
 * names it.
 */
const loaderUrl = import.meta.env.PARLEY_CHUNKS ? (document.currentScript as HTMLScriptElement).src : '';

/** The other languages' modules, where a bundler splits (the npm build) or inlines them (the single-file build). */
const TRANSLATIONS: Record<OtherLanguage, () => Promise<{ default: Translation }>> = {
  nl: () => import('../ui/lang/nl'),
};

/** The translation of `lang` (none for English, the chat's own). Loading it again takes the module already loaded. */
const loadTranslation = (lang: string): Promise<Translation | undefined> =>
  lang === 'en'
    ? Promise.resolve(undefined)
    : (import.meta.env.PARLEY_CHUNKS
        ? importChunk<{ default: Translation }>(loaderUrl, `parley-chat/lang-${lang}.js`)
        : TRANSLATIONS[lang as OtherLanguage]()
      ).then((module) => module.default);

/** Gives a loaded chat the strings of `lang`; resolves when they are in. */
export const useLanguage = (chat: ChatModule, lang: string): Promise<void> =>
  loadTranslation(lang).then((translation) => translation && chat.addTranslation(lang, translation));

/**
 * The chat module with the strings of `lang`, both loaded at once: chunks in the split script-tag build, modules of
 * this bundle otherwise (the single-file build inlines them; a host's bundler may split them).
 */
export function loadChat(lang: string): Promise<ChatModule> {
  loadTranslation(lang).catch(() => undefined); // under way beside the chat; useLanguage waits for it
  // A page's first Intl object costs about 11 ms (ICU starting up): made while the chunks download, not when the
  // list first shows its times.
  whenIdle(() => new Intl.DateTimeFormat(lang), 1_000);
  const chat: Promise<ChatModule> = import.meta.env.PARLEY_CHUNKS
    ? importChunk(loaderUrl, 'parley-chat/chat.js')
    : import('./chat');
  return chat.then((loaded) => useLanguage(loaded, lang).then(() => loaded));
}
