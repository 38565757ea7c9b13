// Shared helpers of the dev-server tests: start a server on a random port, and a small visitor client.
import { afterEach } from 'vitest';
import { listen } from '../../demo/server/server.js';

type Listening = Awaited<ReturnType<typeof listen>>;
type Options = NonNullable<Parameters<typeof listen>[0]>;

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** Starts a dev server for this test; it is closed after the test. */
export async function startServer(options: Options = {}): Promise<Listening> {
  const server = await listen({ port: 0, debug: false, ...options });
  running.push(server);
  return server;
}

let counter = 0;
/** A fresh device id (at least 10 characters). */
export const newDeviceId = (): string => `test-device-${Date.now().toString(36)}-${++counter}`;

export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A visitor of the Parley API at `${url}/parley`. */
export function visitor(url: string, deviceId: string = newDeviceId()) {
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { UniqueAppDeviceID: deviceId, ...headers } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${url}/parley${path}`, init);
    const json: Json = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
    return { response, status: response.status, json };
  };
  return {
    deviceId,
    request,
    get: (path: string) => request('GET', path),
    post: (path: string, body?: unknown) => request('POST', path, body),
    register: () => request('POST', '/devices', { type: 3, referer: 'http://example.test/' }),
    send: (message: string) => request('POST', '/messages', { message }),
  };
}

/** JSON request to a non-Parley route of the dev server (`/webcare`, `/__control`). */
export async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** A 1×1 transparent PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export function imageForm(
  bytes: Uint8Array,
  type = 'image/png',
  name = 'photo.png',
  fields: Record<string, string> = {},
): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('image', new Blob([bytes as BlobPart], { type }), name);
  return form;
}
