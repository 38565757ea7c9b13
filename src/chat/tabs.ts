/**
 * The sessions of one conversation in several tabs (or several elements of one page) elect one leader with a Web
 * Lock: it alone polls and sends the outbox, and tells the others over a BroadcastChannel. The lock is released
 * when its tab closes, and the next waiting session leads.
 */
export interface Tabs<M> {
  post(message: M): void;
  close(): void;
}

/** Null where the browser cannot share a conversation between tabs: then the session leads alone. */
export function joinTabs<M>(
  name: string,
  locks: LockManager | undefined,
  onMessage: (message: M) => void,
  onLead: () => void,
): Tabs<M> | null {
  if (!locks || typeof BroadcastChannel !== 'function') return null;
  const channel = new BroadcastChannel(name);
  const quit = new AbortController();
  channel.onmessage = (e: MessageEvent<M>) => onMessage(e.data);
  // Held until `close()`; a request still waiting is withdrawn then.
  locks
    .request(name, { signal: quit.signal }, () => {
      // Chromium may grant a request withdrawn a moment ago: give the lock straight back.
      if (quit.signal.aborted) return;
      onLead();
      return new Promise((release) => quit.signal.addEventListener('abort', release));
    })
    .catch(() => {});
  return {
    post: (message) => channel.postMessage(message),
    close() {
      quit.abort();
      channel.close();
    },
  };
}
