import { describe, expect, it } from 'vitest';
import { GROUP_EXISTS, responseError } from '../../../src/transport/kommunicate/errors';
import { kError, SEND_ANSWER, success } from './fixtures';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  body,
});

describe('responseError', () => {
  it('is null for a success, bare or in the envelope', () => {
    expect(responseError(answer(200, success({ id: 1 })), true)).toBeNull();
    expect(responseError(answer(200, SEND_ANSWER), true)).toBeNull();
    expect(responseError(answer(204, undefined), false)).toBeNull();
  });

  it('needs JSON where the caller does', () => {
    expect(responseError(answer(200, undefined), true)).toMatchObject({ kind: 'invalid', details: { status: 200 } });
  });

  it('maps the envelope codes on any status', () => {
    const cases: [string, string][] = [
      ['AL-G-01', 'notRegistered'],
      ['AL-U-01', 'notRegistered'],
      ['AL-UN-01', 'forbidden'],
      ['AL-G-02', 'ended'],
      ['AL-MS-01', 'invalid'],
      ['AL-IN-01', 'invalid'],
    ];
    for (const [code, kind] of cases) {
      for (const status of [200, 400, 403, 500]) {
        expect(responseError(answer(status, kError(code)), true), `${code} ${status}`).toMatchObject({
          kind,
          details: { status, code },
        });
      }
    }
  });

  it("reads the upload's bare errorCode", () => {
    expect(responseError(answer(200, { errorCode: 'MALICIOUS_CONTENT' }), true)).toMatchObject({
      kind: 'invalid',
      details: { code: 'MALICIOUS_CONTENT' },
    });
  });

  it('gives an error without a code its description as the code: a reused clientGroupId', () => {
    expect(responseError(answer(200, kError(null, GROUP_EXISTS)), true)).toMatchObject({
      kind: 'server',
      details: { code: GROUP_EXISTS },
    });
  });

  it('a 401 is unauthorized whatever the body says (a bad key answers AL-UN-01)', () => {
    expect(responseError(answer(401, kError('AL-UN-01')), true)).toMatchObject({ kind: 'unauthorized' });
    expect(responseError(answer(401, undefined), true)).toMatchObject({ kind: 'unauthorized' });
  });

  it('maps HTTP statuses without a known code', () => {
    const cases: [number, string][] = [
      [403, 'forbidden'],
      [413, 'tooLarge'],
      [404, 'invalid'],
      [400, 'invalid'],
      [500, 'server'],
      [502, 'server'],
      [504, 'server'],
    ];
    for (const [status, kind] of cases) {
      expect(responseError(answer(status, kError('UPSTREAM_FAILED')), true), String(status)).toMatchObject({ kind });
      expect(responseError(answer(status, '<html>'), false), String(status)).toMatchObject({ kind });
    }
    expect(responseError(answer(413, kError('FILE_TOO_LARGE')), true)).toMatchObject({ kind: 'tooLarge' });
  });

  it('adds retryAfterMs to rateLimited', () => {
    expect(responseError(answer(429, kError('TOO_MANY_REQUESTS'), { 'Retry-After': '2' }), true)).toMatchObject({
      kind: 'rateLimited',
      details: { retryAfterMs: 2000 },
    });
    expect(responseError(answer(429, undefined), true)?.details.retryAfterMs).toBeUndefined();
  });

  it('does not find a code on the prototype, nor trust a hostile envelope', () => {
    expect(responseError(answer(200, kError('toString')), true)).toMatchObject({ kind: 'server' });
    expect(responseError(answer(200, { status: 'error', errorResponse: 'x' }), true)).toMatchObject({ kind: 'server' });
    expect(responseError(answer(200, { status: 'error', errorResponse: [null, 5] }), true)).toMatchObject({
      kind: 'server',
    });
  });

  it('gives short English messages', () => {
    expect(responseError(answer(503, undefined), true)?.message).toBe('Kommunicate server');
  });

  it("carries RFC 7807 problem details, e.g. from the site owner's proxy", () => {
    const problem = { title: 'Visitor not allowed', status: 403 };
    const error = responseError(answer(403, problem, { 'Content-Type': 'application/problem+json' }), true);
    expect(error).toMatchObject({ kind: 'forbidden', details: { status: 403, problem } });
  });
});
