import { beforeAll, describe, expect, it, vi } from 'vitest';
import { imageFile } from '../../src/chat/image';
import { openOutbox } from '../../src/chat/outbox';
import { MAX_ATTEMPTS } from '../../src/chat/retry-policy';
import { memoryStore } from '../../src/chat/storage';
import { TransportError } from '../../src/transport/types';
import { FakeTransport } from '../helpers/fake-transport';
import { advance, countText, flush, makeSession, openSession, useSessionHarness } from './harness';

// The image checks are a chunk loaded when first needed: loaded before, the tests time the widget, not the loader.
beforeAll(() => imageFile());

useSessionHarness();

const onServer = (transport: FakeTransport, text: string) =>
  transport.conversation.filter((m) => m.text === text).length;
const statuses = (made: { session: { messages: { value: { text: string | null; status?: string }[] } } }) =>
  made.session.messages.value.map((m) => [m.text, m.status]);

describe('the outbox', () => {
  it('writes a message to the store before the first attempt, and removes it once the server confirmed it', async () => {
    const made = await openSession();
    const { session, transport, store, storageKey } = made;
    const held = transport.hold('send');
    const sending = session.send('kept');
    await held.started;
    const outbox = openOutbox(store, `${storageKey}:${session.deviceId.value}:outbox`);
    expect((await outbox.read()).entries).toMatchObject([{ text: 'kept', attempts: 1 }]);
    held.release();
    await sending;
    // A backend that gives no id confirms the message by its listed copy, which the next poll brings.
    await advance(100);
    expect((await outbox.read()).entries).toEqual([]);
  });

  it('retries server errors with growing waits, and the message arrives once', async () => {
    const { session, transport } = await openSession();
    transport.failNext('send', 'server', 3);
    const times: number[] = [];
    const send = transport.send.bind(transport);
    transport.send = (...args) => {
      times.push(Date.now());
      return send(...args);
    };
    const sending = session.send('persistent');
    await advance(10_000);
    await sending;
    // Each wait is between half and all of 1 s, 2 s, 4 s (fake time).
    const waits = times.slice(1).map((t, i) => t - times[i]!);
    expect(waits).toHaveLength(3);
    waits.forEach((wait, i) => expect(wait).toBeGreaterThanOrEqual(500 * 2 ** i));
    waits.forEach((wait, i) => expect(wait).toBeLessThanOrEqual(1000 * 2 ** i + 50));
    expect(onServer(transport, 'persistent')).toBe(1);
    expect(statuses({ session })).toEqual([['persistent', 'sent']]);
  });

  it('waits as long as a 429 asks before trying again', async () => {
    const { session, transport } = await openSession();
    transport.failNext('send', 'rateLimited');
    // The fake's errors carry no Retry-After: replace it with one that does.
    const limited = new TransportError('rateLimited', 'slow down', { status: 429, retryAfterMs: 20_000 });
    (transport as unknown as { failures: Map<string, unknown[]> }).failures.set('send', [limited]);
    const sending = session.send('patient');
    await advance(19_000);
    expect(transport.count('send')).toBe(1);
    await advance(2_000);
    await sending;
    expect(onServer(transport, 'patient')).toBe(1);
  });

  it('after the automatic tries, marks the message and those behind it failed and stops; going online starts a new round', async () => {
    const { session, transport } = await openSession();
    transport.offline = true;
    const first = session.send('one').catch((e: unknown) => e);
    const second = session.send('two').catch((e: unknown) => e);
    await advance(5 * 60_000);
    expect(await first).toMatchObject({ kind: 'network' });
    expect(await second).toMatchObject({ kind: 'network' });
    expect(statuses({ session })).toEqual([
      ['one', 'failed'],
      ['two', 'failed'],
    ]);
    const sends = transport.count('send');
    expect(sends).toBeLessThanOrEqual(MAX_ATTEMPTS);
    await advance(10 * 60_000);
    expect(transport.count('send')).toBe(sends);

    transport.offline = false;
    window.dispatchEvent(new Event('online'));
    await advance(5_000);
    expect(statuses({ session })).toEqual([
      ['one', 'sent'],
      ['two', 'sent'],
    ]);
    expect([onServer(transport, 'one'), onServer(transport, 'two')]).toEqual([1, 1]);
  });

  it('going online ends a wait between tries at once', async () => {
    const { session, transport } = await openSession();
    transport.failNext('send', 'network', 5);
    void session.send('back');
    while (transport.count('send') < 5) await advance(100);
    await advance(1_000);
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    await flush();
    expect(transport.count('send')).toBe(6);
  });

  it('the connection stays "reconnecting" while a message waits to be tried again, though polls work', async () => {
    const { session, transport } = await openSession();
    transport.failNext('send', 'server', 4);
    const sending = session.send('wait for me');
    await flush();
    const seen = new Set<string>();
    const polls = transport.count('newer') + transport.count('latest');
    while (session.messages.value[0]?.status !== 'sent') {
      await advance(100);
      if (session.messages.value[0]?.status === 'pending') seen.add(session.connection.value);
    }
    await sending;
    expect(transport.count('newer') + transport.count('latest')).toBeGreaterThan(polls + 3); // the chat kept polling
    expect([...seen]).toEqual(['reconnecting']);
    expect(session.connection.value).toBe('online');
  });

  it('stays "reconnecting" while the retry is on its way too, and is online once the message is sent', async () => {
    const { session, transport } = await openSession();
    transport.failNext('send', 'server', 1);
    const sending = session.send('retried');
    await flush();
    expect(session.connection.value).toBe('reconnecting');
    const retry = transport.hold('send');
    await advance(1_100); // the backoff ends: the second try goes out and waits
    await retry.started;
    session.open(); // a poll succeeds meanwhile
    await advance(3_000);
    expect(transport.count('send')).toBe(2);
    expect(session.messages.value[0]?.status).toBe('pending');
    expect(session.connection.value).toBe('reconnecting');
    retry.release();
    await sending;
    expect(session.connection.value).toBe('online');
  });

  it('a connection that cannot even register counts as tries: the message fails after them, it does not spin', async () => {
    const { session, transport } = makeSession();
    await session.ready;
    transport.failNext('register', 'server', 1_000);
    const sending = session.send('first words').catch((e: unknown) => e);
    await advance(5 * 60_000);
    expect(await sending).toMatchObject({ kind: 'server' });
    expect(transport.count('register')).toBeLessThanOrEqual(MAX_ATTEMPTS + 40); // the tries, and the slow background polls
    expect(session.messages.value.map((m) => m.status)).toEqual(['failed']);
  });

  it('a wait between tries ends early when the window gets focus', async () => {
    const { session, transport } = await openSession();
    transport.failNext('send', 'server', 5);
    void session.send('soon');
    while (transport.count('send') < 5) await advance(100);
    await advance(1_000); // the next wait is 8 to 16 s
    expect(transport.count('send')).toBe(5);
    window.dispatchEvent(new Event('focus'));
    await flush();
    expect(transport.count('send')).toBe(6);
    expect(onServer(transport, 'soon')).toBe(1);
  });
});

