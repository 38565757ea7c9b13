// The two backends the browser tests run against, described by what the tests need of them: the test page (script
// and api-url), how the agent answers and how history is seeded, which requests are which in the server's log,
// and the fault rules' paths. Parley: the dev server's `/parley`, the chunked script-tag build. Kommunicate: the
// dev server's fake at `/kommunicate` (its own statistics, `?api=kommunicate`), reached by the widget through the
// example proxy at `/kommunicate-proxy`, with the Kommunicate build (split like Parley's).
import { describe } from 'vitest';
import { agent, api, baseUrl, control, type FaultRule, type RequestRecord, type ServerMessage } from './browser';

export type BackendName = 'parley' | 'kommunicate';

interface KommunicateLine {
  id: string;
  backend: string;
  groupId?: number;
  visitor?: string;
}

export interface Backend {
  name: BackendName;
  /** The script-tag build the test pages load (the split one: a loader and its chunks). */
  script: string;
  /** Where its chunks are, below the site. */
  chunks: string;
  /** The largest image the backend takes (its transport's `capabilities.maxImageBytes`). */
  maxImageBytes: number;
  /** The element's `api-url`. */
  apiUrl: string;
  /** The demo page that embeds this backend's build under the demo's strict CSP. */
  homePage: string;
  /** The panel's title once the chat has loaded (Parley: the account config's name). */
  title: string;
  /** The page path prefix of the widget's own API requests (as the page's probe records them). */
  pagePrefix: string;
  /** `<parley-chat api-url=…>` with more attributes. */
  element(attributes?: string): string;
  /** This API's requests since the last reset, oldest first (paths below the mount). */
  requests(limit?: number): Promise<RequestRecord[]>;
  /** Visitor texts stored on this backend, by text. */
  messagesByText(): Promise<Record<string, number>>;
  /** Adds fault rules for this API only. */
  fault(rule: FaultRule | FaultRule[]): Promise<unknown>;
  /** Fault paths (regular expressions, below the mount). */
  paths: { send: string; list: string; upload: string };
  isSend(r: RequestRecord): boolean;
  /** The latest page or a newer one: a poll. */
  isPoll(r: RequestRecord): boolean;
  /** The first page of a conversation (no cursor). */
  isLatest(r: RequestRecord): boolean;
  isOlder(r: RequestRecord): boolean;
  isRegistration(r: RequestRecord): boolean;
  /** The image upload (Parley: the message post itself, multipart). */
  isUpload(r: RequestRecord): boolean;
  /** A request the widget makes for an image to show. */
  isImageFetch(r: RequestRecord): boolean;
  /** A page-side request (path on the page's origin) that polls or loads messages. */
  isPagePoll(path: string): boolean;
  /** The visitors (device ids) with a conversation on this backend. */
  visitors(): Promise<string[]>;
  results(deviceId: string): Promise<ServerMessage[]>;
  /** The agent answers the visitor's message `question` (text); returns the reply's id. */
  reply(deviceId: string, question: string, text: string, agentName?: string): Promise<number>;
  /** The agent sends an image into the visitor's conversation; returns its stored ref. */
  replyImage(deviceId: string, bytes: Uint8Array, options?: { agentName?: string }): Promise<string>;
  seed(
    deviceId: string,
    count: number,
    options?: { from?: 'user' | 'agent'; start?: number; prefix?: string },
  ): Promise<{ count: number; firstId: number; lastId: number }>;
  /** What a stored visitor image's ref looks like (`extension`: a regular expression's source). */
  imageRef(extension: string): RegExp;
  /** The `src` of a shown image the agent sent. */
  agentImageSrc: RegExp;
  /** A fault path that makes the image with this ref unavailable to the page. */
  imageFaultPath(ref: string): string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pathOf = (r: RequestRecord) => r.path.split('?')[0]!;
const queryOf = (r: RequestRecord) => new URLSearchParams(r.path.split('?')[1] ?? '');

export const parley: Backend = {
  name: 'parley',
  script: '/dist/parley-chat.js',
  chunks: '/dist/parley-chat',
  maxImageBytes: 10_000_000,
  apiUrl: '/parley',
  homePage: '/',
  title: 'Parley Demo',
  pagePrefix: '/parley',
  element: (attributes = '') => `<parley-chat api-url="/parley" ${attributes}></parley-chat>`,
  requests: (limit = 1000) => control.requests(limit, 'parley'),
  messagesByText: async () => (await control.stats('parley')).messagesByText,
  fault: (rule) => control.fault(withApi(rule, 'parley')),
  paths: { send: '^/messages$', list: '^/messages', upload: '^/messages$' },
  isSend: (r) => r.method === 'POST' && r.path === '/messages',
  isPoll: (r) => r.method === 'GET' && /^\/messages(\/after:|$|\?)/.test(r.path),
  isLatest: (r) => r.method === 'GET' && r.path === '/messages',
  isOlder: (r) => r.method === 'GET' && r.path.startsWith('/messages/before:'),
  isRegistration: (r) => r.method === 'POST' && r.path === '/devices',
  isUpload: (r) => r.method === 'POST' && r.path === '/messages' && /^multipart\//i.test(r.contentType ?? ''),
  isImageFetch: (r) => r.method === 'GET' && r.path.startsWith('/media/'),
  isPagePoll: (path) => /^\/parley\/messages(\/after:|$)/.test(path),
  visitors: async () => (await agent.conversations()).filter((c) => backendOf(c) === 'parley').map((c) => c.id),
  results: (deviceId) => agent.results(deviceId),
  reply: async (deviceId, question, text, agentName) =>
    agent.reply(await agent.resultId(deviceId, question), text, agentName),
  async replyImage(deviceId, bytes, options = {}) {
    const id = await agent.replyImage(deviceId, bytes, options);
    return refOf(await agent.results(deviceId), id);
  },
  seed: (deviceId, count, options) => agent.seed(deviceId, count, options),
  imageRef: (extension) => new RegExp(`^media/\\d+/[0-9a-f]+\\.${extension}$`),
  agentImageSrc: /^blob:/,
  imageFaultPath: (ref) => `^/${escapeRegExp(ref)}$`,
};

/** The group of the visitor's Kommunicate conversation (the agent console's list of all, also without messages). */
async function groupOf(deviceId: string): Promise<number> {
  const lines = (await api<{ data: KommunicateLine[] }>('GET', '/webcare/conversations?all=1')).data;
  const line = lines.find((c) => c.backend === 'kommunicate' && c.visitor === deviceId);
  if (!line?.groupId) throw new Error(`no Kommunicate conversation for ${deviceId}`);
  return line.groupId;
}

const kommunicateResults = async (deviceId: string) =>
  (await api<{ data: ServerMessage[] }>('GET', `/webcare/kommunicate/${await groupOf(deviceId)}/results`)).data;

const isList = (r: RequestRecord) => r.method === 'GET' && pathOf(r) === '/rest/ws/message/list';

export const kommunicate: Backend = {
  name: 'kommunicate',
  script: '/dist/kommunicate/parley-chat.js',
  chunks: '/dist/kommunicate/parley-chat',
  maxImageBytes: 25 * 1024 * 1024,
  apiUrl: `${baseUrl}/kommunicate-proxy`,
  homePage: '/kommunicate.html',
  // Kommunicate has no account config: the widget's own title.
  title: 'Chat',
  pagePrefix: '/kommunicate-proxy',
  element: (attributes = '') => `<parley-chat api-url="${baseUrl}/kommunicate-proxy" ${attributes}></parley-chat>`,
  requests: (limit = 1000) => control.requests(limit, 'kommunicate'),
  messagesByText: async () => (await control.stats('kommunicate')).messagesByText,
  fault: (rule) => control.fault(withApi(rule, 'kommunicate')),
  paths: { send: '^/rest/ws/message/send$', list: '^/rest/ws/message/list', upload: '^/rest/ws/upload/image$' },
  isSend: (r) => r.method === 'POST' && pathOf(r) === '/rest/ws/message/send',
  // A list with an endTime and no startTime is an older page; every other one is the latest or a newer page.
  isPoll: (r) => isList(r) && !(queryOf(r).has('endTime') && !queryOf(r).has('startTime')),
  isLatest: (r) => isList(r) && !queryOf(r).has('endTime') && !queryOf(r).has('startTime'),
  isOlder: (r) => isList(r) && queryOf(r).has('endTime') && !queryOf(r).has('startTime'),
  isRegistration: (r) => r.method === 'POST' && pathOf(r) === '/rest/ws/group/conversation',
  isUpload: (r) => r.method === 'POST' && pathOf(r) === '/rest/ws/upload/image',
  isImageFetch: (r) => r.method === 'GET' && pathOf(r) === '/rest/ws/file/url',
  isPagePoll: (path) => path === '/kommunicate-proxy/rest/ws/message/list',
  visitors: async () =>
    ((await agent.conversations()) as unknown as KommunicateLine[])
      .filter((c) => c.backend === 'kommunicate')
      .map((c) => c.visitor ?? ''),
  results: kommunicateResults,
  async reply(deviceId, question, text, agentName) {
    const found = (await kommunicateResults(deviceId)).find((m) => m.typeId === 1 && m.message === question);
    if (!found) throw new Error(`no visitor message "${question}" on the server for ${deviceId}`);
    const body = agentName ? { message: text, agentName } : { message: text };
    const path = `/webcare/kommunicate/${await groupOf(deviceId)}/replies`;
    return (await api<{ data: { id: number } }>('POST', path, body)).data.id;
  },
  async replyImage(deviceId, bytes, options = {}) {
    const form = new FormData();
    if (options.agentName) form.append('agentName', options.agentName);
    form.append('image', new Blob([bytes as BlobPart], { type: 'image/png' }), 'image.png');
    const url = `${baseUrl}/webcare/kommunicate/${await groupOf(deviceId)}/replies`;
    const response = await fetch(url, { method: 'POST', body: form });
    const json = (await response.json()) as { data: { id: number } | null };
    if (!response.ok || !json.data) throw new Error(`POST replies (image): ${response.status} ${JSON.stringify(json)}`);
    return refOf(await kommunicateResults(deviceId), json.data.id);
  },
  seed: async (deviceId, count, options = {}) =>
    (
      await api<{ data: { count: number; firstId: number; lastId: number } }>(
        'POST',
        `/webcare/kommunicate/visitors/${encodeURIComponent(deviceId)}/seed`,
        { count, ...options },
      )
    ).data,
  // The fake keeps no file extension in a ref; the tests check the stored content type where it matters.
  imageRef: () => /^kommunicate\/files\/[0-9a-f-]{36}$/,
  // A signed URL of the fake's file route, given to the page as it is (no blob).
  agentImageSrc: /^https?:\/\/[^/]+\/kommunicate\/files\/[0-9a-f-]{36}\?/,
  // The page loads the signed URL itself: that request fails.
  imageFaultPath: (ref) => `^/files/${escapeRegExp(ref.replace(/^kommunicate\/files\//, ''))}$`,
};

export const BACKENDS: readonly Backend[] = [parley, kommunicate];

function backendOf(line: { backend?: string }): string {
  return line.backend ?? 'parley';
}

function withApi(rule: FaultRule | FaultRule[], name: BackendName) {
  return Array.isArray(rule) ? rule.map((r) => ({ ...r, api: name })) : { ...rule, api: name };
}

function refOf(results: ServerMessage[], id: number): string {
  const ref = results.find((m) => m.id === id)?.image;
  if (!ref) throw new Error(`no image message ${id} on the server`);
  return ref;
}

/** `describe` once per backend, named after it; `body` gets the backend. */
export function forEachBackend(name: string, body: (backend: Backend) => void): void {
  for (const backend of BACKENDS) describe(`${name} [${backend.name}]`, () => body(backend));
}
