// Web Locks and BroadcastChannel for several sessions in one test, as if each were in its own tab: happy-dom has
// no `navigator.locks`, and Node's BroadcastChannel delivers outside the fake timers. And a page of its own per tab.
import { vi } from 'vitest';
import type { PageEnvironment, PageHandlers } from '../../src/chat/page';

type Grant = () => unknown;

/** `navigator.locks` with what the session uses: exclusive locks in request order, withdrawn by a signal. */
export class FakeLocks {
  private held = new Set<string>();
  private waiting: { name: string; grant: Grant; resolve(value: unknown): void; reject(e: unknown): void }[] = [];

  request(name: string, options: { signal?: AbortSignal }, callback: Grant): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const request = { name, grant: callback, resolve, reject };
      options.signal?.addEventListener('abort', () => {
        const i = this.waiting.indexOf(request);
        if (i >= 0) {
          this.waiting.splice(i, 1);
          reject(new DOMException('Aborted', 'AbortError'));
        }
      });
      this.waiting.push(request);
      this.next(name);
    });
  }

  private next(name: string): void {
    if (this.held.has(name)) return;
    const request = this.waiting.find((r) => r.name === name);
    if (!request) return;
    this.waiting.splice(this.waiting.indexOf(request), 1);
    this.held.add(name);
    void Promise.resolve()
      .then(request.grant)
      .then(request.resolve, request.reject)
      .finally(() => {
        this.held.delete(name);
        this.next(name);
      });
  }
}

const channels = new Set<FakeBroadcastChannel>();

/** Delivers a structured clone to the other channels of the same name, in a task of its own (like browsers). */
export class FakeBroadcastChannel {
  onmessage: ((event: MessageEvent) => void) | null = null;
  private closed = false;
  constructor(readonly name: string) {
    channels.add(this);
  }
  postMessage(data: unknown): void {
    if (this.closed) throw new DOMException('closed', 'InvalidStateError');
    const copy = structuredClone(data);
    for (const other of channels) {
      if (other !== this && other.name === this.name)
        setTimeout(() => other.closed || other.onmessage?.({ data: copy } as MessageEvent), 0);
    }
  }
  close(): void {
    this.closed = true;
    channels.delete(this);
  }
}

/** Installs both for the current test; `vi.unstubAllGlobals()` and the returned function remove them. */
export function installTabs(): () => void {
  vi.stubGlobal('BroadcastChannel', FakeBroadcastChannel);
  Object.defineProperty(navigator, 'locks', { value: new FakeLocks(), configurable: true });
  return () => {
    vi.unstubAllGlobals();
    Object.defineProperty(navigator, 'locks', { value: null, configurable: true });
    channels.clear();
  };
}

/**
 * A page of its own for one session, as each tab has (sessions on the test's one `window` would all hear its
 * events): visibility set by the test, events fired by it. `locks` is read when it is made: after `installTabs()`.
 */
export function fakePage() {
  let visible = true;
  let handlers: PageHandlers | undefined;
  const page: PageEnvironment = {
    online: () => true,
    visible: () => visible,
    locks: navigator.locks ?? undefined,
    listen(h) {
      handlers = h;
      return () => void (handlers = undefined);
    },
  };
  return {
    page,
    focus: () => handlers?.focus(),
    /** Shows or hides the tab, and tells its session. */
    show(shown: boolean) {
      visible = shown;
      handlers?.visibility();
    },
  };
}