describe('an unknown outcome', () => {
  it('the server stored the message but the answer was lost: it is found in the conversation, not sent again', async () => {
    const { session, transport } = await openSession();
    const answer = transport.holdAnswer('send');
    const sending = session.send('once');
    await answer.started;
    answer.fail(new TransportError('network', 'connection reset'));
    await advance(3_000);
    await sending;
    expect(transport.count('send')).toBe(1);
    expect(onServer(transport, 'once')).toBe(1);
    expect(statuses({ session })).toEqual([['once', 'sent']]);
  });

  it('the request never reached the server: the check finds nothing and the message is sent again', async () => {
    const { session, transport } = await openSession();
    const request = transport.hold('send');
    const sending = session.send('again');
    await request.started;
    request.fail(new TransportError('timeout', 'no answer'));
    await advance(3_000);
    await sending;
    expect(transport.count('send')).toBe(2);
    expect(onServer(transport, 'again')).toBe(1);
  });

  it('two identical messages with a lost answer both arrive, once each', async () => {
    const { session, transport } = await openSession();
    const answer = transport.holdAnswer('send');
    const first = session.send('ok');
    const second = session.send('ok');
    await answer.started;
    answer.fail(new TransportError('network', 'connection reset'));
    await advance(5_000);
    await Promise.all([first, second]);
    expect(onServer(transport, 'ok')).toBe(2);
    expect(countText(session, 'ok')).toBe(2);
  });

  it('a failed message retried later is not mistaken for a newer identical one that was sent', async () => {
    const { session, transport } = await openSession();
    const request = transport.hold('send');
    const first = session.send('yes').catch((e: unknown) => e);
    await request.started;
    request.fail(new TransportError('invalid', 'bad request')); // tried once, then failed for good
    expect(await first).toMatchObject({ kind: 'invalid' });
    await session.send('yes');
    expect(onServer(transport, 'yes')).toBe(1);
    await session.retry(session.messages.value.find((m) => m.status === 'failed')!.id);
    expect(onServer(transport, 'yes')).toBe(2);
  });
});

