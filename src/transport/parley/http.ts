// One request to the Parley API: URL, headers, body, timeout, the 401 retry, and the response checked for errors.
import { isTransportError, type RequestContext } from '../types';
import { withDeadline } from './deadline';
import { responseError, transportError, type ResponseFacts } from './errors';
import { tokenSource, type AccessToken } from './token';

export interface ParleyTransportOptions {
  /** Base URL of the Secure Messenger API; absolute, or relative to `document.baseURI`. */
  apiUrl: string;
  /** A token, or a function the transport calls for the first request and again after a 401; its result is kept in between. */
  accessToken?: AccessToken;
  /** Extra request headers (e.g. for a proxy of the site owner); sent only to the API's origin. */
  headers?: Record<string, string>;
  /** Per request, in ms; default 15000. */
  timeoutMs?: number;
  /** Per image upload, in ms; default 120000. */
  uploadTimeoutMs?: number;
  /** For tests and special hosts; defaults to globalThis.fetch (looked up at call time, not at creation). */
  fetch?: typeof fetch;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** A path below the API base (`/messages`), or an absolute URL. */
  url: string;
  body?: FormData | Record<string, unknown>;
}

/** What a response must hold: the JSON data, nothing in particular (any 2xx), or bytes. */
type Expect = 'json' | 'none' | 'blob';

/** The API base as an absolute URL without a trailing slash; a relative `apiUrl` is resolved like a link. */
export function apiBase(apiUrl: string): string {
  const page = typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href;
  try {
    return new URL(apiUrl, page).href.replace(/\/+$/, '');
  } catch (cause) {
    throw transportError('invalid', { cause }, `Invalid Parley apiUrl: ${apiUrl}`);
  }
}

async function facts(response: Response): Promise<ResponseFacts> {
  const { status, headers } = response;
  const raw = await response.text();
  try {
    return { status, headers, body: JSON.parse(raw) as unknown, json: true };
  } catch {
    return { status, headers, body: undefined, json: false };
  }
}

async function read(response: Response, expect: Expect): Promise<unknown> {
  if (expect === 'blob' && response.ok && !/json/i.test(response.headers.get('Content-Type') ?? '')) {
    return response.blob();
  }
  const answer = await facts(response);
  const error = responseError(answer, expect !== 'none');
  if (error) throw error;
  // A JSON answer is not an image.
  if (expect === 'blob') throw transportError('invalid', { status: answer.status });
  return answer.body;
}

export function createHttp(options: ParleyTransportOptions) {
  const tokens = tokenSource(options.accessToken);

  async function attempt(ctx: RequestContext, spec: RequestSpec, expect: Expect, token: string | undefined) {
    const base = apiBase(options.apiUrl);
    const url = spec.url.startsWith('/') ? base + spec.url : spec.url;
    // Identity and credentials go only to the API's own origin, never to a foreign URL found in a message.
    const own = new URL(url).origin === new URL(base).origin;
    const headers: Record<string, string> = {
      Accept: expect === 'blob' ? 'image/*, application/json' : 'application/json',
      ...(own && options.headers),
    };
    if (own) headers.UniqueAppDeviceID = ctx.deviceId;
    if (own && token) headers.Authorization = `Bearer ${token}`;
    const upload = spec.body instanceof FormData;
    let body: BodyInit | undefined = upload ? (spec.body as FormData) : undefined;
    if (spec.body && !upload) {
      body = JSON.stringify(spec.body);
      headers['Content-Type'] = 'application/json';
    }
    const timeoutMs = upload ? (options.uploadTimeoutMs ?? 120_000) : (options.timeoutMs ?? 15_000);
    return withDeadline(ctx.signal, timeoutMs, async (signal) => {
      // Looked up at call time so that a fetch installed after creation (a test, a polyfill) is used.
      const fetchFn = options.fetch ?? globalThis.fetch;
      const response = await fetchFn.call(globalThis, url, { method: spec.method, headers, body, signal });
      return read(response, expect);
    });
  }

  async function request(ctx: RequestContext, spec: RequestSpec, expect: Expect): Promise<unknown> {
    const pending = tokens.get();
    try {
      return await attempt(ctx, spec, expect, await pending);
    } catch (error) {
      // A 401 (or device_requires_authorization) may mean an expired token: ask the host page once more.
      // A token function that failed has no HTTP status: asking it again at once would not help.
      const refused = isTransportError(error) && error.kind === 'unauthorized' && error.details.status !== undefined;
      if (!refused || !tokens.renewable) throw error;
      return attempt(ctx, spec, expect, await tokens.renew(pending));
    }
  }

  return {
    json: (ctx: RequestContext, spec: RequestSpec) => request(ctx, spec, 'json'),
    none: async (ctx: RequestContext, spec: RequestSpec) => void (await request(ctx, spec, 'none')),
    blob: async (ctx: RequestContext, spec: RequestSpec) => (await request(ctx, spec, 'blob')) as Blob,
    base: () => apiBase(options.apiUrl),
  };
}
