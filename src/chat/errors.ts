import { isTransportError, TransportError, type TransportErrorKind } from '../transport/types';

/**
 * Why a message was not accepted for sending. `closed`: a choice (a reply button, a quick reply) that can no
 * longer be made: something came after its message, or the visitor chose already.
 */
export type RejectionReason = 'empty' | 'tooLong' | 'closed';

/** The longest text a transport takes unless it declares its own (`Capabilities.maxTextLength`). */
export const MAX_TEXT_LENGTH = 5_000;

/** Thrown by `send` for input that can never be sent; nothing was queued. */
export class MessageRejectedError extends Error {
  override name = 'MessageRejectedError';
  constructor(
    readonly reason: RejectionReason,
    maxLength = MAX_TEXT_LENGTH,
  ) {
    super(
      reason === 'tooLong'
        ? `The message is longer than ${maxLength} characters.`
        : reason === 'empty'
          ? 'The message is empty.'
          : 'The choice can no longer be made.',
    );
  }
}

export const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

/** Errors that go away by themselves: keep going, back off, show "reconnecting". */
const TRANSIENT: readonly TransportErrorKind[] = ['network', 'timeout', 'server', 'rateLimited'];
export const isTransient = ({ kind }: Pick<TransportError, 'kind'>): boolean => TRANSIENT.includes(kind);

/** A bug or a custom transport breaking the contract still reaches the UI as a typed error. */
export const asTransportError = (error: unknown): TransportError =>
  isTransportError(error) ? error : new TransportError('invalid', String(error), { cause: error });

/** The backend refused the visitor, or ended the conversation: asking again would not change the answer. */
const REFUSALS = ['unauthorized', 'forbidden', 'ended'] as const;
export const isRefusal = <E extends Pick<TransportError, 'kind'>>(
  error: E,
): error is E & { kind: (typeof REFUSALS)[number] } => (REFUSALS as readonly string[]).includes(error.kind);

export const resetError = (): DOMException => new DOMException('The conversation was reset.', 'AbortError');
export const cancelError = (): DOMException => new DOMException('Cancelled.', 'AbortError');

/** A TransportError as plain data, for the other tabs (a cloned Error loses its class, `kind` and `details`). */
export interface ErrorData {
  kind: TransportErrorKind;
  message: string;
  details: { status?: number; code?: string; retryAfterMs?: number };
}

/** Without `details.cause`, which need not survive cloning. */
export const errorData = ({ kind, message, details: { cause, ...details } }: TransportError): ErrorData => ({
  kind,
  message,
  details,
});

export const fromErrorData = ({ kind, message, details }: ErrorData): TransportError =>
  new TransportError(kind, message, details);
