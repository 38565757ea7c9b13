import type { Mode, Position } from '../ui/App';

/** The element's attributes, in the contract's order. */
export const ATTRIBUTES = ['api-url', 'device-id', 'lang', 'open', 'mode', 'position', 'nonce'] as const;

export const MODES: readonly Mode[] = ['launcher', 'inline', 'fullscreen'];
export const POSITIONS: readonly Position[] = ['right', 'left'];
export const MIN_DEVICE_ID_LENGTH = 10;

const warned = new Set<string>();
/** One console warning per distinct problem, not one per render. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`<parley-chat>: ${message}`);
}

export function parseMode(value: string | null): Mode {
  if (value === null || (MODES as readonly string[]).includes(value)) return (value as Mode | null) ?? 'launcher';
  warnOnce(`unknown mode "${value}"; using "launcher" (one of ${MODES.join(', ')}).`);
  return 'launcher';
}

export function parsePosition(value: string | null): Position {
  if (value === null || (POSITIONS as readonly string[]).includes(value)) return (value as Position | null) ?? 'right';
  warnOnce(`unknown position "${value}"; using "right".`);
  return 'right';
}

/** An absolute http(s) URL without a trailing slash, resolved against the page; null (with a warning) otherwise. */
export function parseApiUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, document.baseURI);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  warnOnce(`api-url "${value}" is not an http(s) URL; the chat cannot start.`);
  return null;
}

export function parseDeviceId(value: string | null): string | undefined {
  if (value === null || value === '') return undefined;
  if (value.trim().length >= MIN_DEVICE_ID_LENGTH) return value.trim();
  warnOnce(`device-id must have at least ${MIN_DEVICE_ID_LENGTH} characters; using a generated one.`);
  return undefined;
}
