import { createStore, del, get, set, update, type UseStore } from 'idb-keyval';

/** A tiny key-value store: IndexedDB through idb-keyval, or memory where IndexedDB is unavailable. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /** Read, change and write one value in one transaction: two tabs changing it at once both keep their change. */
  update<T>(key: string, change: (old: T | undefined) => T): Promise<void>;
}

let shared: KeyValueStore | undefined;

/** Our own IndexedDB database and object store (not idb-keyval's default). */
export const DATABASE = ['parley-chat', 'state'] as const;

/** One store of our own, shared by every element of the page. */
export function browserStore(): KeyValueStore {
  shared ??= fallbackStore(typeof indexedDB === 'undefined' ? null : createStore(...DATABASE));
  return shared;
}

export function memoryStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => void map.set(key, value),
    del: async (key) => void map.delete(key),
    update: async <T>(key: string, change: (old: T | undefined) => T) =>
      void map.set(key, change(map.get(key) as T | undefined)),
  };
}

/**
 * How long IndexedDB may take to open before the page keeps its state in memory instead: some WebViews and privacy
 * modes never answer `indexedDB.open`. Only the open is timed, not each transaction: a healthy but slow disk keeps
 * the conversation on disk instead of dropping to memory in the middle of it.
 */
export const IDB_OPEN_TIMEOUT_MS = 1_500;

/**
 * Whether the database opened in time (rejects when it failed to open). Any transaction makes idb-keyval open it,
 * once, for every later call.
 */
function opensInTime(idb: UseStore): Promise<boolean> {
  const timedOut = new Promise<false>((resolve) => setTimeout(resolve, IDB_OPEN_TIMEOUT_MS, false));
  return Promise.race([idb('readonly', () => true), timedOut]);
}

/**
 * IndexedDB can exist and still fail (Firefox private mode, some WebViews, a full disk) or never answer: on the
 * first failure, or when it has not opened in time, the store switches to memory for the rest of the page, even if
 * the open succeeds later (state never splits between two stores): the chat works, only persistence is lost.
 */
function fallbackStore(idb: UseStore | null): KeyValueStore {
  const memory = memoryStore();
  let broken = idb === null;
  let openedInTime: Promise<boolean> | undefined;
  const attempt = async <T>(viaIdb: (store: UseStore) => Promise<T>, viaMemory: () => Promise<T>): Promise<T> => {
    if (!broken) {
      try {
        if (await (openedInTime ??= opensInTime(idb!))) return await viaIdb(idb!);
      } catch {
        broken = true;
      }
    }
    return viaMemory();
  };
  return {
    get: <T>(key: string) =>
      attempt(
        async (s) => (await get(key, s)) as T | undefined,
        () => memory.get<T>(key),
      ),
    set: (key, value) =>
      attempt(
        (s) => set(key, value, s),
        () => memory.set(key, value),
      ),
    del: (key) =>
      attempt(
        (s) => del(key, s),
        () => memory.del(key),
      ),
    update: <T>(key: string, change: (old: T | undefined) => T) =>
      attempt(
        (s) => update<T>(key, change, s),
        () => memory.update(key, change),
      ),
  };
}
