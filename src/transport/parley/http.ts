// One request to the Parley API: URL, headers, body, a timeout, the 401 retry, and the answer checked for errors.
import { isTransportError, type AccessToken, type RequestContext } from '../types';
import { responseError, thrownError, transportError } from './errors';

export interface ParleyTransportOptions {
  /** Base URL of the Secure Messenger API; absolute, or relative to `document.baseURI`. */
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

/** What an answer must hold: JSON data, nothing in particular (any 2xx), or the bytes of an image. */
export type Expect = 'json' | 'none' | 'blob';

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
    const timer = setTimeout(() => stop(transportError('timeout')), ms);
    outer?.addEventListener('abort', onAbort);
    run(controller.signal)
      .then(resolve, (error: unknown) => reject(thrownError(error)))
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

async function read(response: Response, expect: Expect): Promise<unknown> {
  const { status, headers } = response;
  if (expect === 'blob' && response.ok && !/json/i.test(headers.get('Content-Type') ?? '')) return response.blob();
  const raw = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    // Not JSON: body stays undefined.
  }
  const error = responseError({ status, headers, body }, expect !== 'none');
  // A JSON answer is not an image.
  if (error || expect === 'blob') throw error ?? transportError('invalid', { status });
  return body;
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
        throw transportError('unauthorized', { cause });
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
    throw transportError('invalid', { cause });
  }
}

export function createHttp(options: ParleyTransportOptions) {
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
    const headers: Record<string, string> = { Accept: `${expect === 'blob' ? 'image/*, ' : ''}application/json` };
    if (own) {
      Object.assign(headers, options.headers, { UniqueAppDeviceID: ctx.deviceId });
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
      // A 401 (or device_requires_authorization) may mean an expired token: ask the host page once more.
      // A token function that failed has no HTTP status: asking again at once would not help.
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
