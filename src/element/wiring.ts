import { effect } from '@preact/signals-core';
import type { ChatSession } from '../chat/session';
import type { Message } from '../transport/types';
import { themeRule } from '../ui/theme';

/** `detail` of each event the element dispatches (bubbling, composed). */
export interface ParleyChatEventMap {
  'parley-ready': Record<string, never>;
  'parley-open': Record<string, never>;
  'parley-close': Record<string, never>;
  'parley-message': { message: Message; direction: 'in' | 'out' };
  'parley-unread': { count: number };
  'parley-error': { code: string; message: string };
}

/** Dispatches one of the element's events; composed, so it leaves the shadow root. */
export function emit<K extends keyof ParleyChatEventMap>(
  target: EventTarget,
  type: K,
  detail: ParleyChatEventMap[K],
): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/**
 * Mirrors a started session onto its element: the account's theme, the `open` attribute and the events (the
 * element itself reports `parley-ready`). Returns the functions that stop it.
 */
export function wireSession(
  element: HTMLElement & { open: boolean },
  session: ChatSession,
  setTheme: (rule: string) => void,
): (() => void)[] {
  let wasOpen = false;
  let lastUnread = 0;
  return [
    effect(() => setTheme(themeRule(session.config.value))),
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
