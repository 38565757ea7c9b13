// The account's theme rule (ui/theme.ts) kept per storage key in localStorage, which answers at once: a returning
// visitor's launcher has the account's colours from its first frame, before the chat (and the config) has loaded.
// Only colours, a font and shapes: nothing about the visitor. Without localStorage (blocked, full) it is not kept.

const themeKey = (storageKey: string) => `parley-chat:${storageKey}:theme`;

export function rememberedTheme(storageKey: string): string {
  try {
    return localStorage.getItem(themeKey(storageKey)) ?? '';
  } catch {
    return '';
  }
}

export function rememberTheme(storageKey: string, rule: string): void {
  try {
    localStorage.setItem(themeKey(storageKey), rule);
  } catch {
    // not kept: the launcher has the default colours until the chat loads
  }
}
