import { effect } from '@preact/signals-core';
import type { ChatSession } from '../chat/session';
import { themeRule } from '../ui/theme';
import { emit } from './events';
import { rememberTheme } from './theme-memory';

/**
 * Mirrors a started session onto its element: the account's theme (remembered for the launcher of the next page),
 * the `open` attribute and the events (the element itself reports `parley-ready`). Returns the functions that stop it.
 */
export function wireSession(
  element: HTMLElement & { open: boolean },
  session: ChatSession,
  storageKey: string,
  setTheme: (rule: string) => void,
): (() => void)[] {
  let wasOpen = false;
  let lastUnread = 0;
  return [
    effect(() => {
      const config = session.config.value;
      const rule = themeRule(config);
      setTheme(rule);
      if (config) rememberTheme(storageKey, rule);
    }),
    effect(() => {
      const open = session.isOpen.value;
      element.open = open; // reflects the state; no attribute change when it already does
      if (open !== wasOpen) emit(element, open ? 'parley-open' : 'parley-close', {});
      wasOpen = open;
    }),
    effect(() => {
      const count = session.unread.value;
      if (count !== lastUnread) emit(element, 'parley-unread', { count });
      lastUnread = count;
    }),
    session.on('message', (detail) => emit(element, 'parley-message', detail)),
    session.on('error', (error) => emit(element, 'parley-error', { code: error.kind, message: error.message })),
  ];
}
