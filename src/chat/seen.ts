import { call, type ConnectionNeeds } from './connection';
import { asTransportError } from './errors';
import { retryDelay } from './retry-policy';

/** What shows is collected this long, then marked in one request: not one request per message. */
export const SEEN_BATCH_MS = 1_000;

/**
 * What marking the agent's messages seen (`Transport.markSeen`) keeps for one conversation. Only the leading tab
 * marks, for every tab: the others tell it whether they show the chat (sync.ts).
 */
export interface SeenFields {
  /** A mark is due or on its way (what shows meanwhile goes with the next one), or marking was given up. */
  marking: boolean;
  /** Ids seen whose mark failed or could not be tried yet: they go with the next one. */
  toMark: string[];
}

export const seenFields = (): SeenFields => ({ marking: false, toMark: [] });

export interface SeenNeeds extends SeenFields, ConnectionNeeds {
  /** Some tab shows the chat open and visible. */
  active(): boolean;
}

/**
 * Something may show now (a message came, a tab shows the chat, the connection is back): about a second later the
 * agent and info messages that show then are marked seen, each once.
 */
export function noticeSeen(c: SeenNeeds): void {
  if (
    !c.marking &&
    c.transport().markSeen &&
    c.state.loaded.value &&
    (c.toMark.length || (c.active() && unmarked(c).length))
  )
    later(c, SEEN_BATCH_MS, 0);
}

/** The next mark after `ms`; `tries`: how many marks of `toMark` failed in a row, for the backoff. */
function later(c: SeenNeeds, ms: number, tries: number): void {
  c.marking = true;
  setTimeout(() => void mark(c, tries), ms);
}

/**
 * The agent and info messages not marked yet. What shows is every one the session holds while a tab shows the chat:
 * the list opens at the newest, and the rest were shown as the visitor scrolled up (or in an earlier page load).
 */
function unmarked({ state }: SeenNeeds): string[] {
  const marked = new Set(state.seen.value);
  return state.messages.value.filter((m) => m.from !== 'user' && !marked.has(m.id)).map((m) => m.id);
}

async function mark(c: SeenNeeds, tries: number): Promise<void> {
  // What failed before is unmarked still: shown, it is among what shows.
  const ids = (c.toMark = c.active() ? unmarked(c) : c.toMark);
  // Offline, the ids wait for the next notice (back online).
  if (!c.scope.alive || !ids.length || c.state.connection.value === 'offline') {
    c.marking = false;
    return;
  }
  try {
    // A transport without markSeen (set since the notice) fails here, and marking is given up.
    await call(c, (t, x) => t.markSeen!(x, ids));
    if (!c.scope.alive) return;
    c.state.seen.value = [...c.state.seen.value, ...ids];
    c.toMark = [];
    c.marking = false;
    c.save();
    noticeSeen(c); // what came while this mark was on its way
  } catch (e) {
    const delay = retryDelay(asTransportError(e), ++tries);
    // Given up (a backend that refuses marks, or 8 tries): `marking` stays, nothing is marked until the next page load.
    if (c.scope.alive && delay !== null) later(c, delay, tries);
  }
}
