// The default store's fallback to memory when IndexedDB fails, never opens, or opens too late.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** `browserStore()` is shared per module: a fresh module makes a fresh store, after the test's stub. */
async function freshStorage() {
  vi.resetModules();
  return import('../../src/chat/storage');
}

/** A database whose requests answer after `delay` ms; it records which keys were read and written. */
function fakeDatabase(delay = 0) {
  const reads: string[] = [];
  const writes: string[] = [];
  const later = (result: unknown) => {
    const request = { result } as { result: unknown; onsuccess?: () => void; oncomplete?: () => void };
    setTimeout(() => (request.onsuccess ?? request.oncomplete)?.(), delay);
    return request;
  };
  const objectStore = {
    get: (key: string) => {
      reads.push(key);
      return later('from disk');
    },
    put: (_value: unknown, key: string) => void writes.push(key),
    transaction: {},
  };
  const db = {
    transaction: () => {
      objectStore.transaction = later(undefined);
      return { objectStore: () => objectStore };
    },
  };
  return { db, reads, writes };
}

/** Stubs `indexedDB.open` with a request that answers only when the test calls `succeed`. */
function heldOpen() {
  const request = {} as { result?: unknown; onsuccess?: () => void };
  vi.spyOn(indexedDB, 'open').mockReturnValue(request as unknown as IDBOpenDBRequest);
  return {
    succeed(db: unknown) {
      request.result = db;
      request.onsuccess?.();
    },
  };
}

describe('the default store', () => {
  it('answers a call that waits for an open that never comes from memory, once the open timed out', async () => {
    heldOpen();
    const { browserStore, IDB_OPEN_TIMEOUT_MS } = await freshStorage();
    const store = browserStore();
    let answered = false;
    const reading = store.get('device').then(() => (answered = true));
    await vi.advanceTimersByTimeAsync(IDB_OPEN_TIMEOUT_MS - 1);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await reading;
    await store.set('device', 'abc');
    expect(await store.get('device')).toBe('abc');
  });

  it('stays in memory when the open succeeds after the timeout: nothing is read from or written to disk', async () => {
    const open = heldOpen();
    const { browserStore, IDB_OPEN_TIMEOUT_MS } = await freshStorage();
    const store = browserStore();
    const writing = store.set('device', 'abc');
    await vi.advanceTimersByTimeAsync(IDB_OPEN_TIMEOUT_MS);
    await writing;
    const disk = fakeDatabase();
    open.succeed(disk.db);
    await vi.advanceTimersByTimeAsync(0);
    await store.update<number>('count', (old) => (old ?? 0) + 1);
    expect(await store.get('device')).toBe('abc');
    expect(await store.get('count')).toBe(1);
    expect(disk).toMatchObject({ reads: [], writes: [] });
  });

  it('does not time a slow answer once the database has opened: it stays on disk', async () => {
    const open = heldOpen();
    const disk = fakeDatabase(5 * 60_000);
    const { browserStore } = await freshStorage();
    const store = browserStore();
    const reading = store.get('device');
    open.succeed(disk.db);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(await reading).toBe('from disk');
    expect(disk.reads).toEqual(['device']);
  });

  it('uses memory when indexedDB.open throws', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('Access denied', 'SecurityError');
    });
    const { browserStore } = await freshStorage();
    const store = browserStore();
    await store.set('device', 'abc');
    expect(await store.get('device')).toBe('abc');
  });

  it('keeps using IndexedDB when it works', async () => {
    vi.useRealTimers(); // fake-indexeddb answers on setImmediate
    const first = (await freshStorage()).browserStore();
    await first.set('device', 'abc');
    const second = (await freshStorage()).browserStore();
    expect(await second.get('device')).toBe('abc');
  });
});
