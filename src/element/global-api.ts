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
  sendImage(file: Blob): Promise<void>;
  reset(): Promise<void>;
  identify(info: Readonly<Record<string, unknown>> | null): void;
  on(event: EventName, fn: Handler): void;
  off(event: EventName, fn: Handler): void;
}

export function createGlobalApi(): ParleyChatGlobal {
  const first = () => document.querySelector('parley-chat');
  const need = () => first() ?? Promise.reject(new Error('No <parley-chat> on the page.'));
  // One document listener per handler, shared by its event types; as with addEventListener, adding twice adds once.
  const listeners = new WeakMap<Handler, EventListener>();
  const listener = (fn: Handler): EventListener => {
    const onEvent = (e: CustomEvent) => e.target === first() && fn(e.detail, e);
    if (!listeners.has(fn)) listeners.set(fn, onEvent as EventListener);
    return listeners.get(fn)!;
  };
  return {
    get element() {
      return first();
    },
    open: () => first()?.show(),
    close: () => first()?.hide(),
    toggle: () => first()?.toggle(),
    send: async (text) => (await need()).send(text),
    sendImage: async (file) => (await need()).sendImage(file),
    reset: async () => (await need()).reset(),
    identify: (info) => first()?.identify(info),
    on: (event, fn) => document.addEventListener(`parley-${event}`, listener(fn)),
    off: (event, fn) => document.removeEventListener(`parley-${event}`, listener(fn)),
  };
}
