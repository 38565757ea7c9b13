import { isTransportError } from '../transport/types';
import { FAST_POLL_MS, nextPollDelay, type PollConditions } from './poll-policy';

export interface Poller {
  /** A sign of life that asks for news now (a send, opening, focus, online): poll now, and start over. */
  kick(): void;
  /** A sign of life (the visitor typing or pointing, another tab shown): the next poll at most 2 s after the last. */
  quicken(): void;
  /** The conditions changed: the next poll as they ask, or none while they ask for a pause. */
  reschedule(): void;
  stop(): void;
}

/**
 * Runs `poll` on the cadence of `nextPollDelay`, counted from the end of the last poll. One poll at a time: a kick
 * during a poll runs another right after. `poll` resolves `true` when something happened (new messages, the agent
 * typing): a sign of life. Only a pause (offline, nobody watching) or a 429 makes the next poll later than it was
 * due: a wake-up may bring it forward, and conditions that ask for a slower cadence take effect after it.
 */
export function createPoller(poll: () => Promise<boolean>, conditions: () => Omit<PollConditions, 'quietMs'>): Poller {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  /** A kick came during the poll that runs: another one follows it. */
  let again = false;
  let stopped = true;
  /** When the last poll ended, and the last sign of life (epoch ms). */
  let polled = 0;
  let lively = 0;
  /** When the timer polls; Infinity while none is set. Until that poll runs, it only ever moves earlier. */
  let due = Number.POSITIVE_INFINITY;
  /** A 429 asked us to wait until then; not even a kick polls sooner. */
  let notBefore = 0;

  /** Sets the timer for the next poll: when the policy asks, but no later than `soon`. */
  const schedule = (soon = due) => {
    if (stopped || running) return;
    const now = Date.now();
    const delay = nextPollDelay({ ...conditions(), quietMs: now - lively });
    clearTimeout(timer);
    due = delay === null ? Number.POSITIVE_INFINITY : Math.max(Math.min(soon, polled + delay), notBefore);
    if (delay !== null) timer = setTimeout(run, due - now);
  };

  /** A sign of life: the quiet time starts over, and the next poll comes no later than `at`. */
  const wake = (at: number) => {
    lively = Date.now();
    schedule(Math.min(due, at));
  };

  const run = async () => {
    running = true;
    try {
      if (await poll()) lively = Date.now();
    } catch (e) {
      if (isTransportError(e)) notBefore = Date.now() + (e.details.retryAfterMs ?? 0);
    }
    polled = Date.now();
    running = false;
    schedule(again ? 0 : Number.POSITIVE_INFINITY);
    again = false;
  };

  return {
    kick() {
      stopped = false;
      again = running;
      wake(0);
    },
    quicken: () => wake(polled + FAST_POLL_MS),
    reschedule: schedule,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
