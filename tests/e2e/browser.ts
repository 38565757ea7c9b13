// Helpers of the end-to-end tests: the engine of this project (chromium, firefox or webkit; see driver/), one
// browser per test file, a fresh context (fresh storage) per test, locators for the widget's shadow parts, and
// clients for the dev server's agent API and test controls.
import { mkdir, writeFile } from 'node:fs/promises';
import { setTimeout } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { type Engine, launch } from './driver/engines.js';
import type { Context, Locator, Page } from './driver/page.js';

export type { Locator, Page } from './driver/page.js';

export const baseUrl = inject('baseUrl');
/** The engine these tests run in (the Vitest project's name). */
export const engine: Engine = inject('engine');

/** How long the tests wait for something the widget learns by polling (2 s open, slowing down when quiet). */
export const POLL_TIMEOUT = 15_000;

/** The dev server's visitor APIs, each with its own statistics and request log (`?api=`). */
export const API_NAMES = ['parley', 'kommunicate'] as const;
export type ApiName = (typeof API_NAMES)[number];

export interface BrowserState {
  browser: Awaited<ReturnType<typeof launch>>;
  context: Context;
  page: Page;
}

/**
 * Registers the hooks of a test file: the browser for the file; before each test a server reset, a new context
 * and page; after each test the context is closed (with a screenshot of each page under `test-results/` when the
 * test failed). Read `state.page` inside the tests.
 */
export function useBrowser(): BrowserState {
  const state = {} as BrowserState;
  beforeAll(async () => {
    state.browser = await launch(engine);
  });
  afterAll(async () => {
    await state.browser?.close();
  });
  beforeEach(async () => {
    await control.reset();
    state.context = await state.browser.newContext();
    state.page = await state.context.newPage();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshots(state.context, task.name);
    await state.context?.close();
    await serverQuiet();
  });
  return state;
}

/**
 * Waits until the server has seen no new request for 100 ms (at most 2 s): a request still on its way from a closed
 * page (a typing event sent as its test ended) must land before the next test's reset, not in that test's log.
 */
async function serverQuiet(): Promise<void> {
  let seen = -1;
  for (let tries = 0; tries < 20; tries++) {
    const counts = await Promise.all(API_NAMES.map(async (name) => (await control.stats(name)).requests));
    const requests = counts.reduce((sum, n) => sum + n, 0);
    if (requests === seen) return;
    seen = requests;
    await setTimeout(100);
  }
}

async function screenshots(context: Context | undefined, name: string): Promise<void> {
  const folder = `test-results/e2e/${engine}`;
  await mkdir(folder, { recursive: true });
  const file = name.replace(/[^\w-]+/g, '-').slice(0, 80);
  for (const [i, page] of (context?.pages() ?? []).entries()) {
    await writeFile(`${folder}/${file}-${i + 1}.png`, await page.screenshot()).catch(() => undefined);
  }
}

/**
 * What went wrong in the test's pages since the server's last reset, as their probe reported it: console errors,
 * uncaught errors and rejections, CSP violations (see demo/server/probe.js).
 */
export async function problems(): Promise<string[]> {
  const list = await api<{ kind: string; text: string; page: string }[]>('GET', '/__control/problems');
  return list.map((p) => `${p.kind}: ${p.text}`);
}

/**
 * Serves `body` in a page at `${baseUrl}/e2e.html` (same origin as the API and the widget; no CSP unless `headers`
 * set one) that loads the widget with `script` (default the script-tag loader, `/dist/parley-chat.js`), and opens it.
 */
