/** What the poll policy looks at. */
export interface PollConditions {
  online: boolean;
  /** The page is visible (`document.visibilityState`). */
  visible: boolean;
  /** The chat panel is open. */
  open: boolean;
  /** Polls in a row that brought nothing new and no sign of the agent. */
  quietPolls: number;
}

export const FAST_POLL_MS = 2_000;
export const IDLE_POLL_MS = 10_000;
export const BACKGROUND_POLL_MS = 30_000;

/**
 * How long to wait before the next poll, or `null` to pause until something wakes the poller (going online).
 * Open and active: every 2 s, slowing by half again with each quiet poll up to 10 s. Closed or hidden: 30 s,
 * enough to show unread agent messages on the launcher without costing the API much.
 */
export function nextPollDelay({ online, visible, open, quietPolls }: PollConditions): number | null {
  if (!online) return null;
  if (!open || !visible) return BACKGROUND_POLL_MS;
  return Math.min(IDLE_POLL_MS, Math.round(FAST_POLL_MS * 1.5 ** Math.max(0, quietPolls)));
}
