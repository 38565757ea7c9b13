import { batch } from '@preact/signals-core';
import type { RequestContext, Transport } from '../transport/types';
import type { Cache } from './cache';
import type { Emitter } from './emitter';
import { asTransportError, isAbort, isRefusal, isTransient } from './errors';
import { randomId } from './messages';
import type { Scope } from './scope';
import type { ChatEvents, State } from './state';

export interface ConnectionDeps {
  state: State;
  cache: Cache;
  scope: Scope;
  transport(): Transport;
  events: Emitter<ChatEvents>;
  /** The backend refused the visitor: asking again would not change the answer, so polling stops. */
  onRefused(): void;
  /** A message waits to be tried again: for the visitor the connection is not back yet. */
  retryPending(): boolean;
}

export type Connection = ReturnType<typeof createConnection>;

/**
 * The link of one conversation to the backend: the device id, its registration, calls that register again when the
 * backend forgot the device, and the connection's health (`connection`, `error` and one `error` event per problem).
 */
export function createConnection({ state, cache, scope, transport, events, onRefused, retryPending }: ConnectionDeps) {
  /** The device id the backend knows, this page load; null until registered, and after `notRegistered`. */
  let registered: string | null = null;
  /** Errors reported already: one failure reaches several callers (a send waits on the connect that failed). */
  const reported = new WeakSet<object>();

  const context = (signal = scope.signal): RequestContext => ({ deviceId: state.deviceId.value!, signal });

  async function register(): Promise<void> {
    const id = state.deviceId.value;
    if (id && registered === id) return;
    await transport().register(context());
    registered = id;
  }

  /** Runs a call; when the backend forgot the device, registers again and repeats the call once. */
  async function call<T>(fn: (t: Transport, ctx: RequestContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await fn(transport(), context(signal));
    } catch (e) {
      if (asTransportError(e).kind !== 'notRegistered' || isAbort(e)) throw e;
      registered = null;
      await register();
      return fn(transport(), context(signal));
    }
  }

  /** The device id: the known one, the stored one, or a new one (`candidate`: the one another tab made). */
  async function ensureDeviceId(candidate = randomId()): Promise<string> {
    state.deviceId.value ||= await cache.claimDevice(candidate);
    return state.deviceId.value;
  }

  function succeeded(): void {
    batch(() => {
      // While a message waits to be tried again, the connection is not back for the visitor yet.
      if (state.connection.value === 'reconnecting' && !retryPending()) state.connection.value = 'online';
      state.error.value = null;
    });
  }

  function report(e: unknown): void {
    if (isAbort(e) || reported.has(e as object)) return;
    if (e instanceof Object) reported.add(e);
    const err = asTransportError(e);
    if (isTransient(err)) {
      // One event when the connection is lost, not one per retry.
      if (state.connection.value !== 'online') return;
      state.connection.value = 'reconnecting';
    } else if (isRefusal(err)) {
      state.error.value = err;
      onRefused();
    }
    events.emit('error', err);
  }

  return { context, register, call, ensureDeviceId, succeeded, report };
}
