export const TYPING_IDLE_MS = 15_000;

export interface TypingNotifier {
  /** The visitor typed something. */
  input(): void;
  /** The visitor sent, cleared the draft or closed the panel. */
  stop(): void;
}

/**
 * `start` when typing begins and again, while it goes on, after two thirds of the backend's typing expiry (30 s:
 * every 20 s, Parley's own clients' cadence), `stop` after 15 s without a keystroke or when told.
 */
export function createTypingNotifier(events: { start(): void; stop(): void }, expiresMs: () => number): TypingNotifier {
  let typing = false;
  let lastStart = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    clearTimeout(idleTimer);
    if (!typing) return;
    typing = false;
    events.stop();
  };

  return {
    input() {
      const now = Date.now();
      if (!typing || now - lastStart >= (expiresMs() * 2) / 3) {
        typing = true;
        lastStart = now;
        events.start();
      }
      clearTimeout(idleTimer);
      idleTimer = setTimeout(stop, TYPING_IDLE_MS);
    },
    stop,
  };
}
