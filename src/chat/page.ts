/**
 * What the session needs of the page it runs in. This is the only module of the session that touches `window`,
 * `document` and `navigator`; a test or a host without a browser page gives the session its own.
 */
export interface PageEnvironment {
  online(): boolean;
  visible(): boolean;
  /** Web Locks, where the browser has them (several tabs then share one conversation, see tabs.ts). */
  locks: LockManager | undefined;
  /** Calls the handlers on the page's events until the returned function is called. */
  listen(handlers: PageHandlers): () => void;
}

export interface PageHandlers {
  online(): void;
  offline(): void;
  /** The window got the focus. */
  focus(): void;
  /** The tab was shown or hidden. */
  visibility(): void;
  /** The page is going away (closed, reloaded, navigated). */
  pagehide(): void;
}

export function browserPage(): PageEnvironment {
  return {
    online: () => navigator.onLine !== false,
    visible: () => document.visibilityState !== 'hidden',
    locks: navigator.locks,
    listen(handlers) {
      const { visibility, ...onWindow } = handlers;
      const names = Object.keys(onWindow) as (keyof typeof onWindow)[];
      names.forEach((name) => window.addEventListener(name, onWindow[name]));
      document.addEventListener('visibilitychange', visibility);
      return () => {
        names.forEach((name) => window.removeEventListener(name, onWindow[name]));
        document.removeEventListener('visibilitychange', visibility);
      };
    },
  };
}