export async function gotoTestPage(
  page: Page,
  body: string,
  { path = '/e2e.html', headers = {}, script = '/dist/parley-chat.js' }: TestPageOptions = {},
): Promise<void> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>e2e</title></head><body>${body}<script src="${script}"></script></body></html>`;
  await api('POST', '/__control/pages', { path, html, headers });
  await page.goto(baseUrl + path);
}

export interface TestPageOptions {
  path?: string;
  headers?: Record<string, string>;
  script?: string;
}

/** The widget's own files the page fetched (paths under `/dist/`), in the order it asked for them. */
export const widgetFiles = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.startsWith('/dist/')),
  );

/** Locators of the widget's shadow parts (found through its open shadow root). */
export function widget(page: Page) {
  const host = page.locator('parley-chat');
  const part = (name: string): Locator => host.locator(`[part~="${name}"]`);
  const messages = part('message');
  const userMessages = host.locator('[part~="message"][part~="user"]');
  const agentMessages = host.locator('[part~="message"][part~="agent"]');
  return {
    host,
    part,
    launcher: part('launcher'),
    badge: part('badge'),
    panel: part('panel'),
    title: part('title'),
    close: part('close'),
    list: part('messages'),
    messages,
    userMessages,
    agentMessages,
    /** A message (any kind) by its exact text. */
    message: (text: string): Locator => messages.filter({ has: textPart(page, text) }),
    userMessage: (text: string): Locator => userMessages.filter({ has: textPart(page, text) }),
    agentMessage: (text: string): Locator => agentMessages.filter({ has: textPart(page, text) }),
    texts: (): Promise<string[]> => host.locator('[part~="message"] [part~="text"]').allTextContents(),
    typing: part('typing'),
    banner: part('banner'),
    input: part('input'),
    send: part('send'),
    /** "Show earlier messages" ("Loading…" while a page loads); gone when everything is loaded. */
    olderButton: part('messages').getByRole('button', { name: /^(Show earlier messages|Loading…)$/ }),
  };
}

const textPart = (page: Page, text: string): Locator =>
  page.locator('[part~="text"]').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

export interface ServerMessage {
  id: number;
  time: number;
  message: string | null;
  image: string | null;
  typeId: number;
  agent: { id: number; name: string } | null;
}

export interface ConversationSummary {
  id: string;
  /** `parley` or `kommunicate` (a Kommunicate line's id is `kommunicate:<groupId>`). */
  backend?: string;
  lastMessage: string | null;
  messageCount: number;
  agentTyping: boolean;
  registered: boolean;
}

/** The agent side (`/webcare`), as the agent console uses it. */
export const agent = {
  async conversations(): Promise<ConversationSummary[]> {
    return (await api<{ data: ConversationSummary[] }>('GET', '/webcare/conversations')).data;
  },
  async results(deviceId: string): Promise<ServerMessage[]> {
    return (
      await api<{ data: ServerMessage[] }>('GET', `/webcare/conversations/${encodeURIComponent(deviceId)}/results`)
    ).data;
  },
  /** The agent's reply to a visitor message (`resultId`); returns the new message's id. */
  async reply(resultId: number, text: string, agentName?: string): Promise<number> {
    const body = agentName ? { message: text, agentName } : { message: text };
    return (await api<{ data: { id: number } }>('POST', `/webcare/results/${resultId}/replies`, body)).data.id;
  },
  /**
   * The agent's image reply to a visitor message (`resultId`), or into the conversation of a device id, sent as
   * multipart field `image` like the console does; returns the new message's id.
   */
  async replyImage(
    target: number | string,
    bytes: Uint8Array,
    options: { type?: string; name?: string; agentName?: string } = {},
  ): Promise<number> {
    const form = new FormData();
    if (options.agentName) form.append('agentName', options.agentName);
    form.append(
      'image',
      new Blob([bytes as BlobPart], { type: options.type ?? 'image/png' }),
      options.name ?? 'image.png',
    );
    const base =
      typeof target === 'number'
        ? `/webcare/results/${target}`
        : `/webcare/conversations/${encodeURIComponent(target)}`;
    const response = await fetch(`${baseUrl}${base}/replies`, { method: 'POST', body: form });
    const json = (await response.json()) as { data: { id: number } | null };
    if (!response.ok || !json.data) throw new Error(`POST replies (image): ${response.status} ${JSON.stringify(json)}`);
    return json.data.id;
  },
  /** The bytes the server stored for an image ref (`media/…` of a message), as the console fetches them. */
  async media(ref: string): Promise<{ contentType: string | null; bytes: Buffer }> {
    const response = await fetch(`${baseUrl}/webcare/${ref}`);
    if (!response.ok) throw new Error(`GET /webcare/${ref}: ${response.status}`);
    return { contentType: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
  },
  /**
   * A message of the agent with any of Parley's rich fields (title, buttons, quickReplies, carousel, media) into the
   * device's conversation; returns its id.
   */
  async replyRich(deviceId: string, fields: Record<string, unknown>): Promise<number> {
    const path = `/webcare/conversations/${encodeURIComponent(deviceId)}/replies`;
    return (await api<{ data: { id: number } }>('POST', path, fields)).data.id;
  },
  /** The dev server's sample PDF invoice, stored as a file of the device's conversation: its media object. */
  async sampleInvoice(deviceId: string): Promise<Record<string, unknown>> {
    const path = `/webcare/conversations/${encodeURIComponent(deviceId)}/media`;
    return (await api<{ data: { media: Record<string, unknown> } }>('POST', path, { sample: 'invoice' })).data.media;
  },
  /** Agent typing on or off, by a visitor message's id or by the device id. */
  async typing(target: number | string, on: boolean): Promise<void> {
    const base =
      typeof target === 'number'
        ? `/webcare/results/${target}`
        : `/webcare/conversations/${encodeURIComponent(target)}`;
    await api('POST', `${base}/event/${on ? 'starttyping' : 'stoptyping'}`);
  },
  /** Appends "Message 1" … "Message {count}" (visitor messages unless `from: 'agent'`). */
  async seed(
    deviceId: string,
    count: number,
    options: { from?: 'user' | 'agent'; start?: number; prefix?: string } = {},
  ) {
    return (
      await api<{ data: { count: number; firstId: number; lastId: number } }>(
        'POST',
        `/webcare/conversations/${encodeURIComponent(deviceId)}/seed`,
        { count, ...options },
      )
    ).data;
  },
  /** The id of the visitor's message with this text (to reply to it). */
  async resultId(deviceId: string, text: string): Promise<number> {
    const found = (await agent.results(deviceId)).find((m) => m.typeId === 1 && m.message === text);
    if (!found) throw new Error(`no visitor message "${text}" on the server for ${deviceId}`);
    return found.id;
  },
};

export interface RequestRecord {
  method: string;
  path: string;
  deviceId: string | null;
  authorization: string | null;
  contentType: string | null;
  status: number;
  dropped: boolean;
  time: number;
}

export interface FaultRule {
  /** Only this visitor API's requests (default: any). */
  api?: ApiName;
  method?: string;
  path?: string;
  count?: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  drop?: boolean;
  dropAfterHandling?: boolean;
  /** Handle the request (store the message…), then hold the answer for `delayMs`. */
  slowAfterHandling?: boolean;
}

/** The test controls (`/__control`). */
export const control = {
  reset: () => api<{ ok: true }>('POST', '/__control/reset'),
  /** A visitor API's requests since the last reset (default Parley's), oldest first. */
  requests: (limit = 1000, of: ApiName = 'parley') =>
    api<RequestRecord[]>('GET', `/__control/requests?limit=${limit}&api=${of}`),
  stats: (of: ApiName = 'parley') =>
    api<{ requests: number; byRoute: Record<string, number>; messagesByText: Record<string, number> }>(
      'GET',
      `/__control/stats?api=${of}`,
    ),
  fault: (rule: FaultRule | FaultRule[]) => api('POST', '/__control/faults', rule),
  /** Removes the fault rules not used up yet. */
  clearFaults: () => api<{ ok: true }>('DELETE', '/__control/faults'),
  /** Random faults for a fraction `rate` of the Parley API requests (see demo/server/chaos.js); `rate: 0` is off. */
  chaos: (settings: { rate: number; seed?: number; kinds?: string[]; slowMs?: number }) =>
    api<{ ok: true }>('POST', '/__control/chaos', settings),
  chaosOff: () => api<{ ok: true }>('DELETE', '/__control/chaos'),
  /** A static file answered with a 503 (a chunk that cannot load) until `available()` or the next reset. */
  unavailable: (path: string) => api<{ ok: true }>('POST', '/__control/unavailable', { path }),
  available: () => api<{ ok: true }>('DELETE', '/__control/unavailable'),
  /** Keep-alive off: every answer of the server closes its connection, static files too (until the next reset). */
  keepAlive: (on: boolean) => api<{ ok: true }>('POST', '/__control/connections', { keepAlive: on }),
  /** Changes the account config `GET /parley/config` answers (until the next reset). */
  config: (patch: Record<string, unknown>) => api<Record<string, unknown>>('POST', '/__control/config', patch),
};

/**
 * How many times each of `texts` is stored as a visitor message on the server, over the stored conversations of
 * every device (read through the agent API, as the agent console does).
 */
export async function serverCounts(texts: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(texts.map((text) => [text, 0]));
  for (const conversation of await agent.conversations()) {
    for (const m of await agent.results(conversation.id)) {
      if (m.typeId === 1 && m.message !== null && Object.hasOwn(counts, m.message)) counts[m.message]! += 1;
    }
  }
  return counts;
}

/**
 * A visitor message's state as the tests compare it: the server's `delivered` and `seen` (Seen) are confirmed too,
 * read as `sent` (the dev server marks a message received once the agent API lists it).
 */
export const confirmedAs = (status: string | null): string | null =>
  status === 'delivered' || status === 'seen' ? 'sent' : status;

/** The `data-status` of a visitor message, `delivered` and `seen` read as `sent`. */
export const deliveryOf = async (bubble: Locator): Promise<string | null> =>
  confirmedAs(await bubble.getAttribute('data-status'));

/** The visitor's messages the page shows, in order: text and `data-status`. */
export async function userBubbles(page: Page): Promise<{ text: string; status: string | null }[]> {
  const bubbles = await widget(page).userMessages.evaluateAll((elements) =>
    elements.map((el) => ({
      text: (el.querySelector('[part~="text"]')?.textContent ?? '').trim(),
      status: el.getAttribute('data-status'),
    })),
  );
  return bubbles.map((bubble) => ({ ...bubble, status: confirmedAs(bubble.status) }));
}

/** The device ids the widget used in its API requests (Parley's unless `of`) since the last reset. */
export async function deviceIds(of: ApiName = 'parley'): Promise<string[]> {
  const ids = (await control.requests(1000, of)).map((r) => r.deviceId).filter((id): id is string => Boolean(id));
  return [...new Set(ids)];
}

/** The widget's device id, from the request log (it has made at least one API request). */
export async function deviceIdOf(of: ApiName = 'parley'): Promise<string> {
  const ids = await deviceIds(of);
  if (ids.length !== 1) throw new Error(`expected one device id in the request log, found ${JSON.stringify(ids)}`);
  return ids[0]!;
}

/** Records every `parley-*` event that reaches `document` into `window.__events` (type and detail). */
export async function recordEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __events: { type: string; detail: unknown }[] };
    w.__events = [];
    for (const type of ['ready', 'open', 'close', 'message', 'unread', 'error']) {
      document.addEventListener(`parley-${type}`, (e) => {
        const detail = (e as CustomEvent).detail as unknown;
        w.__events.push({ type: e.type, detail: JSON.parse(JSON.stringify(detail ?? null)) as unknown });
      });
    }
  });
}

export function recordedEvents(page: Page): Promise<{ type: string; detail: any }[]> {
  return page.evaluate(() => (window as unknown as { __events: { type: string; detail: unknown }[] }).__events);
}

/** Types `text` into the open panel's composer, presses Enter and waits until the bubble is `data-status="sent"`. */
export async function sendFromComposer(page: Page, text: string): Promise<Locator> {
  const w = widget(page);
  await w.input.fill(text);
  await w.input.press('Enter');
  const bubble = w.userMessage(text);
  await bubble.waitFor();
  await expect.poll(() => deliveryOf(bubble), { timeout: POLL_TIMEOUT }).toBe('sent');
  return bubble;
}

/** A box for comparisons. */
export async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element has no bounding box (not visible)');
  return b;
}
