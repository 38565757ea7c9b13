export type Waiters = ReturnType<typeof createWaiters>;

/** The callers of send, sendImage and retry, each waiting for its message to be sent or to fail. */
export function createWaiters() {
  const waiting = new Map<string, { resolve(): void; reject(error: unknown): void }[]>();

  return {
    wait: (id: string): Promise<void> =>
      new Promise((resolve, reject) => waiting.set(id, [...(waiting.get(id) ?? []), { resolve, reject }])),

    /** The message was sent (no outcome), failed, or deleted (an AbortError). */
    settle(id: string, outcome?: Error): void {
      const list = waiting.get(id) ?? [];
      waiting.delete(id);
      for (const w of list) outcome ? w.reject(outcome) : w.resolve();
    },

    /** Every waiting message, e.g. when the conversation was reset. */
    ids: (): string[] => [...waiting.keys()],
  };
}
