/** Runs `run` when the browser is idle, at the latest after `timeout` ms (soon, where there is no idle callback). */
export function whenIdle(run: () => void, timeout: number): void {
  if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout });
  else setTimeout(run, 1);
}
