// What the sessions of one conversation in several tabs tell each other (see tabs.ts and leadership.ts). Everything
// here must survive structured cloning: plain data, Blobs, no class instances.
import type { Message, VisitorInfo } from '../transport/types';
import type { ErrorData } from './errors';
import type { OutboxEntry } from './outbox';
import type { Snapshot } from './state';

/**
 * What one tab shows: the leader polls fast while any tab has the chat open and visible, and not at all while every
 * tab is hidden and none has it open. A tab tells it when it starts, when a new leader asks (`hello`), and when its
 * visitor opens or closes the chat, focuses, shows or hides the tab, or acts in the panel (at most once a second):
 * from a visible tab, each is a sign of life that brings the leader's next poll forward.
 */
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
  /** The host said who the visitor is (`identify`) in another tab. */
  | { type: 'identify'; visitor: VisitorInfo | null }
  // anyone → the others
  | { type: 'reset' };
