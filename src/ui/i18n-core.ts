// What the loader needs of the languages before the chat has loaded: the language codes, how a page's language is
// resolved, and the launcher's own strings (the rest of the table is in i18n.ts, which adds these rows to it).

/**
 * The widget's languages, English first (the fallback). Adding a language is adding a column to LAUNCHER_TABLE and
 * its translation in lang/ (i18n.ts).
 */
export const LANGUAGES = ['en', 'nl'] as const;

/** The launcher's strings, one column per language. */
export const LAUNCHER_TABLE = {
  openChat: ['Open chat', 'Chat openen'],
  loadFailed: ['The chat could not load. Try again.', 'De chat kon niet laden. Probeer het opnieuw.'],
} satisfies Record<string, readonly [string, string]>;

/** The column of `lang` in the tables (English for a language without one). */
export const columnOf = (lang: string): number => Math.max(0, LANGUAGES.indexOf(lang as (typeof LANGUAGES)[number]));

/** `nl-BE` → `nl`; an unsupported or missing language → the browser's, then English. */
export function resolveLanguage(requested: string | null | undefined, browser = navigator.language): string {
  for (const candidate of [requested, browser]) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && (LANGUAGES as readonly string[]).includes(base)) return base;
  }
  return 'en';
}
