import type { Message, OutgoingContent, TransportError } from '../transport/types';
import { call, checkSignedIn, report, succeeded } from './connection';
import { asTransportError, isAbort, isRefusal, isTransient } from './errors';
import { announce, receive } from './inbox';
import { mergeMessages } from './messages';
import type { OutboxEntry } from './outbox';
import { connect, kickUnlessRefused, type PagesNeeds } from './pages';
import { localMessage, nextEntry, outboxOf, ownerOf, removeEntry, take, updateMessage, type QueueNeeds } from './queue';
import { retryDelay } from './retry-policy';

/**
 * What the outbox pump of one conversation keeps. It sends one message at a time, in the order written, tries each
 * until the server confirmed it, waits between tries, and looks at the conversation before a message that may have
 * arrived is sent again.
 */
export interface SenderFields {
  /** The entry being tried now, and how to abort its request. */
  trying: { entry: OutboxEntry; controller: AbortController } | null;
  /** A pump is running; there is never a second one. */
  pumping: boolean;
  /** Ends the current wait between two tries early (back online, focus, the tab shown again); null when none. */
  wakeUp: (() => void) | null;
}

export interface SenderNeeds extends SenderFields, QueueNeeds, PagesNeeds {
  /** A message reached its end for now: sent (no outcome) or failed; the other tabs are told too. */
  settled(id: string, outcome?: Error): void;
}

/** The fields, with the wait and the request in flight ended when the conversation ends. */
export function senderFields(c: SenderNeeds): SenderFields {
  c.scope.onEnd(() => {
    c.trying?.controller.abort();
    wake(c);
  });
  return { trying: null, pumping: false, wakeUp: null };
}

export const wake = (c: SenderFields): void => c.wakeUp?.();

/** Sends the outbox, one message at a time, in the order they were written. */
export async function pump(c: SenderNeeds): Promise<void> {
  if (c.pumping || !nextEntry(c)) return;
  c.pumping = true;
  let entry: OutboxEntry | undefined;
  const { connection, error } = c.state;
  // Offline or refused (unauthorized, forbidden), messages wait: for `online`, new credentials, a retry, a reopen.
  while (c.scope.alive && connection.value !== 'offline' && !error.value && (entry = nextEntry(c))) {
    await attempt(c, entry);
  }
  if (!c.scope.alive) return;
  c.pumping = false;
  kickUnlessRefused(c);
}

/** One try of one entry; on a passing failure, waits before returning (backoff). */
async function attempt(c: SenderNeeds, entry: OutboxEntry): Promise<void> {
  const controller = new AbortController();
  c.trying = { entry, controller };
  entry.attempts++;
  try {
    await connect(c);
    checkSignedIn(c);
    if (await foundOnServer(c, entry, controller.signal)) return;
    const content: OutgoingContent =
      entry.text === null ? { image: c.imageBytes.get(entry.id)! } : { text: entry.text };
    const onProgress = (progress: number) => updateMessage(c, entry.id, { progress });
    const { id } = await call(c, (t, x) => t.send(x, content, { clientKey: entry.id, onProgress }), controller.signal);
    if (!c.scope.alive) return;
    if (id) confirm(c, entry, id);
    else sentWithoutId(c, entry);
  } catch (e) {
    // Deleted by the visitor, the conversation reset, or the session disposed: nothing more to do here.
    if (c.scope.alive && !isAbort(e) && c.queued.includes(entry)) await failed(c, entry, asTransportError(e));
  } finally {
    if (c.trying?.entry === entry) c.trying = null;
  }
}

/** Tried before: the server may have it although no answer came. Look before sending it again. */
async function foundOnServer(c: SenderNeeds, entry: OutboxEntry, signal: AbortSignal): Promise<boolean> {
  const look = entry.after !== undefined;
  const after = (entry.after ??= c.state.cursors.value.newer);
  await outboxOf(c).patch(entry.id, { attempts: entry.attempts, after });
  if (!look) return false;
  const page = await call(c, (t, x) => (after ? t.newer(x, after) : t.latest(x)), signal);
  if (!c.scope.alive) return true;
  receive(c, page);
  return !c.queued.includes(entry);
}

async function failed(c: SenderNeeds, entry: OutboxEntry, err: TransportError): Promise<void> {
  report(c, err);
  if (isRefusal(err)) return; // waits, pending, until the refusal is lifted
  const delay = retryDelay(err, entry.attempts);
  // Give up for now. When the connection is the reason, every waiting message would fail the same way.
  if (delay === null) return fail(c, isTransient(err) ? c.queued.filter((e) => !e.failed) : [entry], err);
  c.trying = null;
  await new Promise<void>((resume) => {
    const timer = setTimeout(
      (c.wakeUp = () => {
        clearTimeout(timer);
        c.wakeUp = null;
        resume();
      }),
      delay,
    );
  });
}

function fail(c: SenderNeeds, entries: OutboxEntry[], err: TransportError): void {
  for (const entry of entries) {
    entry.failed = err.kind;
    void outboxOf(c).patch(entry.id, { failed: err.kind });
    updateMessage(c, entry.id, { status: 'failed', progress: undefined });
    c.settled(entry.id, err);
  }
}

/**
 * The server has the entry's message as `id`: the local copy becomes it (or the polled copy stays). Until the copy
 * is listed, it shows at the visitor's time, but not above the newest message shown (the visitor's clock may be
 * behind the server's).
 */
function confirm(c: SenderNeeds, entry: OutboxEntry, id: string): void {
  if (!take(c, entry, id)) return;
  const { messages } = c.state;
  const local = messages.value.find((m) => m.id === entry.id) ?? localMessage(c, entry);
  const others = messages.value.filter((m) => m.id !== entry.id);
  const listed = others.find((m) => m.id === id);
  const time = Math.max(local.time, ...others.map((m) => m.time));
  const confirmed: Message = listed
    ? { ...listed, file: local.file }
    : { ...local, id, time, status: 'sent', progress: undefined };
  messages.value = mergeMessages(others, [confirmed]);
  announce(c, confirmed);
  c.save();
  done(c, entry);
}

/** The backend has the entry's message but gave no id: it shows as sent until its listed copy replaces it. */
function sentWithoutId(c: SenderNeeds, entry: OutboxEntry): void {
  entry.sent = true;
  void outboxOf(c).patch(entry.id, { sent: true });
  updateMessage(c, entry.id, { status: 'sent', progress: undefined });
  done(c, entry);
}

function done(c: SenderNeeds, entry: OutboxEntry): void {
  if (c.trying?.entry === entry) c.trying = null;
  c.settled(entry.id);
  succeeded(c);
}

/** The server's copies of messages that were tried, although their answers have not come (or never will). */
export function claimCopies(c: SenderNeeds, added: readonly Message[]): void {
  for (const copy of added) {
    const entry = ownerOf(c, copy);
    if (entry) confirm(c, entry, copy.id);
  }
}

/** Deletes a message; its upload, when it is being tried, is aborted. */
export function cancelEntry(c: SenderNeeds, id: string): void {
  const entry = removeEntry(c, id);
  if (entry && c.trying?.entry === entry) c.trying.controller.abort();
}
