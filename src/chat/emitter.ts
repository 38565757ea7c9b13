export type Listener<T> = (payload: T) => void;

/** A typed event emitter of a few lines; a listener that throws never stops the others or the session. */
export interface Emitter<Events extends object> {
  /** Returns the function that removes the listener. */
  on<K extends keyof Events>(type: K, fn: Listener<Events[K]>): () => void;
  emit<K extends keyof Events>(type: K, payload: Events[K]): void;
}

export function createEmitter<Events extends object>(): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>();
  return {
    on<K extends keyof Events>(type: K, fn: Listener<Events[K]>): () => void {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set.add(fn as Listener<never>));
      return () => set.delete(fn as Listener<never>);
    },
    emit<K extends keyof Events>(type: K, payload: Events[K]): void {
      for (const fn of listeners.get(type) ?? []) {
        try {
          (fn as Listener<Events[K]>)(payload);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  };
}
