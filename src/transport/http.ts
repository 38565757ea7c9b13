// What every adapter's requests share: the API base, identity and credentials only to its origin, a deadline under
// the caller's signal, uploads with progress, and the access-token retry after a 401. How an answer is read and
// which error it stands for is the backend's own (its http.ts and errors.ts).
import { asObject } from './narrow';
import {
  type AccessToken,
  isTransportError,
  type ProblemDetails,
  type RequestContext,
  TransportError,
  type TransportErrorKind,
} from './types';

export interface HttpOptions {
  /** Base URL of the backend's API (or of the site owner's proxy); absolute, or relative to `document.baseURI`. */
  apiUrl: string;
  /** A token, or a function called for the first request and again after a 401; its result is kept in between. */
  accessToken?: AccessToken;
  /** Extra request headers (e.g. for a proxy of the site owner); sent only to the API's origin. */
  headers?: Record<string, string>;
  /** Per request, in ms; default 15000. */
  timeoutMs?: number;
  /** Per image upload, in ms; default 120000. */
  uploadTimeoutMs?: number;
  /**
   * For tests and special hosts; defaults to globalThis.fetch (looked up at call time, not at creation).
   * Image uploads go through XMLHttpRequest instead, the one browser API that reports upload progress.
   */
  fetch?: typeof fetch;
}

/** What an answer must hold: JSON data, nothing in particular (any 2xx), the bytes of an image or file, or text. */
export type Expect = 'json' | 'none' | 'blob' | 'text';

/**
 * A failure of the request itself, alike for every backend: no answer in time, none at all, no token, no usable
 * `apiUrl`. What an answer means is the backend's (its errors.ts).
 */
const requestError = (kind: TransportErrorKind, details: TransportError['details'] = {}): TransportError =>
  new TransportError(kind, `Request ${kind}`, details);

/** What a backend's read() took from an error answer. `body` is the parsed JSON, or undefined when it was not JSON. */
export interface ResponseFacts {
  status: number;
  headers: Headers;
  body: unknown;
}

/** The kinds of the HTTP statuses that mean the same on every backend (a backend's own code comes first). */
const STATUS_KINDS: Readonly<Record<number, TransportErrorKind>> = {
  401: 'unauthorized',
  403: 'forbidden',
  413: 'tooLarge',
  429: 'rateLimited',
};

/** The kind an HTTP error status stands for when the backend's own code says nothing. */
export const statusKind = (status: number): TransportErrorKind =>
  STATUS_KINDS[status] ?? (status >= 400 && status < 500 ? 'invalid' : 'server');

const PROBLEM_MEMBERS = { type: 'string', title: 'string', status: 'number', detail: 'string', instance: 'string' };

/** The RFC 7807 members of an `application/problem+json` body; undefined for any other answer. */
function problemDetails({ headers, body }: ResponseFacts): ProblemDetails | undefined {
  const root = asObject(body);
  if (!root || !/^application\/problem\+json/i.test(headers.get('Content-Type') ?? '')) return;
  // The body's own members only; a name such as "toString" finds a function in PROBLEM_MEMBERS, never a type.
  const members: Readonly<Record<string, unknown>> = PROBLEM_MEMBERS;
  return Object.fromEntries(Object.entries(root).filter(([name, value]) => members[name] === typeof value));
}

/** The details of an error answer on every backend: its status, the backend's code, a 429's wait, problem details. */
export function errorDetails(kind: TransportErrorKind, facts: ResponseFacts, code: string | null) {
  const details: TransportError['details'] = { status: facts.status };
  if (code !== null) details.code = code;
  const wait = kind === 'rateLimited' ? retryAfterMs(facts.headers.get('Retry-After')) : undefined;
  if (wait !== undefined) details.retryAfterMs = wait;
  const problem = problemDetails(facts);
  if (problem) details.problem = problem;
  return details;
}

/** A backend's reading of an answer: its data, or the TransportError it stands for (thrown). */
export type Read = (response: Response, expect: Expect) => Promise<unknown>;

/** `Retry-After` as delay-seconds or an HTTP-date, in milliseconds from `now`. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  const header = value?.trim() ?? '';
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  // Date.parse reads nearly anything ("-5" is a year): an HTTP-date always names its month.
  return /[a-z]/i.test(header) && Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** A fetch that threw without an abort: DNS, offline, CORS refusal, a reset connection. */
export const thrownError = (cause: unknown): TransportError =>
  cause instanceof TransportError ? cause : requestError('network', { cause });

/** The text as JSON; undefined when it is not JSON. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * Runs `run` under a timeout and the caller's signal, without AbortSignal.any/timeout (old WebViews lack them).
 * Cancelling is not a failure: the caller's abort rejects with its own reason (an AbortError), never a
 * TransportError. Neither waits for `run`, so a fetch that ignores its signal cannot hang the session.
 */
