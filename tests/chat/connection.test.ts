import { describe, expect, it, vi } from 'vitest';
import { createCache } from '../../src/chat/cache';
import * as connection from '../../src/chat/connection';
import { createEmitter } from '../../src/chat/emitter';
import { createScope } from '../../src/chat/scope';
import { createState, type ChatEvents } from '../../src/chat/state';
import { memoryStore } from '../../src/chat/storage';
import { TransportError } from '../../src/transport/types';
import { FakeTransport } from '../helpers/fake-transport';

function setup({ deviceId = 'device-1234' as string | null, retryPending = false } = {}) {
  const transport = new FakeTransport();
  const state = createState(deviceId, true);
  const cache = createCache(memoryStore(), 'k');
  const events = createEmitter<ChatEvents>();
  const errors: TransportError[] = [];
  events.on('error', (e) => errors.push(e));
  const onRefused = vi.fn();
  const pending = { value: retryPending };
  const c: connection.ConnectionNeeds = {
    ...connection.connectionFields(),
    state,
    cache,
    scope: createScope(),
    events,
    transport: () => transport,
    signedIn: () => true,
    onRefused,
    retryPending: () => pending.value,
    save: vi.fn(),
  };
  return { transport, state, cache, errors, onRefused, pending, c };
}

const abortError = () => new DOMException('Aborted', 'AbortError');

describe('connection', () => {
  it('registers once per device id, and again for another device id', async () => {
    const { transport, state, c } = setup();
    await connection.register(c);
    await connection.register(c);
    expect(transport.count('register')).toBe(1);
    expect(transport.lastContext('register')?.deviceId).toBe('device-1234');

    state.deviceId.value = 'device-5678';
    await connection.register(c);
    expect(transport.count('register')).toBe(2);
    expect(transport.lastContext('register')?.deviceId).toBe('device-5678');
  });

  it('a call the backend answers with notRegistered registers again and repeats the call, once', async () => {
    const { transport, c } = setup();
    await connection.register(c);
    transport.failNext('latest', 'notRegistered');
    const page = await connection.call(c, (t, x) => t.latest(x));
    expect(page.messages).toEqual([]);
    expect(transport.names()).toEqual(['register', 'latest', 'register', 'latest']);
    // Registered now: a later register does not ask again.
    await connection.register(c);
    expect(transport.count('register')).toBe(2);

    // Only once: a second notRegistered reaches the caller.
    transport.calls = [];
    transport.failNext('latest', 'notRegistered', 2);
    await expect(connection.call(c, (t, x) => t.latest(x))).rejects.toMatchObject({ kind: 'notRegistered' });
    expect(transport.names()).toEqual(['latest', 'register', 'latest']);
  });

  it('other errors reach the caller as they are; a call gets the device id and the caller signal', async () => {
    const { transport, c } = setup();
    transport.failNext('newer', 'server');
    await expect(connection.call(c, (t, x) => t.newer(x, '5'))).rejects.toMatchObject({ kind: 'server' });
    expect(transport.names()).toEqual(['newer']);

    const controller = new AbortController();
    await connection.call(c, (t, x) => t.send(x, { text: 'hi' }), controller.signal);
    expect(transport.lastContext('send')).toEqual({ deviceId: 'device-1234', signal: controller.signal });
    await connection.call(c, (t, x) => t.latest(x));
    expect(transport.lastContext('latest')?.signal).toBe(c.scope.signal);
  });

  it('ensureDeviceId keeps the known id, else takes the stored one, else stores the candidate', async () => {
    const known = setup();
    expect(await connection.ensureDeviceId(known.c, 'candidate-1')).toBe('device-1234');
    expect(await known.cache.device()).toBeUndefined();

    const stored = setup({ deviceId: null });
    await stored.cache.claimDevice('stored-device');
    expect(await connection.ensureDeviceId(stored.c, 'candidate-1')).toBe('stored-device');
    expect(stored.state.deviceId.value).toBe('stored-device');

    const none = setup({ deviceId: null });
    expect(await connection.ensureDeviceId(none.c, 'candidate-1')).toBe('candidate-1');
    expect([none.state.deviceId.value, await none.cache.device()]).toEqual(['candidate-1', 'candidate-1']);
    const generated = setup({ deviceId: null });
    expect(await connection.ensureDeviceId(generated.c)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('report emits one error event per error object and nothing for an abort', () => {
    const { c, errors, state } = setup();
    const invalid = new TransportError('invalid', 'bad');
    connection.report(c, invalid);
    connection.report(c, invalid);
    connection.report(c, abortError());
    expect(errors).toEqual([invalid]);
    expect(state.connection.value).toBe('online');

    // Whatever was thrown reaches the listeners as a TransportError.
    connection.report(c, new Error('a bug'));
    expect(errors[1]).toBeInstanceOf(TransportError);
    expect(errors[1]?.kind).toBe('invalid');
  });

  it('report emits once per lost connection: transient errors while reconnecting or offline emit nothing', () => {
    const { c, errors, state } = setup();
    connection.report(c, new TransportError('network', 'down'));
    expect(state.connection.value).toBe('reconnecting');
    connection.report(c, new TransportError('timeout', 'slow'));
    connection.report(c, new TransportError('server', '500'));
    expect(errors.map((e) => e.kind)).toEqual(['network']);

    connection.succeeded(c);
    expect(state.connection.value).toBe('online');
    connection.report(c, new TransportError('rateLimited', '429'));
    expect(errors.map((e) => e.kind)).toEqual(['network', 'rateLimited']);

    state.connection.value = 'offline';
    connection.report(c, new TransportError('network', 'down'));
    expect(errors).toHaveLength(2);
    expect(state.connection.value).toBe('offline');
  });

  it('a refusal sets error, calls onRefused and emits; the next success clears it', () => {
    const { c, errors, state, onRefused } = setup();
    const refused = new TransportError('unauthorized', 'log in');
    connection.report(c, refused);
    expect(state.error.value).toBe(refused);
    expect(onRefused).toHaveBeenCalledTimes(1);
    expect(errors).toEqual([refused]);
    expect(state.connection.value).toBe('online');

    connection.report(c, new TransportError('invalid', 'bad'));
    expect(onRefused).toHaveBeenCalledTimes(1);
    expect(state.error.value).toBe(refused);

    connection.succeeded(c);
    expect(state.error.value).toBeNull();
  });

  it("succeeded keeps 'reconnecting' while a message waits to be tried again", () => {
    const { c, state, pending } = setup({ retryPending: true });
    connection.report(c, new TransportError('network', 'down'));
    connection.succeeded(c);
    expect(state.connection.value).toBe('reconnecting');
    pending.value = false;
    connection.succeeded(c);
    expect(state.connection.value).toBe('online');
  });
});
