import type { Mode, Position } from '../ui/view';

/** The element's attributes, in the contract's order. */
export const ATTRIBUTES = ['api-url', 'device-id', 'lang', 'open', 'mode', 'position', 'nonce'] as const;

/** The allowed values of `mode` and `position`; the first is the default. */
export const MODES: readonly Mode[] = ['launcher', 'inline', 'fullscreen'];
export const POSITIONS: readonly Position[] = ['right', 'left'];
export const MIN_DEVICE_ID_LENGTH = 10;

const warned = new Set<string>();
/** One console warning per distinct problem, not one per render. */
export function warnOnce(message: string): void {
  if (!warned.has(message)) console.warn(`<parley-chat>: ${message}`);
  warned.add(message);
}

/** `value` when it is one of `choices`, else the default (the first), with a warning unless the attribute is absent. */
function parseChoice<T extends string>(name: string, choices: readonly T[], value: string | null): T {
  if ((choices as readonly (string | null)[]).includes(value)) return value as T;
  if (value !== null) warnOnce(`${name} "${value}" is not one of ${choices.join(', ')}; using ${choices[0]}.`);
  return choices[0];
}

export const parseMode = (value: string | null): Mode => parseChoice('mode', MODES, value);
export const parsePosition = (value: string | null): Position => parseChoice('position', POSITIONS, value);

/** An absolute http(s) URL without a trailing slash, resolved against the page; null (with a warning) otherwise. */
export function parseApiUrl(value: string): string | null {
  try {
    const url = new URL(value, document.baseURI);
    // No blanks inside: "not a url" would otherwise resolve as a path of the page.
    if (/^\s*\S+\s*$/.test(value) && /^https?:$/.test(url.protocol)) return url.href.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  warnOnce(`api-url "${value}" is not an http(s) URL; the chat cannot start.`);
  return null;
}

/** A trimmed device id of at least `MIN_DEVICE_ID_LENGTH` characters; undefined (with a warning when set) otherwise. */
export function parseDeviceId(value: string): string | undefined {
  const id = value.trim();
  if (id.length >= MIN_DEVICE_ID_LENGTH) return id;
  if (value) warnOnce(`device-id is shorter than ${MIN_DEVICE_ID_LENGTH} characters; using a generated one.`);
  return undefined;
}