function withDeadline<T>(
  outer: AbortSignal | undefined,
  ms: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    const stop = (reason: unknown) => {
      reject(reason);
      controller.abort(reason);
    };
    const onAbort = () => stop(outer!.reason ?? new DOMException('Aborted', 'AbortError'));
    // Cancelled already: reject without calling `run`.
    if (outer?.aborted) return onAbort();
    const timer = setTimeout(() => stop(requestError('timeout')), ms);
    outer?.addEventListener('abort', onAbort);
    run(controller.signal)
      .then(resolve, (cause: unknown) => reject(thrownError(cause)))
      .finally(() => {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onAbort);
      });
  });
}

interface Init {
  method: string;
  headers: Record<string, string>;
  body: FormData;
  signal: AbortSignal;
}

/** An upload with progress; the answer becomes a Response, so that it is checked like every other. */
function upload(url: string, init: Init, onProgress?: (fraction: number) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(init.method, url);
    for (const [name, value] of Object.entries(init.headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'blob';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onload = () => {
      const headers = new Headers();
      for (const name of ['Content-Type', 'Retry-After']) {
        const value = xhr.getResponseHeader(name);
        if (value) headers.set(name, value);
      }
      try {
        resolve(new Response(xhr.response as Blob, { status: xhr.status, headers }));
      } catch (error) {
        reject(error); // a status a Response cannot have: no answer worth reading
      }
    };
    xhr.onerror = () => reject(new TypeError('Upload failed'));
    init.signal.addEventListener('abort', () => xhr.abort());
    xhr.send(init.body);
  });
}

/** The bearer token: a string, or a token function's answer, kept until `forget()`. An empty token means none. */
function bearerToken(source: AccessToken | undefined) {
  /** A failed call is not kept, so the next request asks again. */
  let kept: Promise<string> | undefined;
  return {
    async get(): Promise<string | undefined> {
      if (typeof source !== 'function') return source;
      const pending = (kept ??= Promise.resolve().then(source));
      try {
        return await pending;
      } catch (cause) {
        if (kept === pending) kept = undefined;
        throw requestError('unauthorized', { cause });
      }
    },
    forget: () => void (kept = undefined),
  };
}

/** The API base as an absolute URL without a trailing slash; a relative `apiUrl` is resolved like a link. */
function apiBase(apiUrl: string): string {
  try {
    return new URL(apiUrl, globalThis.document?.baseURI ?? globalThis.location?.href).href.replace(/\/+$/, '');
  } catch (cause) {
    throw requestError('invalid', { cause });
  }
}

/** `identity`: the request header that carries `RequestContext.deviceId`. */
export function createHttp(options: HttpOptions, identity: string, read: Read) {
  const source = options.accessToken;
  const token = bearerToken(source);

  /** `url`: a path below the API base (`/messages`) or an absolute URL. */
  async function attempt(
    ctx: RequestContext,
    url: string,
    method = 'GET',
    body?: FormData | object,
    expect: Expect = 'json',
    onProgress?: (fraction: number) => void,
  ) {
    const base = apiBase(options.apiUrl);
    const target = url.startsWith('/') ? base + url : url;
    // Identity and credentials go only to the API's own origin, never to a foreign URL found in a message.
    const own = new URL(target).origin === new URL(base).origin;
    const form = body instanceof FormData ? body : null;
    // A blob is an image or any file; the JSON is the backend's error.
    const headers: Record<string, string> = { Accept: `${expect === 'blob' ? '*/*, ' : ''}application/json` };
    if (own) {
      Object.assign(headers, options.headers, { [identity]: ctx.deviceId });
      const bearer = await token.get();
      if (bearer) headers.Authorization = `Bearer ${bearer}`;
    }
    if (body && !form) headers['Content-Type'] = 'application/json';
    const timeout = form ? (options.uploadTimeoutMs ?? 120_000) : (options.timeoutMs ?? 15_000);
    return withDeadline(ctx.signal, timeout, async (signal) =>
      read(
        form
          ? await upload(target, { method, headers, body: form, signal }, onProgress)
          : // Looked up at call time so that a fetch installed after creation (a test, a polyfill) is used.
            await (options.fetch ?? globalThis.fetch).call(globalThis, target, {
              method,
              headers,
              body: body && JSON.stringify(body),
              signal,
            }),
        expect,
      ),
    );
  }

  return async function request(...args: Parameters<typeof attempt>) {
    try {
      return await attempt(...args);
    } catch (error) {
      // A 401 may mean an expired token: ask the host page once more. A token function that failed has no HTTP
      // status: asking again at once would not help.
      if (
        !isTransportError(error) ||
        error.kind !== 'unauthorized' ||
        !error.details.status ||
        typeof source !== 'function'
      )
        throw error;
      token.forget();
      return attempt(...args);
    }
  };
}
