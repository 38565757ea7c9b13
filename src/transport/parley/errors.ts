// Every way a Parley call can fail becomes one TransportError. Parley reports errors in two shapes: its own
// envelope (`status: "ERROR"` + notifications, with any HTTP status, even 200), and the KPN gateway's HTTP 502
// body, which nests that envelope in `error.message`. The notification code wins over the HTTP status.
import { TransportError, type TransportErrorKind } from '../types';
import { asObject, text } from './narrow';
import type { WireErrorCode } from './wire';

/** What http.ts read from a response. `body` is the parsed JSON, or undefined when the body was not JSON. */
export interface ResponseFacts {
  status: number;
  headers: Headers;
  body: unknown;
  json: boolean;
}

const CODE_KINDS: Readonly<Record<WireErrorCode, TransportErrorKind>> = {
  device_not_registered: 'notRegistered',
  device_requires_authorization: 'unauthorized',
  api_key_not_valid: 'forbidden',
  media_too_large: 'tooLarge',
  invalid_media_type: 'invalid',
  missing_media: 'invalid',
  could_not_save_media: 'server',
};

const STATUS_KINDS: Readonly<Record<number, TransportErrorKind>> = {
  401: 'unauthorized',
  403: 'forbidden',
  413: 'tooLarge',
  429: 'rateLimited',
};

/** Parley's envelope, whether it is the body itself or nested in the gateway's `error.message`. */
function envelopeOf(body: unknown): Record<string, unknown> | null {
  const root = asObject(body);
  return asObject(asObject(root?.error)?.message) ?? root;
}

/** The first error notification's code (or, in an ERROR envelope, the first notification's). */
export function errorCode(body: unknown): string | undefined {
  const envelope = envelopeOf(body);
  const notes = Array.isArray(envelope?.notifications) ? envelope.notifications.map(asObject) : [];
  const pick = notes.find((n) => n?.type === 'error') ?? (envelope?.status === 'ERROR' ? notes[0] : undefined);
  return text(pick?.message) ?? undefined;
}

/** `Retry-After` as delay-seconds or an HTTP-date, in milliseconds from `now`. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  const header = value?.trim();
  if (!header) return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  // Date.parse reads nearly anything ("-5" is a year): an HTTP-date always names its month.
  const date = /[a-z]/i.test(header) ? Date.parse(header) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const transportError = (
  kind: TransportErrorKind,
  details: TransportError['details'] = {},
  // Developer-facing; the UI words its own localized notice from the kind.
  message = `Parley request failed (${kind})`,
): TransportError => new TransportError(kind, message, details);

/**
 * The error a response stands for, or null when it is a success. `needJson`: the caller needs the JSON data,
 * so a 2xx answer that is not JSON is an error too.
 */
export function responseError(response: ResponseFacts, needJson: boolean): TransportError | null {
  const { status, headers, body, json } = response;
  const ok = status >= 200 && status < 300;
  const code = errorCode(body);
  const codeKind = code !== undefined && Object.prototype.hasOwnProperty.call(CODE_KINDS, code)
    ? CODE_KINDS[code as WireErrorCode]
    : undefined;
  if (ok && !codeKind && envelopeOf(body)?.status !== 'ERROR') {
    return needJson && !json ? transportError('invalid', { status }) : null;
  }
  const kind: TransportErrorKind =
    codeKind ??
    STATUS_KINDS[status] ??
    (status >= 400 && status < 500 ? 'invalid' : 'server');
  const details: TransportError['details'] = { status, ...(code !== undefined && { code }) };
  if (kind === 'rateLimited') {
    const wait = retryAfterMs(headers.get('Retry-After'));
    if (wait !== undefined) details.retryAfterMs = wait;
  }
  return transportError(kind, details);
}

/** A fetch that threw without an abort: DNS, offline, CORS refusal, a reset connection. */
export const thrownError = (cause: unknown): TransportError =>
  cause instanceof TransportError ? cause : transportError('network', { cause });
