import { batch, signal, type ReadonlySignal, type Signal } from '@preact/signals-core';
import type { AgentState, ChatConfig, Message, MessagePage, TransportError, VisitorInfo } from '../transport/types';
import { mapValues } from '../lib/objects';
import { errorData, fromErrorData, type ErrorData } from './errors';

export type ConnectionState = 'online' | 'offline' | 'reconnecting';
export type LoadState = 'idle' | 'loading' | 'ready';

export interface ChatEvents {
  /** A message new to the conversation (not history): the visitor's once the server confirmed it. */
  message: { message: Message; direction: 'in' | 'out' };
  error: TransportError;
}

/** Everything a session shows, as plain values. Each is one signal of the session (see `State`). */
export interface Values {
  /**
   * The conversation as the visitor sees it: confirmed messages in the conversation's order (by time, then id),
   * then the visitor's unconfirmed ones (local ids) in the order they were written; never two with one id (see
   * mergeMessages).
   */
  messages: Message[];
  /** This tab shows the panel open. Each tab has its own. */
  isOpen: boolean;
  /**
   * Agent messages that arrived while no tab had the chat open; zero while one has. Before anything of the
   * conversation is in, it starts from what the backend counts unseen (Transport.unseenCount, see pages.ts).
   */
  unread: number;
  agent: AgentState | null;
  sticky: string | null;
  /** The backend's greeting (MessagePage.welcome), preferred over the config's intro. */
  welcome: string | null;
  config: ChatConfig | null;
  /** The backend has messages older than the oldest one in `messages`. */
  hasOlder: boolean;
  loadingOlder: boolean;
  loadState: LoadState;
  connection: ConnectionState;
  /** A lasting refusal the visitor must know about (`unauthorized`, `forbidden`); cleared by the next success. */
  error: TransportError | null;
  /** Null until the visitor first opens the chat or writes (or a stored one is read). */
  deviceId: string | null;
  /** The latest page has been loaded this page load (after the first open). Not public. */
  loaded: boolean;
  /** Where the pages shown end: the cursors for `older` and `newer`. Not public. */
  cursors: Cursors;
  /** The backend's handle of the device's conversation, from `register`. Not public. */
  handle: string | null;
  /** What the host said of the visitor (`identify`), sent when the device registers. Not public; a reset keeps it. */
  visitor: VisitorInfo | null;
  /** Ids of the agent and info messages marked seen (seen.ts), each once; the cache keeps the last 200. Not public. */
  seen: string[];
}

export type Cursors = Pick<MessagePage, 'older' | 'newer'>;
type Hidden = 'loaded' | 'cursors' | 'handle' | 'visitor' | 'seen';

/** The session's state: one signal per value, declared once here. */
export type State = { [K in keyof Values]: Signal<Values[K]> };

/** What the session object exposes: the same signals, read-only. */
export type PublicState = { readonly [K in Exclude<keyof Values, Hidden>]: ReadonlySignal<Values[K]> };

/** What the leader tells the other tabs (sync.ts): every value but the tab's own `isOpen`, errors as plain data. */
export type Snapshot = Omit<Values, 'isOpen' | 'error'> & { error: ErrorData | null };

/** The values a conversation starts with: at the first page load and after `reset()`. */
const fresh = (deviceId: string | null) => ({
  messages: [] as Message[],
  unread: 0,
  agent: null,
  sticky: null,
  welcome: null,
  hasOlder: false,
  loadingOlder: false,
  loadState: 'idle' as LoadState,
  error: null,
  deviceId,
  loaded: false,
  cursors: { older: null, newer: null } as Cursors,
  handle: null,
  seen: [] as string[],
});

export function createState(deviceId: string | null, online: boolean): State {
  const values: Values = {
    ...fresh(deviceId),
    isOpen: false,
    config: null,
    connection: online ? 'online' : 'offline',
    visitor: null,
  };
  return mapValues(values, signal) as unknown as State;
}

/** Sets several values at once: effects run once, after all of them. */
export function assign(state: State, values: Partial<Values>): void {
  batch(() => {
    for (const key of Object.keys(values) as (keyof Values)[]) (state[key] as Signal<unknown>).value = values[key];
  });
}

/** Back to a new conversation: the panel's open state, the config and the connection stay. */
export const startOver = (state: State, deviceId: string | null): void => assign(state, fresh(deviceId));

/** Reading it subscribes an effect to every value in it. */
export function snapshot(state: State): Snapshot {
  const { isOpen, error, ...shared } = state;
  const values = mapValues(shared, (s: Signal<unknown>) => s.value);
  return { ...values, error: error.value && errorData(error.value) } as Snapshot;
}

/** A follower shows the leader's snapshot, then `unsent`: its visitor's messages the leader has not got yet. */
export function follow(state: State, leader: Snapshot, unsent: Message[]): void {
  assign(state, {
    ...leader,
    messages: [...leader.messages, ...unsent],
    error: leader.error && fromErrorData(leader.error),
  });
}

export function publicState(state: State): PublicState {
  const { loaded, cursors, handle, visitor, seen, ...exposed } = state;
  return exposed;
}
