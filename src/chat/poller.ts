import { isTransportError } from '../transport/types';
import { nextPollDelay, type PollConditions } from './poll-policy';

export interface Poller {
  /** Start polling, or poll right now and start over with the fast cadence (after a send, on reopen, focus, online). */
  kick(): void;
  /** Reconsider the delay after the conditions changed, without polling now. */
  reschedule(): void;
  stop(): void;
}

/**
 * Runs `poll` on the cadence of `nextPollDelay`. One poll at a time: a kick during a poll runs another right after.
 * `poll` resolves `true` when something happened (new messages, the agent typing), which restores the fast cadence.
 */
export function createPoller(
  poll: () => Promise<boolean>,
  conditions: () => Omit<PollConditions, 'quietPolls'>,
): Poller {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = true;
  let quietPolls = 0;
  /** A 429 asked us to wait until then; not even a kick polls sooner. */
  let notBefore = 0;
  const held = () => Math.max(0, notBefore - Date.now());

  const schedule = () => {
    clearTimeout(timer);
    if (stopped || running) return;
    const delay = nextPollDelay({ ...conditions(), quietPolls });
    if (delay !== null) timer = setTimeout(run, Math.max(delay, held()));
  };

  const run = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(timer);
    try {
      quietPolls = (await poll()) ? 0 : quietPolls + 1;
    } catch (e) {
      quietPolls++;
      if (isTransportError(e)) notBefore = Date.now() + (e.details.retryAfterMs ?? 0);
    }
    running = false;
    if (again) {
      again = false;
      void run();
    } else schedule();
  };

  return {
    kick() {
      stopped = false;
      quietPolls = 0;
      if (held()) schedule();
      else if (conditions().online) void run();
    },
    reschedule: schedule,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
