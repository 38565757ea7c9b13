import type { ParleyChatElement, ParleyChatEventMap } from './ParleyChatElement';

type EventName = keyof ParleyChatEventMap extends `parley-${infer N}` ? N : never;
type Handler = (detail: unknown, event: CustomEvent) => void;

/** `window.ParleyChat`: the script-tag convention of other chat widgets, acting on the page's first `<parley-chat>`. */
export interface ParleyChatGlobal {
  readonly element: ParleyChatElement | null;
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): Promise<void>;
  reset(): Promise<void>;
  on(event: EventName, fn: Handler): void;
  off(event: EventName, fn: Handler): void;
}

export function createGlobalApi(): ParleyChatGlobal {
  const first = () => document.querySelector('parley-chat');
  const need = () => first() ?? Promise.reject(new Error('There is no <parley-chat> on the page.'));
  const listeners = new Map<Handler, Map<string, EventListener>>();
  return {
    get element() {
      return first();
    },
    open: () => first()?.show(),
    close: () => first()?.hide(),
    toggle: () => first()?.toggle(),
    send: async (text) => (await need()).send(text),
    reset: async () => (await need()).reset(),
    on(event, fn) {
      const type = `parley-${event}`;
      const listener = ((e: CustomEvent) => {
        if (e.target === first()) fn(e.detail, e);
      }) as EventListener;
      const byType = listeners.get(fn) ?? new Map<string, EventListener>();
      listeners.set(fn, byType.set(type, listener));
      document.addEventListener(type, listener);
    },
    off(event, fn) {
      const type = `parley-${event}`;
      const listener = listeners.get(fn)?.get(type);
      if (listener) document.removeEventListener(type, listener);
      listeners.get(fn)?.delete(type);
    },
  };
}
