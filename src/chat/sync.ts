// What the sessions of one conversation in several tabs tell each other (see tabs.ts). Everything here must
// survive structured cloning: plain data, Blobs, no class instances.
import { TransportError, type AgentState, type ChatConfig, type Message, type TransportErrorKind } from '../transport/types';
import type { OutboxEntry } from './outbox';

/** A TransportError as plain data (a cloned Error loses its class, `kind` and `details`). */
export interface ErrorData {
  kind: TransportErrorKind;
  message: string;
  details: { status?: number; code?: string; retryAfterMs?: number };
}

/** The leader's state that the other tabs show as their own. */
export interface Snapshot {
  messages: Message[];
  unread: number;
  agent: AgentState | null;
  sticky: string | null;
  config: ChatConfig | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  loadState: 'idle' | 'loading' | 'ready';
  connection: 'online' | 'offline' | 'reconnecting';
  error: ErrorData | null;
  deviceId: string | null;
  loaded: boolean;
}

/** What one tab shows: the leader polls fast while any tab has the chat open and visible. */
export interface TabState {
  tab: string;
  open: boolean;
  visible: boolean;
}

export type TabMessage =
  // leader → the others
  | { type: 'state'; state: Snapshot }
  | { type: 'message'; detail: { message: Message; direction: 'in' | 'out' } }
  | { type: 'error'; error: ErrorData }
  /** A message reached its end for now: sent (no error), failed, or deleted (`cancelled`). */
  | { type: 'settled'; id: string; error?: ErrorData | 'cancelled' }
  /** A new leader asks the others who they are. */
  | { type: 'hello' }
  // the others → leader
  | ({ type: 'tab' } & TabState)
  | { type: 'bye'; tab: string }
  /**
   * A message written in another tab, already in its outbox. Handed over whole, in case the tabs do not share
   * storage (IndexedDB failed in one of them and it keeps its state in memory).
   */
  | { type: 'outbox'; entry: OutboxEntry; image?: Blob; device: string }
  | { type: 'retry' | 'cancel'; id: string }
  | { type: 'older' }
  /** The host gave new credentials: try again what was refused. */
  | { type: 'resume' }
  // anyone → the others
  | { type: 'reset' };

export const errorData = ({ kind, message, details: { status, code, retryAfterMs } }: TransportError): ErrorData => ({
  kind,
  message,
  details: { status, code, retryAfterMs },
});

export const fromErrorData = ({ kind, message, details }: ErrorData): TransportError => new TransportError(kind, message, details);
