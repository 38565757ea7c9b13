// Small guards that turn untrusted `unknown` values into safe ones, for every adapter. Each returns null (or false)
// instead of throwing.

export type WireObject = Record<string, unknown>;

export const asObject = (value: unknown): WireObject | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireObject) : null;

/** A trimmed, non-empty string. */
export const text = (value: unknown): string | null => (typeof value === 'string' && value.trim()) || null;

/** A finite number, or a string that is one (PHP backends send both). */
export const num = (value: unknown): number | null => {
  if (Number.isFinite(value)) return value as number;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
};

/** Parley's strict flag: `true`, `1` or `"1"`. */
export const flag = (value: unknown): boolean => value === true || value === 1 || value === '1';

/** Markdown as given (untrimmed), or null when it holds nothing. */
export const markdown = (value: unknown): string | null => (text(value) === null ? null : (value as string));

/** JavaScript truthiness, except that the strings "0" and "false" are false. */
export const truthy = (value: unknown): boolean =>
  typeof value === 'string' ? value !== '' && value !== '0' && value !== 'false' : Boolean(value);

/** An absolute http(s) URL, normalised; anything else (relative, `javascript:`, `data:`) is null. */
export const httpUrl = (value: unknown): string | null => {
  try {
    // new URL('') throws too.
    const url = new URL(text(value) ?? '');
    return /^https?:$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
};

/** Digits, spaces and `+-()`, with at least three digits. */
export const isPhoneNumber = (value: string): boolean => /^[\s+\-()]*(\d[\s+\-()]*){3,}$/.test(value);

/** A phone number, bare or as a `tel:` or `tel://` URL, as one `tel:` URL; anything else is null. */
export const telUrl = (value: unknown): string | null => {
  const number = text(value)?.replace(/^tel:(\/\/)?/i, '') ?? '';
  return isPhoneNumber(number) ? `tel:${number.replace(/[\s()-]/g, '')}` : null;
};
