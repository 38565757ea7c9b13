import { describe, expect, it } from 'vitest';
import { responseError, retryAfterMs, thrownError } from '../../../src/transport/parley/errors';
import { TransportError } from '../../../src/transport/types';
import { envelope, GATEWAY_ERROR, parleyError, REGISTER_ANSWER } from './fixtures';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  body,
  json: body !== undefined,
});
const kindOf = (status: number, body?: unknown) => responseError(answer(status, body), true)?.kind;

describe('responseError', () => {
  it('reads the gateway shape (502 + nested envelope)', () => {
    const error = responseError(answer(502, GATEWAY_ERROR), true);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'notRegistered', details: { status: 502, code: 'device_not_registered' } });
  });

  it("reads Parley's own shape with any status, even 200", () => {
    for (const status of [200, 400, 404, 500]) {
      expect(responseError(answer(status, parleyError('device_not_registered')), true)).toMatchObject({
        kind: 'notRegistered',
        details: { status, code: 'device_not_registered' },
      });
    }
  });

  it('maps notification codes to kinds, whatever the status', () => {
    const codes = {
      device_requires_authorization: 'unauthorized',
      authentication_required: 'unauthorized',
      authentication_not_valid: 'unauthorized',
      authentication_expired: 'unauthorized',
      api_key_not_valid: 'forbidden',
      media_too_large: 'tooLarge',
      invalid_media_type: 'invalid',
      missing_media: 'invalid',
      could_not_save_media: 'server',
    };
    for (const [code, kind] of Object.entries(codes)) {
      expect(kindOf(400, parleyError(code))).toBe(kind);
      expect(kindOf(200, parleyError(code))).toBe(kind);
    }
    expect(kindOf(400, parleyError('toString'))).toBe('invalid');
    expect(kindOf(200, parleyError('something_new'))).toBe('server');
  });

  it('maps each HTTP status to a kind when there is no known code', () => {
    const statuses = {
      400: 'invalid',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'invalid',
      405: 'invalid',
      412: 'invalid',
      413: 'tooLarge',
      422: 'invalid',
      429: 'rateLimited',
      500: 'server',
      502: 'server',
      503: 'server',
    };
    for (const [status, kind] of Object.entries(statuses)) {
      expect(kindOf(Number(status))).toBe(kind);
      expect(kindOf(Number(status), { error: { status: 'x' } })).toBe(kind);
    }
  });

  it('passes successes, and refuses a non-JSON 2xx only where JSON is needed', () => {
    expect(responseError(answer(200, REGISTER_ANSWER), true)).toBeNull();
    expect(responseError(answer(201, envelope({ messageId: 1 })), true)).toBeNull();
    expect(responseError(answer(200, undefined), false)).toBeNull();
    expect(responseError(answer(200, undefined), true)).toMatchObject({ kind: 'invalid', details: { status: 200 } });
  });

  it('keeps a success envelope with a non-error notification a success', () => {
    const body = { ...REGISTER_ANSWER, notifications: [{ type: 'warning', message: 'something' }] };
    expect(responseError(answer(200, body), true)).toBeNull();
  });

  it('adds retryAfterMs to rateLimited from Retry-After', () => {
    expect(responseError(answer(429, undefined, { 'Retry-After': '7' }), true)?.details.retryAfterMs).toBe(7000);
    expect(responseError(answer(429, undefined), true)?.details.retryAfterMs).toBeUndefined();
  });

  it('gives short English messages', () => {
    expect(responseError(answer(503, undefined), true)?.message).toMatch(/^[A-Z][\w\s().]+$/);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');
  it('reads seconds', () => expect(retryAfterMs(' 120 ', now)).toBe(120_000));
  it('reads an HTTP-date', () => expect(retryAfterMs('Wed, 01 May 2024 10:00:30 GMT', now)).toBe(30_000));
  it('never goes negative', () => expect(retryAfterMs('Wed, 01 May 2024 09:00:00 GMT', now)).toBe(0));
  it('ignores garbage', () => {
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('-5', now)).toBeUndefined();
  });
});

describe('problem details (RFC 7807)', () => {
  const problem = {
    type: 'https://example.com/probs/out-of-credit',
    title: 'You do not have enough credit.',
    status: 403,
    detail: 'Your current balance is 30, but that costs 50.',
    instance: '/account/12345/msgs/abc',
  };
  const PROBLEM = { 'Content-Type': 'application/problem+json; charset=utf-8' };

  it('carries the standard members of an application/problem+json answer for developers', () => {
    expect(responseError(answer(403, problem, PROBLEM), true)).toMatchObject({
      kind: 'forbidden',
      details: { problem },
    });
  });
  it('keeps only members of the right type, and no extension members', () => {
    const hostile = { title: { toString: 'x' }, status: '403', detail: 'd', balance: 30, __proto__: { type: 'x' } };
    expect(responseError(answer(400, hostile, PROBLEM), true)?.details.problem).toEqual({ detail: 'd' });
  });
  it('has none for a plain JSON error', () => {
    expect(responseError(answer(403, problem), true)?.details.problem).toBeUndefined();
  });
});

describe('thrownError', () => {
  it('turns a fetch failure into network, keeping the cause', () => {
    const cause = new TypeError('Failed to fetch');
    expect(thrownError(cause)).toMatchObject({ kind: 'network', details: { cause } });
  });
  it('passes a TransportError through', () => {
    const error = new TransportError('tooLarge', 'x');
    expect(thrownError(error)).toBe(error);
  });
});
