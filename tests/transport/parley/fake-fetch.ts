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
