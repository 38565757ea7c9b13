import { batch } from '@preact/signals-core';
import { type RequestContext, type Transport, TransportError } from '../transport/types';
import type { Cache } from './cache';
import type { Emitter } from './emitter';
import { asTransportError, isAbort, isRefusal, isTransient } from './errors';
import { randomId } from './messages';
import type { Scope } from './scope';
import type { ChatEvents, State } from './state';

/** What the link of one conversation to the backend keeps. */
export interface ConnectionFields {
  /** The device id the backend knows, this page load; null until registered, and after `notRegistered`. */
  registered: string | null;
  /** Errors reported already: one failure reaches several callers (a send waits on the connect that failed). */
  reported: WeakSet<object>;
}

export const connectionFields = (): ConnectionFields => ({ registered: null, reported: new WeakSet() });

/** What the connection's functions need of the conversation. */
export interface ConnectionNeeds extends ConnectionFields {
  state: State;
  cache: Cache;
  scope: Scope;
  events: Emitter<ChatEvents>;
  transport(): Transport;
  signedIn(): boolean;
  /** The backend refused the visitor: asking again would not change the answer, so polling stops. */
  onRefused(): void;
  /** A message waits to be tried again, or its next try is on its way: for the visitor the connection is not back. */
  retryPending(): boolean;
  /** The conversation changed: keep it in the cache. */
  save(): void;
}

export const context = ({ state, scope }: ConnectionNeeds, signal = scope.signal): RequestContext => ({
  deviceId: state.deviceId.value!,
  conversation: state.handle.value ?? undefined,
  signal,
});

/** Registers the device once per page load; the conversation handle it may answer with is kept with the cache. */
export async function register(c: ConnectionNeeds): Promise<void> {
  const id = c.state.deviceId.value;
  if (id && c.registered === id) return;
  const { conversation } = (await c.transport().register(context(c), c.state.visitor.value ?? undefined)) ?? {};
  if (conversation) {
    c.state.handle.value = conversation;
    c.save();
  }
  c.registered = id;
}

/** The visitor's identity changed: a registered device registers again now, any other one when it registers. */
export function registerAgain(c: ConnectionNeeds): void {
  if (c.registered === null) return;
  c.registered = null;
  void register(c).catch((e: unknown) => report(c, e));
}

/**
 * The account takes only signed-in visitors (config `authorizationRequired`) and the host gave no credentials: a
 * refusal, so nothing is sent until it does.
 */
export function checkSignedIn(c: ConnectionNeeds): void {
  if (c.state.config.value?.authorizationRequired && !c.signedIn())
    throw new TransportError('unauthorized', 'Sign-in required', { code: 'authentication_required' });
}

/** Runs a call; when the backend forgot the device, registers again and repeats the call once. */
export async function call<T>(
  c: ConnectionNeeds,
  fn: (t: Transport, ctx: RequestContext) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  try {
    return await fn(c.transport(), context(c, signal));
  } catch (e) {
    if (asTransportError(e).kind !== 'notRegistered' || isAbort(e)) throw e;
    c.registered = null;
    await register(c);
    return fn(c.transport(), context(c, signal));
  }
}

/** The device id: the known one, the stored one, or a new one (`candidate`: the one another tab made). */
export async function ensureDeviceId(c: ConnectionNeeds, candidate = randomId()): Promise<string> {
  c.state.deviceId.value ||= await c.cache.claimDevice(candidate);
  return c.state.deviceId.value;
}

export function succeeded({ state, retryPending }: ConnectionNeeds): void {
  batch(() => {
    // While a message waits to be tried again, the connection is not back for the visitor yet.
    if (state.connection.value === 'reconnecting' && !retryPending()) state.connection.value = 'online';
    state.error.value = null;
  });
}

/** Tells the visitor and the host about a failure: once per error, and once per lost connection. */
export function report(c: ConnectionNeeds, e: unknown): void {
  if (isAbort(e) || c.reported.has(e as object)) return;
  if (e instanceof Object) c.reported.add(e);
  const err = asTransportError(e);
  const { connection, error } = c.state;
  if (isTransient(err)) {
    // One event when the connection is lost, not one per retry.
    if (connection.value !== 'online') return;
    connection.value = 'reconnecting';
  } else if (isRefusal(err)) {
    error.value = err;
    c.onRefused();
  }
  c.events.emit('error', err);
}
