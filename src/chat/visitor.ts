// Who the visitor is, as the host says (`identify`): unverified facts such as a name or an e-mail address that the
// backend keeps beside the device. Only plain strings go, bounded, whatever the host passes.
import type { VisitorInfo } from '../transport/types';

/** At most this many facts, keys this long and values this long; the rest is left out. */
const MAX_FACTS = 20;
const MAX_KEY = 64;
const MAX_VALUE = 1_000;

/**
 * The facts of `info` that can be sent: its own string values, trimmed, non-empty, under plain keys. Null for
 * null (no identity, a logout) and for an object without any; undefined for anything but an object or null.
 */
export function visitorInfo(info: unknown): VisitorInfo | null | undefined {
  if (info === null) return null;
  if (typeof info !== 'object' || Array.isArray(info)) return undefined;
  const facts = Object.entries(info)
    .filter(([key, value]) => typeof value === 'string' && value.trim() && /^[\w.-]{1,64}$/.test(key))
    .slice(0, MAX_FACTS)
    .map(([key, value]) => [key.slice(0, MAX_KEY), (value as string).trim().slice(0, MAX_VALUE)]);
  return facts.length ? Object.fromEntries(facts) : null;
}

const facts = (visitor: VisitorInfo | null) => JSON.stringify(visitor && Object.entries(visitor).sort());

/** Whether two identities say the same, in any order. */
export const sameVisitor = (a: VisitorInfo | null, b: VisitorInfo | null): boolean => facts(a) === facts(b);
