// Every way a Parley call can fail becomes one TransportError. Parley reports errors in two shapes: its own
// envelope (`status: "ERROR"` + notifications, with any HTTP status, even 200), and the KPN gateway's HTTP 502
// body, which nests that envelope in `error.message`. The notification code wins over the HTTP status.
import { errorDetails, type ResponseFacts, statusKind } from '../http';
import { asObject, text, type WireObject } from '../narrow';
import { TransportError, type TransportErrorKind } from '../types';
import type { WireErrorCode } from './wire';

/** A Map, not an object: a code such as "toString" must find nothing. */
const CODE_KINDS = new Map<string, TransportErrorKind>(
  Object.entries({
    device_not_registered: 'notRegistered',
    device_requires_authorization: 'unauthorized',
    authentication_required: 'unauthorized',
    authentication_not_valid: 'unauthorized',
    authentication_expired: 'unauthorized',
    api_key_not_valid: 'forbidden',
    media_too_large: 'tooLarge',
    invalid_media_type: 'invalid',
    missing_media: 'invalid',
    could_not_save_media: 'server',
  } satisfies Record<WireErrorCode, TransportErrorKind>),
);

// Kept here for Parley's callers: the backend-neutral parts moved to ../http.ts.
export { retryAfterMs, thrownError } from '../http';

// The message is developer-facing (e.g. "Parley timeout"); the UI words its own localized notice from the kind.
export const transportError = (kind: TransportErrorKind, details: TransportError['details'] = {}): TransportError =>
  new TransportError(kind, `Parley ${kind}`, details);

/**
 * The error a response stands for, or null when it is a success. `needJson`: the caller needs the JSON data,
 * so a 2xx answer that is not JSON is an error too.
 */
export function responseError(facts: ResponseFacts, needJson: boolean): TransportError | null {
  const { status, body } = facts;
  const root = asObject(body);
  // Parley's envelope: the body itself, or nested in the gateway's `error.message`.
  const envelope: WireObject = asObject(asObject(root?.error)?.message) ?? root ?? {};
  const failed = envelope.status === 'ERROR';
  const notes = Array.isArray(envelope.notifications) ? envelope.notifications.map(asObject) : [];
  // The code of the first error notification (or, in an ERROR envelope, of the first notification).
  const note = notes.find((n) => n?.type === 'error') ?? (failed ? notes[0] : undefined);
  const code = text(note?.message);
  const codeKind = code === null ? undefined : CODE_KINDS.get(code);
  if (status >= 200 && status < 300 && !codeKind && !failed) {
    return needJson && body === undefined ? transportError('invalid', { status }) : null;
  }
  const kind: TransportErrorKind = codeKind ?? statusKind(status);
  return transportError(kind, errorDetails(kind, facts, code));
}
