// Every way a Kommunicate call can fail becomes one TransportError. Kommunicate reports errors in its envelope
// (`status: "error"`, `errorResponse[0].errorCode`), mostly with HTTP 200; the upload has a bare `{errorCode}`.
// The code wins over the HTTP status, except that a 401 is always `unauthorized` (a bad key or token: the shared
// request asks a token function again on it).
import { errorDetails, type ResponseFacts, statusKind } from '../http';
import { asObject, text } from '../narrow';
import { TransportError, type TransportErrorKind } from '../types';
import type { WireErrorCode } from './wire';

/** The description of the error a reused `clientGroupId` answers; it has no errorCode. */
export const GROUP_EXISTS = 'group already exists';

/** A Map, not an object: a code such as "toString" must find nothing. */
const CODE_KINDS = new Map<string, TransportErrorKind>(
  Object.entries({
    'AL-G-01': 'notRegistered',
    'AL-U-01': 'notRegistered',
    'AL-UN-01': 'forbidden',
    'AL-G-02': 'ended',
    'AL-MS-01': 'invalid',
    'AL-IN-01': 'invalid',
    MALICIOUS_CONTENT: 'invalid',
  } satisfies Record<WireErrorCode, TransportErrorKind>),
);

// The message is developer-facing (e.g. "Kommunicate timeout"); the UI words its own notice from the kind.
export const transportError = (kind: TransportErrorKind, details: TransportError['details'] = {}): TransportError =>
  new TransportError(kind, `Kommunicate ${kind}`, details);

/**
 * The error a response stands for, or null when it is a success. `needJson`: the caller needs JSON data, so a 2xx
 * answer that is not JSON is an error too. `details.code` is the errorCode, or the description of an error without
 * one (GROUP_EXISTS).
 */
export function responseError(facts: ResponseFacts, needJson: boolean): TransportError | null {
  const { status, body } = facts;
  const root = asObject(body);
  const failed = root?.status === 'error' || root?.errorCode !== undefined;
  const first = Array.isArray(root?.errorResponse) ? asObject(root.errorResponse[0]) : root;
  const code = text(first?.errorCode) ?? (failed ? text(first?.description) : null);
  const codeKind = code === null ? undefined : CODE_KINDS.get(code);
  if (status >= 200 && status < 300 && !failed) {
    return needJson && body === undefined ? transportError('invalid', { status }) : null;
  }
  const kind: TransportErrorKind = (status === 401 ? undefined : codeKind) ?? statusKind(status);
  return transportError(kind, errorDetails(kind, facts, code));
}
