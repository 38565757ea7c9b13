import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCache } from '../../src/chat/cache';
import { connectionFields } from '../../src/chat/connection';
import { createEmitter } from '../../src/chat/emitter';
import { inboxFields } from '../../src/chat/inbox';
import type { OutboxEntry } from '../../src/chat/outbox';
import { pagesFields } from '../../src/chat/pages';
import { enqueue, queueFields } from '../../src/chat/queue';
import { FIRST_RETRY_MS, MAX_ATTEMPTS } from '../../src/chat/retry-policy';
import { createScope } from '../../src/chat/scope';
import * as sender from '../../src/chat/sender';
import { createState, type ChatEvents } from '../../src/chat/state';
import { memoryStore } from '../../src/chat/storage';
import { TransportError, type Message } from '../../src/transport/types';
import { FakeTransport } from '../helpers/fake-transport';
import { outboxEntry } from '../helpers/messages';
import { advance, flush } from './harness';

beforeEach(() => {
  vi.useFakeTimers();
  // The jitter at its least: each wait is half the backoff (500 ms after the first try, 1 s after the second, …).
  vi.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => void vi.useRealTimers());

const DEVICE = 'device-1234';

/** A conversation record with what the sender needs, built the way conversation.ts builds it. */
function setup() {
  const transport = new FakeTransport();
  const state = createState(DEVICE, true);
  const cache = createCache(memoryStore(), 'k');
  const events = createEmitter<ChatEvents>();
  const sent: string[] = [];
  const errors: TransportError[] = [];
  events.on('message', (e) => sent.push(`${e.direction} ${e.message.text}`));
  events.on('error', (e) => errors.push(e));
  const settled = vi.fn<(id: string, outcome?: Error) => void>();
  const onRefused = vi.fn();
  const c = {
    ...connectionFields(),
    ...inboxFields(),
    ...queueFields(),
    state,
    cache,
    events,
    scope: createScope(),
    transport: () => transport,
    signedIn: () => true,
    own: new Map<string, Message>(),
    anyOpen: () => true,
    active: () => false,
    watched: () => true,
    save: vi.fn(),
    settled,
    onRefused,
    retryPending: () => c.wakeUp !== null,
    claimCopies: (added: readonly Message[]) => sender.claimCopies(c, added),
  } as Omit<sender.SenderNeeds, 'connecting' | 'poller' | keyof sender.SenderFields> as sender.SenderNeeds;
  Object.assign(c, pagesFields(c), sender.senderFields(c));

  /** Writes the entries to the outbox store and this page's queue, as admission and the leader do. */
  async function write(...entries: OutboxEntry[]): Promise<void> {
    for (const entry of entries) {
      await cache.outbox(DEVICE).add(entry);
      enqueue(c, entry);
    }
  }
  const texts = () => transport.callsOf('send').map((call) => (call.args[1] as { text: string }).text);
  const shown = () => state.messages.value.map((m) => [m.text, m.status]);
  const stored = async () => (await cache.outbox(DEVICE).read()).entries;
  return { transport, state, cache, events, sent, errors, settled, onRefused, c, write, texts, shown, stored };
}

describe('sender', () => {
  it('sends the entries one at a time, in the order written, and confirms each with its server id', async () => {
    const { transport, c, write, texts, shown, settled, sent, stored } = setup();
    const [a, b] = [outboxEntry('a'), outboxEntry('b')];
    await write(a, b);
    const first = transport.holdAnswer('send');
    void sender.pump(c);
    await first.started;
    await flush();
    expect(texts()).toEqual(['a']);
    expect(shown()).toEqual([
      ['a', 'pending'],
      ['b', 'pending'],
    ]);

    first.release();
    await flush();
    expect(texts()).toEqual(['a', 'b']);
    const ids = transport.conversation.map((m) => m.id);
    expect(c.state.messages.value.map((m) => [m.id, m.status])).toEqual(ids.map((id) => [id, 'sent']));
    expect(settled.mock.calls).toEqual([[a.id], [b.id]]);
    expect(sent).toEqual(['out a', 'out b']);
    expect(await stored()).toEqual([]);
  });

  it('a passing failure waits out the backoff before the next try, with the connection reconnecting', async () => {
    const { transport, state, c, write, texts, shown, errors } = setup();
    await write(outboxEntry('a'));
    transport.failNext('send', 'network');
    void sender.pump(c);
    await flush();
    expect(texts()).toEqual(['a']);
    expect(shown()).toEqual([['a', 'pending']]);
    expect(state.connection.value).toBe('reconnecting');

    await advance(FIRST_RETRY_MS / 2 - 1);
    expect(texts()).toEqual(['a']);
    await advance(1);
    expect(texts()).toEqual(['a', 'a']);
    expect(shown()).toEqual([['a', 'sent']]);
    expect(state.connection.value).toBe('online');
    expect(errors.map((e) => e.kind)).toEqual(['network']);
  });

  it('wake ends the wait between two tries at once', async () => {
    const { transport, c, write, texts } = setup();
    await write(outboxEntry('a'));
    transport.failNext('send', 'timeout', 2);
    void sender.pump(c);
    await advance(FIRST_RETRY_MS / 2); // the second try fails too: the next wait is 1 s
    expect(texts()).toEqual(['a', 'a']);
    expect(c.retryPending()).toBe(true);
    sender.wake(c);
    await flush();
    expect(texts()).toEqual(['a', 'a', 'a']);
    expect(c.retryPending()).toBe(false);
  });

  it(`after ${MAX_ATTEMPTS} tries it fails every waiting message with the error, shown and stored`, async () => {
    const { transport, c, write, texts, shown, settled, stored } = setup();
    const [a, b] = [outboxEntry('a'), outboxEntry('b')];
    await write(a, b);
    transport.failNext('send', 'server', MAX_ATTEMPTS);
    void sender.pump(c);
    await advance(120_000);
    expect(texts()).toEqual(Array<string>(MAX_ATTEMPTS).fill('a'));
    // The server is the reason: b would fail the same way, so it waits for the visitor's retry too.
    expect(shown()).toEqual([
      ['a', 'failed'],
      ['b', 'failed'],
    ]);
    expect(settled.mock.calls.map(([id, error]) => [id, error instanceof TransportError && error.kind])).toEqual([
      [a.id, 'server'],
      [b.id, 'server'],
    ]);
    expect((await stored()).map((e) => e.failed)).toEqual(['server', 'server']);
  });

  it('an error that will not go away fails that message at once, and the next one is sent', async () => {
    const { transport, c, write, texts, shown, settled } = setup();
    const [a, b] = [outboxEntry('a'), outboxEntry('b')];
    await write(a, b);
    transport.failNext('send', 'tooLarge');
    void sender.pump(c);
    await flush();
    expect(texts()).toEqual(['a', 'b']);
    expect(shown()).toEqual([
      ['b', 'sent'],
      ['a', 'failed'],
    ]);
    expect(settled.mock.calls.map(([id, error]) => [id, error?.message])).toEqual([
      [a.id, 'fake tooLarge on send'],
      [b.id, undefined],
    ]);
  });

  it('a tried message whose copy reached the server is confirmed without sending it again', async () => {
    const { transport, c, write, texts, shown, settled, sent } = setup();
    const a = outboxEntry('a');
    await write(a);
    const answer = transport.holdAnswer('send'); // the server gets it, the answer is lost
    void sender.pump(c);
    await answer.started;
    await flush();
    answer.fail(new TransportError('network', 'connection reset'));
    await advance(FIRST_RETRY_MS);
    expect(texts()).toEqual(['a']);
    expect(transport.count('latest')).toBe(2); // the first load, and the look before the second try
    expect(c.state.messages.value.map((m) => [m.id, m.status])).toEqual([[transport.conversation[0]?.id, 'sent']]);
    expect(shown()).toEqual([['a', 'sent']]);
    expect(settled.mock.calls).toEqual([[a.id]]);
    expect(sent).toEqual(['out a']);
  });

  it('cancelEntry aborts the try in flight and the pump goes on with the next message', async () => {
    const { transport, c, write, texts, shown, settled, errors, stored } = setup();
    const [a, b] = [outboxEntry('a'), outboxEntry('b')];
    await write(a, b);
    const held = transport.hold('send');
    void sender.pump(c);
    await held.started;
    sender.cancelEntry(c, a.id);
    expect(transport.lastContext('send')?.signal?.aborted).toBe(true);
    expect(shown()).toEqual([['b', 'pending']]);
    await flush();
    expect(texts()).toEqual(['a', 'b']);
    expect(shown()).toEqual([['b', 'sent']]);
    expect(settled.mock.calls).toEqual([[b.id]]); // the deleted message is settled by whoever deleted it
    expect(errors).toEqual([]);
    expect(await stored()).toEqual([]);
  });

  it('a refusal keeps the message pending and the pump stopped until the refusal is lifted; offline too', async () => {
    const { transport, state, c, write, texts, shown, settled, onRefused } = setup();
    await write(outboxEntry('a'));
    transport.failNext('send', 'unauthorized');
    void sender.pump(c);
    await advance(60_000);
    expect(texts()).toEqual(['a']);
    expect(shown()).toEqual([['a', 'pending']]);
    expect(state.error.value?.kind).toBe('unauthorized');
    expect([onRefused.mock.calls.length, settled.mock.calls.length]).toEqual([1, 0]);

    state.error.value = null;
    state.connection.value = 'offline';
    void sender.pump(c);
    await advance(60_000);
    expect(texts()).toEqual(['a']);

    state.connection.value = 'online';
    void sender.pump(c);
    await flush();
    expect(texts()).toEqual(['a', 'a']);
    expect(shown()).toEqual([['a', 'sent']]);
  });
});
