export const TYPING_REFRESH_MS = 20_000;
export const TYPING_IDLE_MS = 15_000;

export interface TypingNotifier {
  /** The visitor typed something. */
  input(): void;
  /** The visitor sent, cleared the draft or closed the panel. */
  stop(): void;
}

/**
 * Parley's own clients' cadence: `startTyping` when typing begins and at most once per 20 s while it goes on
 * (the backend lets a typing state expire), `stopTyping` after 15 s without a keystroke or when told.
 */
export function createTypingNotifier(events: { start(): void; stop(): void }): TypingNotifier {
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
      if (!typing || now - lastStart >= TYPING_REFRESH_MS) {
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
