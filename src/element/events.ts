import type { Message } from '../transport/types';

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
