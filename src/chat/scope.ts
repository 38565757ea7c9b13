import { resetError } from './errors';

/**
 * The lifetime of one conversation. `reset()` and `dispose()` end it: its requests are aborted, its timers and
 * waits end, and anything that resumes after an `await` asks `alive` before it touches the state, so a late answer
 * for a forgotten conversation can never show up in the next one. A new conversation gets a new scope.
 */
export interface Scope {
  /** Aborts every request of the conversation when it ends. */
  readonly signal: AbortSignal;
  /** False once the conversation ended; it never becomes true again. */
  readonly alive: boolean;
  /** Throws an AbortError once the conversation ended. */
  check(): void;
  /** Runs `fn` when the conversation ends. */
  onEnd(fn: () => void): void;
  end(): void;
}

export function createScope(): Scope {
  const controller = new AbortController();
  const { signal } = controller;
  return {
    signal,
    get alive() {
      return !signal.aborted;
    },
    check() {
      if (signal.aborted) throw resetError();
    },
    onEnd: (fn) => signal.addEventListener('abort', fn),
    end: () => controller.abort(),
  };
}
