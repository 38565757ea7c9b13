// Runs one request under a timeout and the caller's AbortSignal, without AbortSignal.any/AbortSignal.timeout,
// which old WebViews lack.
//
// Cancelling is not a failure: when the caller's signal aborts, the promise rejects with the signal's own reason
// (an AbortError), never a TransportError, so the session can tell "I stopped it" from "it broke".
// When the timeout fires first, it rejects with TransportError('timeout').
import { transportError, thrownError } from './errors';

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');

export function withDeadline<T>(
  outer: AbortSignal | undefined,
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (outer?.aborted) return Promise.reject(abortReason(outer));
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  // Settling from the timer or the signal does not wait for `run`: a fetch that ignores its signal cannot hang us.
  const result = new Promise<T>((resolve, reject) => {
    const stop = (reason: unknown) => {
      reject(reason);
      controller.abort(reason);
    };
    onAbort = () => stop(abortReason(outer as AbortSignal));
    outer?.addEventListener('abort', onAbort);
    timer = setTimeout(() => stop(transportError('timeout')), timeoutMs);
    run(controller.signal).then(resolve, (error: unknown) => reject(thrownError(error)));
  });
  const cleanUp = () => {
    clearTimeout(timer);
    if (onAbort) outer?.removeEventListener('abort', onAbort);
  };
  result.then(cleanUp, cleanUp);
  return result;
}
