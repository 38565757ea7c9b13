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

export const KOMMUNICATE_KEY = 'dev-kommunicate-key';

/**
 * A caller of the Kommunicate fake at `${url}${base}` acting as `userId`: the fake itself with the Api-Key
 * (default), or the proxy (`base: '/kommunicate-proxy', apiKey: null`).
 */
export function kommunicate(
  url: string,
  userId: string = newDeviceId(),
  { base = '/kommunicate', apiKey = KOMMUNICATE_KEY as string | null } = {},
) {
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { 'Of-User-Id': userId, ...headers } };
    if (apiKey !== null) (init.headers as Record<string, string>)['Api-Key'] = apiKey;
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${url}${base}${path}`, init);
    const text = await response.text();
    const json: Json = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null;
    return { response, status: response.status, json, text };
  };
  const create = (extra: Record<string, unknown> = {}) =>
    request('POST', '/rest/ws/group/conversation', {
      groupName: 'Support',
      groupMemberList: [userId],
      clientGroupId: `pc-${userId}`,
      ...extra,
    });
  return {
    userId,
    request,
    create,
    /** Creates the visitor's group and answers its id. */
    group: async () => (await create()).json.response.id as number,
    send: (groupId: number, message: string, extra: Record<string, unknown> = {}) =>
      request('POST', '/rest/ws/message/send', { type: 5, contentType: 0, message, groupId, source: 1, ...extra }),
    list: (groupId: number, params: Record<string, string | number> = {}) => {
      const query = new URLSearchParams({ groupId: String(groupId), startIndex: '0', pageSize: '50' });
      for (const [key, value] of Object.entries(params)) query.set(key, String(value));
      return request('GET', `/rest/ws/message/list?${query}`);
    },
    upload: (bytes: Uint8Array, type = 'image/png', name = 'photo.png') => {
      const form = new FormData();
      form.append('file', new Blob([bytes as BlobPart], { type }), name);
      return request('POST', '/rest/ws/upload/image?aclsPrivate=true', form);
    },
  };
}

/** The agent side of the Kommunicate fake: the seed's Api-Key routes. */
export function kommunicateAgent(url: string, agentId = 'agent-sam') {
  const request = (method: string, path: string, body?: unknown) =>
    fetch(`${url}/kommunicate${path}`, {
      method,
      headers: {
        'Api-Key': KOMMUNICATE_KEY,
        'Of-User-Id': agentId,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, json: (await response.json()) as Json }));
  return {
    agentId,
    send: (groupId: number, message: string, extra: Record<string, unknown> = {}) =>
      request('POST', '/rest/ws/message/v2/send', { groupId, message, fromUserName: agentId, ...extra }),
    status: (groupId: number, status: number) =>
      request('PATCH', `/rest/ws/group/status/change?groupId=${groupId}&status=${status}`),
    assign: (groupId: number, assignee = agentId) =>
      request('PATCH', `/rest/ws/group/assignee/change?groupId=${groupId}&assignee=${assignee}`),
  };
}
