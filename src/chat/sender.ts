import type { Message, OutgoingContent, TransportError } from '../transport/types';
import type { Connection } from './connection';
import { asTransportError, isAbort, isRefusal, isTransient } from './errors';
import type { Inbox } from './inbox';
import { confirmedRange, mergeMessages } from './messages';
import type { OutboxEntry } from './outbox';
import type { Queue } from './queue';
import { retryDelay } from './retry-policy';
import type { Scope } from './scope';
import type { State } from './state';

export interface SenderDeps {
  state: State;
  scope: Scope;
  queue: Queue;
  connection: Connection;
  /** The first load: a message goes into a loaded conversation. */
  connect(): Promise<void>;
  inbox: Pick<Inbox, 'receive' | 'announce'>;
  save(): void;
  /** A message reached its end for now: sent (no outcome) or failed. */
  settled(id: string, outcome?: Error): void;
  /** The outbox is sent or waits: poll now, the agent often answers right away. */
  afterSending(): void;
}

export type Sender = ReturnType<typeof createSender>;

/**
 * The leader's outbox pump: one message at a time, in the order written, tried until the server confirmed it, with
 * backoff between tries, and a look at the conversation before a message that may have arrived is sent again.
 */
export function createSender({ state, scope, queue, connection, connect, inbox, save, settled, afterSending }: SenderDeps) {
  /** The entry being tried now, and how to abort its request. */
  let trying: { entry: OutboxEntry; controller: AbortController } | null = null;
  let pumping = false;
  /** Ends the current wait between two tries early (back online, focus, the tab shown again). */
  let wakeUp: (() => void) | null = null;

  const wake = () => wakeUp?.();
  scope.onEnd(() => {
    trying?.controller.abort();
    wake();
  });

  /** Sends the outbox, one message at a time, in the order they were written. */
  async function pump(): Promise<void> {
    if (pumping || !queue.next()) return;
    pumping = true;
    let entry: OutboxEntry | undefined;
    // Offline or refused (unauthorized, forbidden), messages wait: for `online`, new credentials, a retry, a reopen.
    while (scope.alive && state.connection.value !== 'offline' && !state.error.value && (entry = queue.next())) {
      await attempt(entry);
    }
    if (!scope.alive) return;
    pumping = false;
    afterSending();
  }

  /** One try of one entry; on a passing failure, waits before returning (backoff). */
  async function attempt(entry: OutboxEntry): Promise<void> {
    const controller = new AbortController();
    trying = { entry, controller };
    entry.attempts++;
    try {
      await connect();
      if (await foundOnServer(entry, controller.signal)) return;
      const content: OutgoingContent = entry.text === null ? { image: queue.image(entry.id)! } : { text: entry.text };
      const onProgress = (progress: number) => queue.update(entry.id, { progress });
      const { id } = await connection.call((t, c) => t.send(c, content, { onProgress }), controller.signal);
      if (scope.alive) confirm(entry, id);
    } catch (e) {
      // Deleted by the visitor, the conversation reset, or the session disposed: nothing more to do here.
      if (scope.alive && !isAbort(e) && queue.has(entry)) await failed(entry, asTransportError(e));
    } finally {
      if (trying?.entry === entry) trying = null;
    }
  }

  /** Tried before: the server may have it although no answer came. Look before sending it again. */
  async function foundOnServer(entry: OutboxEntry, signal: AbortSignal): Promise<boolean> {
    const look = entry.after !== undefined;
    const after = (entry.after ??= confirmedRange(state.messages.value).newest);
    await queue.outbox().patch(entry.id, { attempts: entry.attempts, after });
    if (!look) return false;
    const page = await connection.call((t, c) => (after ? t.newer(c, after) : t.latest(c)), signal);
    if (!scope.alive) return true;
    inbox.receive(page);
    return !queue.has(entry);
  }

  async function failed(entry: OutboxEntry, err: TransportError): Promise<void> {
    connection.report(err);
    if (isRefusal(err)) return; // waits, pending, until the refusal is lifted
    const delay = retryDelay(err, entry.attempts);
    // Give up for now. When the connection is the reason, every waiting message would fail the same way.
    if (delay === null) return fail(isTransient(err) ? queue.waiting() : [entry], err);
    trying = null;
    await new Promise<void>((resume) => {
      const timer = setTimeout((wakeUp = () => {
        clearTimeout(timer);
        wakeUp = null;
        resume();
      }), delay);
    });
  }

  function fail(entries: OutboxEntry[], err: TransportError): void {
    for (const entry of entries) {
      entry.failed = err.kind;
      void queue.outbox().patch(entry.id, { failed: err.kind });
      queue.update(entry.id, { status: 'failed', progress: undefined });
      settled(entry.id, err);
    }
  }

  /** The server has the entry's message as `id`: the local copy becomes it (or the polled copy stays). */
  function confirm(entry: OutboxEntry, id: string): void {
    if (!queue.take(entry, id)) return;
    const local = state.messages.value.find((m) => m.id === entry.id) ?? queue.localMessage(entry);
    const others = state.messages.value.filter((m) => m.id !== entry.id);
    const polledFirst = others.find((m) => m.id === id);
    const confirmed: Message = { ...local, id, status: 'sent', progress: undefined };
    state.messages.value = polledFirst ? others : mergeMessages(others, [confirmed]);
    inbox.announce(polledFirst ?? confirmed);
    save();
    settled(entry.id);
    connection.succeeded();
  }

  /** The server's copies of messages that were tried, although their answers have not come (or never will). */
  function claimCopies(added: readonly Message[]): void {
    for (const copy of added) {
      const entry = queue.ownerOf(copy);
      if (entry) confirm(entry, copy.id);
    }
  }

  /** Deletes a message; its upload, when it is being tried, is aborted. */
  function cancel(id: string): void {
    const entry = queue.remove(id);
    if (entry && trying?.entry === entry) trying.controller.abort();
  }

  return {
    pump,
    claimCopies,
    cancel,
    wake,
    /** A message waits between two tries. */
    retryPending: () => wakeUp !== null,
  };
}
