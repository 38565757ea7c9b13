import type { TransportError } from '../transport/types';
import { isTransient } from './errors';

/** Automatic tries of one message before it is marked failed (about 1.5 minutes of trying). */
export const MAX_ATTEMPTS = 8;
export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 30_000;

/**
 * How long to wait before trying a message again after `attempts` tries, or null to stop: the error will not go
 * away by itself (`invalid`, `tooLarge`), or the tries are used up. Exponential backoff with jitter (half fixed,
 * half random), so that many visitors do not come back at the same moment; at least what a 429 asked for.
 */
export function retryDelay(error: TransportError, attempts: number, random = Math.random): number | null {
  if (!(isTransient(error) || error.kind === 'notRegistered') || attempts >= MAX_ATTEMPTS) return null;
  const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(error.details.retryAfterMs ?? 0, Math.round(backoff / 2 + (random() * backoff) / 2));
}
