/** What the poll policy looks at. */
export interface PollConditions {
  online: boolean;
  /** Some tab shows the chat open and visible. */
  active: boolean;
  /**
   * Some tab is visible, or has the chat open: what a poll brings can matter to someone (the launcher's badge, the
   * host's `parley-message` event for a conversation left open in a background tab).
   */
  watched: boolean;
  /** Milliseconds since the last sign of life from either side (see poller.ts). */
  quietMs: number;
}

export const FAST_POLL_MS = 2_000;

const within = (least: number, value: number, most: number) => Math.min(most, Math.max(least, value));

/**
 * How long to wait after the last poll, or `null` to pause until something wakes the poller (going online, a tab
 * shown). The wait is a share of the time since the last sign of life (a new message from either side, the agent
 * typing, the visitor opening, typing, sending, focusing or pointing at the chat), within bounds, so that news
 * after a quiet spell shows at most that share of the spell late:
 *
 * - open and visible in some tab: a tenth, from 2 s to 60 s: every 2 s for the first 20 s, 10 s after 100 s,
 *   30 s after 5 min, 60 s from 10 min on;
 * - closed in every tab but some tab visible, or open only in hidden tabs: a quarter, from 30 s to 5 min: every 30 s
 *   for the first 2 min, 1 min after 4 min, 2 min after 8 min, 5 min from 20 min on;
 * - every tab hidden and the chat closed, or offline: paused.
 */
export function nextPollDelay({ online, active, watched, quietMs }: PollConditions): number | null {
  if (!online || !watched) return null;
  return active ? within(FAST_POLL_MS, quietMs / 10, 60_000) : within(30_000, quietMs / 4, 300_000);
}
