// Shared set-up for the session tests: a fresh fake transport, store and storage key per test, fake timers,
// and every session disposed after the test.
import { afterEach, beforeEach, vi } from 'vitest';
import type { PageEnvironment } from '../../src/chat/page';
import { createChatSession, type ChatEvents, type ChatSession } from '../../src/chat/session';
import { memoryStore, type KeyValueStore } from '../../src/chat/storage';
import { FakeTransport } from '../helpers/fake-transport';

let counter = 0;
const live: ChatSession[] = [];

export function useSessionHarness(): void {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => {
    live.splice(0).forEach((s) => s.dispose());
    vi.useRealTimers();
  });
}

export interface Made {
  session: ChatSession;
  transport: FakeTransport;
  store: KeyValueStore;
  storageKey: string;
  events: ChatEvents['message'][];
  errors: ChatEvents['error'][];
}

export function makeSession(
  options: {
    transport?: FakeTransport;
    store?: KeyValueStore;
    storageKey?: string;
    deviceId?: string;
    page?: PageEnvironment;
    visitor?: Record<string, unknown>;
    signedIn?: () => boolean;
  } = {},
): Made {
  const transport = options.transport ?? new FakeTransport();
  const store = options.store ?? memoryStore();
  const storageKey = options.storageKey ?? `test-${++counter}`;
  const { deviceId, page, visitor, signedIn } = options;
  const session = createChatSession({ transport, store, storageKey, deviceId, page, visitor, signedIn });
  live.push(session);
  const events: ChatEvents['message'][] = [];
  const errors: ChatEvents['error'][] = [];
  session.on('message', (e) => events.push(e));
  session.on('error', (e) => errors.push(e));
  return { session, transport, store, storageKey, events, errors };
}

/** Runs pending microtasks and zero-delay timers. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
};

export const advance = (ms: number): Promise<void> => vi.advanceTimersByTimeAsync(ms).then(flush);

/** A session that has been opened and has loaded the conversation. */
export async function openSession(options: Parameters<typeof makeSession>[0] = {}): Promise<Made> {
  const made = makeSession(options);
  await made.session.ready;
  made.session.open();
  await flush();
  if (made.session.loadState.value !== 'ready') throw new Error('the session did not load');
  return made;
}

export const texts = (session: ChatSession): (string | null)[] => session.messages.value.map((m) => m.text);
export const countText = (session: ChatSession, text: string): number =>
  session.messages.value.filter((m) => m.text === text).length;

/** Advances the clock in small steps until `transport` has received one more call of `name`. */
export async function untilNextCall(
  transport: FakeTransport,
  name: Parameters<FakeTransport['count']>[0],
  max = 120_000,
): Promise<void> {
  const before = transport.count(name);
  for (let t = 0; t < max; t += 250) {
    await vi.advanceTimersByTimeAsync(250);
    if (transport.count(name) > before) return flush();
  }
  throw new Error(`no ${name} call within ${max} ms`);
}