describe('reload', () => {
  it('a message pending when the page closed shows after the reload and is sent once', async () => {
    const store = memoryStore();
    const transport = new FakeTransport();
    const before = await openSession({ store, transport });
    transport.offline = true;
    window.dispatchEvent(new Event('offline'));
    void before.session.send('from yesterday').catch(() => {});
    await flush();
    before.session.dispose();
    window.dispatchEvent(new Event('online'));
    transport.offline = false;

    const after = makeSession({ store, transport, storageKey: before.storageKey });
    await after.session.ready;
    await flush();
    expect(statuses(after)).toContainEqual(['from yesterday', expect.stringMatching(/pending|sent/)]);
    await advance(5_000);
    expect(statuses(after)).toEqual([['from yesterday', 'sent']]);
    expect(onServer(transport, 'from yesterday')).toBe(1);
  });

  it('a page closed while the request was on its way: after the reload it is found, not sent twice', async () => {
    const store = memoryStore();
    const transport = new FakeTransport();
    transport.honorAbort = false; // the server got the request; the closing page never saw the answer
    const before = await openSession({ store, transport });
    const answer = transport.holdAnswer('send');
    void before.session.send('in flight').catch(() => {});
    await answer.started;
    before.session.dispose();
    answer.release();
    await flush();

    const after = makeSession({ store, transport, storageKey: before.storageKey });
    await after.session.ready;
    await advance(5_000);
    expect(onServer(transport, 'in flight')).toBe(1);
    expect(transport.count('send')).toBe(1);
    expect(statuses(after)).toEqual([['in flight', 'sent']]);
  });

  it('an image waiting in the outbox keeps its bytes across the reload', async () => {
    // happy-dom cannot decode images: a small bitmap stands in, so nothing needs scaling.
    vi.stubGlobal('createImageBitmap', async () => ({ width: 1, height: 1, close() {} }));
    const store = memoryStore();
    const transport = new FakeTransport();
    const before = await openSession({ store, transport });
    transport.offline = true;
    window.dispatchEvent(new Event('offline'));
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1,
    ]);
    void before.session.sendImage(new Blob([png], { type: 'image/png' })).catch(() => {});
    await advance(100);
    before.session.dispose();
    window.dispatchEvent(new Event('online'));
    transport.offline = false;

    const after = makeSession({ store, transport, storageKey: before.storageKey });
    await advance(5_000);
    const sent = transport.callsOf('send').at(-1)!.args[1] as { image: Blob };
    expect(new Uint8Array(await sent.image.arrayBuffer())).toEqual(png);
    expect(after.session.messages.value).toMatchObject([{ status: 'sent' }]);
  });
});

describe('refusals', () => {
  it('unauthorized: the message waits, pending, with the notice; new credentials send it', async () => {
    const { session, transport, errors } = await openSession();
    transport.failNext('send', 'unauthorized');
    const sending = session.send('after login');
    await advance(60_000);
    expect(session.error.value?.kind).toBe('unauthorized');
    expect(statuses({ session })).toEqual([['after login', 'pending']]);
    expect(transport.count('send')).toBe(1);
    expect(errors.map((e) => e.kind)).toEqual(['unauthorized']);
    session.setTransport(transport);
    await sending;
    expect(session.error.value).toBeNull();
    expect(onServer(transport, 'after login')).toBe(1);
  });

  it('forbidden: a lasting notice, and no more requests until the visitor acts', async () => {
    const { session, transport } = await openSession();
    transport.failNext('send', 'forbidden');
    void session.send('nope').catch(() => {});
    await flush();
    const calls = transport.calls.length;
    await advance(30 * 60_000);
    expect(transport.calls.length).toBe(calls);
    expect(session.error.value?.kind).toBe('forbidden');
  });
});

describe('reset', () => {
  it('wipes the outbox: nothing of the old conversation is sent or stored', async () => {
    const { session, transport, store, storageKey } = await openSession();
    const oldDevice = session.deviceId.value!;
    transport.offline = true;
    window.dispatchEvent(new Event('offline'));
    void session.send('private').catch(() => {});
    await flush();
    await session.reset();
    window.dispatchEvent(new Event('online'));
    transport.offline = false;
    await advance(60_000);
    expect(onServer(transport, 'private')).toBe(0);
    expect(session.messages.value).toEqual([]);
    expect((await openOutbox(store, `${storageKey}:${oldDevice}:outbox`).read()).entries).toEqual([]);
    expect(await store.get(`${storageKey}:${oldDevice}:conversation`)).toBeUndefined();
  });
});
