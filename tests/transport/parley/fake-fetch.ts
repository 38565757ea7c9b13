// A recording fake of fetch: each call takes the next reply (the last one repeats).
import { vi } from 'vitest';

export interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: BodyInit | null | undefined;
  signal: AbortSignal | null | undefined;
}

export type Reply = (call: Call) => Response | Promise<Response>;

export const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Reply =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

export const raw =
  (body: string | Blob, status = 200, headers: Record<string, string> = {}): Reply =>
  () =>
    new Response(body, { status, headers });

/** Never answers, but rejects with the signal's reason when aborted, like a real fetch. */
export const hang: Reply = ({ signal }) =>
  new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));

export function fakeFetch(...replies: Reply[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const call: Call = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body,
      signal: init.signal,
    };
    calls.push(call);
    const reply = replies.length > 1 ? replies.shift() : replies[0];
    if (!reply) throw new Error('fakeFetch: no reply');
    return reply(call);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, spy: fetch };
}

/**
 * An XMLHttpRequest (the transport uploads through it, for progress) that hands each request to a fetch, so an
 * upload is recorded and answered like any other call. It reports upload progress as `progress` says.
 */
export function xhrOver(
  fetch: typeof globalThis.fetch,
  progress: [loaded: number, total: number][] = [
    [50, 100],
    [100, 100],
  ],
) {
  return class FakeXMLHttpRequest {
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
      onprogress: null,
    };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    responseType = '';
    status = 0;
    response: Blob | null = null;
    private method = 'GET';
    private url = '';
    private headers: Record<string, string> = {};
    private answer: Response | null = null;
    private controller = new AbortController();

    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    getResponseHeader(name: string) {
      return this.answer?.headers.get(name) ?? null;
    }
    abort() {
      this.controller.abort(new DOMException('Aborted', 'AbortError'));
    }
    send(body: FormData) {
      for (const [loaded, total] of progress) this.upload.onprogress?.({ lengthComputable: true, loaded, total });
      fetch(this.url, { method: this.method, headers: this.headers, body, signal: this.controller.signal }).then(
        async (answer) => {
          this.answer = answer;
          this.status = answer.status;
          this.response = await answer.blob();
          this.onload?.();
        },
        () => this.onerror?.(),
      );
    }
  };
}
