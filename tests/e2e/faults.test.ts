// Fault injection in a real browser: the dev server's `/__control/faults` rules make the Parley API fail in the
// ways a real network and a real backend do (5xx, device_not_registered, 429 with Retry-After, answers slower than
// the widget's 15 s timeout, dropped connections before and after the message was stored), the page goes
// offline, the page reloads with a message on its way, two tabs write at once. Every test ends with the same
// check: each message the visitor wrote is stored exactly once on the server and shown exactly once, sent.
// Once per backend (backends.ts): for Kommunicate the faults are injected at its fake, behind the example proxy, and
// what is stored is counted there.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { gatewayFailure } from '../../demo/server/envelope.js';
import { type Backend, forEachBackend } from './backends';
import {
  agent,
  baseUrl,
  control,
  deviceIdOf,
  gotoTestPage,
  type Page,
  POLL_TIMEOUT,
  problems,
  type RequestRecord,
  sendFromComposer,
  serverCounts,
  useBrowser,
  userBubbles,
  widget,
  deliveryOf,
} from './browser';

const state = useBrowser();

const OFFLINE = 'You are offline. Messages will be sent when you are back online.';
const LOST = 'Connection lost. Trying again…';
const BACK = 'Back online.';

/** A message text no other test (or earlier run) uses. */
const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

/** Parley's `device_not_registered`, as the KPN gateway wraps it: built by the dev server itself. */
const notRegisteredBody = gatewayFailure({ url: 'messages', method: 'POST', started: performance.now() }).body;

/**
 * Makes the server forget the device's registration (its conversation stays), as Parley does when it loses a
 * device. The fault rules cannot do that; chaos's `notRegistered` does it for the request it hits: on for one
 * request of our own with the device's id (its 502 shows it did), then off again. A poll of the widget in those
 * few milliseconds would be refused too, and register again: harmless.
 */
async function forgetDevice(deviceId: string) {
  await control.chaos({ rate: 1, kinds: ['notRegistered'] });
  try {
    const response = await fetch(`${baseUrl}/parley/messages`, { headers: { UniqueAppDeviceID: deviceId } });
    expect(response.status).toBe(502);
  } finally {
    await control.chaosOff();
  }
}

/** Types `text` and sends it (Enter, or the send button), without waiting for the server; the bubble shows. */
async function write(page: Page, text: string, how: 'enter' | 'click' = 'enter') {
  const w = widget(page);
  await w.input.fill(text);
  if (how === 'enter') await w.input.press('Enter');
  else await w.send.click();
  await w.userMessage(text).waitFor();
}

const statusOf = (page: Page, text: string) => deliveryOf(widget(page).userMessage(text));

/** A compact request log for failure messages: `+ms METHOD path status`. */
const describeLog = (log: RequestRecord[], since: number) =>
  log.map((r) => `+${r.time - since} ${r.method} ${r.path} ${r.dropped ? 'dropped' : r.status}`).join('\n');

/** What the visitor sees at one moment: the banner (null: none) and each of their messages' text and status. */
interface Screen {
  at: number;
  banner: string | null;
  bubbles: [text: string, status: string | null][];
}

/**
 * Records what the page shows into `window.__screens` whenever it changes, sampled every 25 ms, so a test can ask
 * what was shown and when, also briefly, without racing the widget. Lost on a reload.
 */
async function recordScreens(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __screens: Screen[] };
    w.__screens = [];
    let last = '';
    const read = () => {
      const root = document.querySelector('parley-chat')?.shadowRoot;
      const banner = root?.querySelector('[part~="banner"]');
      const screen = {
        banner: banner ? (banner.textContent ?? '').trim() : null,
        bubbles: [...(root?.querySelectorAll('[part~="message"][part~="user"]') ?? [])].map(
          (el): [string, string | null] => [
            (el.querySelector('[part~="text"]')?.textContent ?? '').trim(),
            // Confirmed as the tests read it (browser.ts `confirmedAs`): delivered and seen are sent too.
            el.getAttribute('data-status')?.replace(/^(delivered|seen)$/, 'sent') ?? null,
          ],
        ),
      };
      const key = JSON.stringify(screen);
      if (key !== last) w.__screens.push({ at: Date.now(), ...screen });
      last = key;
    };
    read();
    setInterval(read, 25);
  });
}
const screens = (page: Page) => page.evaluate(() => (window as unknown as { __screens: Screen[] }).__screens);
const statusIn = (screen: Screen, text: string) => screen.bubbles.find(([t]) => t === text)?.[1] ?? null;
const describeScreens = (list: Screen[], since: number) =>
  list
    .map((s) => `+${s.at - since} banner=${JSON.stringify(s.banner)} ${s.bubbles.map(([, st]) => st).join(',')}`)
    .join('\n');

/**
 * The page goes offline, as far as it can tell: `navigator.onLine` is false and `offline` fires, and meanwhile the
 * server drops every API request. Classic WebDriver (WebKit) cannot switch a browser's network off; this works the
 * same in every engine.
 */
async function goOffline(page: Page) {
  await control.fault({ path: '^/', drop: true, count: 100_000 });
  await page.evaluate(() => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    window.dispatchEvent(new Event('offline'));
  });
}

async function goOnline(page: Page) {
  await control.clearFaults();
  await page.evaluate(() => {
    delete (navigator as { onLine?: boolean }).onLine;
    window.dispatchEvent(new Event('online'));
  });
}

/** The tests' helpers for one backend. */
function helpersFor(backend: Backend) {
  /** The test page with the chat open, once the first load (register, config, latest page) is done. */
  async function openChat(page: Page) {
    await gotoTestPage(page, backend.element('lang="en" open'), { script: backend.script });
    const w = widget(page);
    await w.panel.waitFor();
    await expect.poll(() => w.title.textContent(), { timeout: POLL_TIMEOUT }).toBe(backend.title);
    return w;
  }

  const isPoll = backend.isPoll;
  const isPost = backend.isSend;

  /** The server's request log since `since` (epoch ms, the server and the tests share the clock). */
  const requestsSince = async (since: number) => (await backend.requests()).filter((r) => r.time >= since);

  /**
   * How many times each text is stored as a visitor message: Parley's over the conversations of every device, read
   * through the agent API as the agent console does; Kommunicate's over every group, from the fake's statistics.
   */
  const counts = async (texts: string[]) => {
    if (backend.name === 'parley') return serverCounts(texts);
    const stored = await backend.messagesByText();
    return Object.fromEntries(texts.map((text) => [text, stored[text] ?? 0]));
  };

  /** Waits until the server has seen a request matching `match` that arrived after `after`; returns it. */
  async function waitForRequest(match: (r: RequestRecord) => boolean, after: number, timeout = POLL_TIMEOUT) {
    let found: RequestRecord | undefined;
    await expect
      .poll(
        async () => {
          found = (await backend.requests()).find((r) => r.time > after && match(r));
          return Boolean(found);
        },
        { timeout },
      )
      .toBe(true);
    return found!;
  }

  /**
   * Lets the leading page poll twice more (a `focus` event polls at once): the second poll starts only after the
   * first one's answer was taken in, so a duplicate the server holds would show by then.
   */
  async function twoMorePolls(page: Page) {
    let after = Date.now() - 1;
    for (let i = 0; i < 2; i++) {
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      after = (await waitForRequest((r) => isPoll(r) && r.status === 200, after)).time;
    }
  }

  /**
   * The end of every test: each text exactly once on the server and exactly once in each page, `data-status="sent"`;
   * still so after the leading page polled twice more. Zero lost, zero duplicated.
   */
  async function expectEachSentOnce(pages: Page[], texts: string[], leader: Page = pages[0]!) {
    const once = Object.fromEntries(texts.map((text) => [text, 1]));
    const sentOnce = Object.fromEntries(texts.map((text) => [text, ['sent']]));
    const shown = async (page: Page) => {
      const bubbles = await userBubbles(page);
      return Object.fromEntries(
        texts.map((text) => [text, bubbles.filter((b) => b.text === text).map((b) => b.status)]),
      );
    };
    for (const page of pages) await expect.poll(() => shown(page), { timeout: POLL_TIMEOUT }).toEqual(sentOnce);
    expect(await counts(texts)).toEqual(once);
    await twoMorePolls(leader);
    for (const page of pages) expect(await shown(page)).toEqual(sentOnce);
    expect(await counts(texts)).toEqual(once);
  }

  /** The GET /messages… (polls and page loads) a page itself asked for, as its probe saw them: epoch ms. */
  const pollsOf = async (page: Page) =>
    (await page.requests()).filter((r) => r.method === 'GET' && backend.isPagePoll(r.path)).map((r) => r.time);

  /** The visitor texts stored for the device, in the server's order. */
  const serverTexts = async (deviceId: string) =>
    (await backend.results(deviceId)).filter((m) => m.typeId === 1).map((m) => m.message);

  return { openChat, isPoll, isPost, requestsSince, waitForRequest, expectEachSentOnce, pollsOf, serverTexts, counts };
}

forEachBackend('faults: every message arrives exactly once', (backend) => {
  const { openChat, isPoll, isPost, requestsSince, waitForRequest, expectEachSentOnce, pollsOf, serverTexts, counts } =
    helpersFor(backend);

  // A failed test prints the server's request log and what its pages showed (before the context closes).
  let started = 0;
  beforeEach(() => {
    started = Date.now();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    const log = await requestsSince(started).catch(() => []);
    const pages = state.context?.pages() ?? [];
    const shown = await Promise.all(
      pages.map((p) =>
        screens(p)
          .catch(() => userBubbles(p))
          .catch(() => null),
      ),
    );
    console.log(
      `request log (ms since the test started):\n${describeLog(log, started)}\npages: ${JSON.stringify(shown)}`,
    );
  });

  it('three 500s: "Connection lost" while the message waits, pending; then sent, "Back online.", and the banner goes', async () => {
    const { page } = state;
    await openChat(page);
    await recordScreens(page);
    const text = unique('After three 500s');
    await backend.fault({ method: 'POST', path: backend.paths.send, status: 500, count: 3 });
    const since = Date.now();
    await write(page, text, 'click');

    // Sent, then the banner goes (it says "Back online." for 3 s).
    await expect
      .poll(async () => (await screens(page)).at(-1), { timeout: 30_000 })
      .toMatchObject({ banner: null, bubbles: [[text, 'sent']] });
    const log = await requestsSince(since);
    expect(
      log.filter(isPost).map((r) => r.status),
      describeLog(log, since),
    ).toEqual([500, 500, 500, 200]);

    const history = await screens(page);
    const why = `${describeScreens(history, since)}\n${describeLog(log, since)}`;
    const pending = history.filter((s) => statusIn(s, text) === 'pending');
    const sent = history.filter((s) => statusIn(s, text) === 'sent');
    expect(
      pending.map((s) => s.banner),
      why,
    ).toContain(LOST);
    // While the message waits for its next try, the banner does not say the connection is back.
    expect(
      pending.map((s) => s.banner),
      why,
    ).not.toContain(BACK);
    // Once it is sent: "Back online.", then nothing.
    expect(
      sent.map((s) => s.banner),
      why,
    ).toEqual([BACK, null]);
    expect(
      history.map((s) => s.banner),
      why,
    ).not.toContain(OFFLINE);
    await expectEachSentOnce([page], [text]);
    expect(await problems()).toEqual([]);
  });

  // Kommunicate has no device registration to lose (a group is the visitor's for good): Parley only.
  it('device_not_registered in the middle of a conversation: registers again, the message arrives once', async ({
    skip,
  }) => {
    skip(backend.name === 'kommunicate', 'Kommunicate has no device registration to lose');
    const { page } = state;
    await openChat(page);
    const first = unique('Before the server lost the device');
    await sendFromComposer(page, first);
    const deviceId = await deviceIdOf();

    await forgetDevice(deviceId);
    await control.fault({ method: 'POST', path: '^/messages$', status: 502, body: notRegisteredBody });
    const since = Date.now();
    const second = unique('After the server lost the device');
    await write(page, second);
    await expect.poll(() => statusOf(page, second), { timeout: POLL_TIMEOUT }).toBe('sent');

    const log = await requestsSince(since);
    const refused = log.findIndex((r) => isPost(r) && r.status === 502);
    const registered = log.findIndex(
      (r, i) => i > refused && r.method === 'POST' && r.path === '/devices' && r.status === 200,
    );
    const delivered = log.findIndex((r, i) => i > registered && isPost(r) && r.status === 200);
    expect([refused >= 0, registered > refused, delivered > registered], describeLog(log, since)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      log.filter(isPost).map((r) => r.status),
      describeLog(log, since),
    ).toEqual([502, 200]);
    expect(new Set(log.map((r) => r.deviceId))).toEqual(new Set([deviceId]));
    expect((await agent.conversations()).map((c) => [c.id, c.registered])).toEqual([[deviceId, true]]);
    expect(await serverTexts(deviceId)).toEqual([first, second]);
    await expectEachSentOnce([page], [first, second]);
    expect(await problems()).toEqual([]);
  });

  it('429 with Retry-After: 2: no second try before 2 s, then delivered once', async () => {
    const { page } = state;
    await openChat(page);
    const text = unique('Rate limited');
    await backend.fault({ method: 'POST', path: backend.paths.send, status: 429, headers: { 'Retry-After': '2' } });
    const since = Date.now();
    await write(page, text);
    await expect.poll(() => statusOf(page, text), { timeout: POLL_TIMEOUT }).toBe('sent');

    const log = await requestsSince(since);
    const posts = log.filter(isPost);
    expect(
      posts.map((r) => r.status),
      describeLog(log, since),
    ).toEqual([429, 200]);
    // The server stamps each request when it arrives: the second try came at least 2 s after the 429.
    expect(posts[1]!.time - posts[0]!.time, describeLog(log, since)).toBeGreaterThanOrEqual(2000);
    await expectEachSentOnce([page], [text]);
    expect(await problems()).toEqual([]);
  });

  it('an answer slower than the 15 s timeout: the message was stored, and is not sent again', async () => {
    const { page } = state;
    await openChat(page);
    const text = unique('Stored, answered late');
    await backend.fault({ method: 'POST', path: backend.paths.send, slowAfterHandling: true, delayMs: 16_000 });
    const since = Date.now();
    await write(page, text);
    await expect.poll(() => counts([text]), { timeout: POLL_TIMEOUT }).toEqual({ [text]: 1 });
    const post = await waitForRequest(isPost, since - 1);
    // The widget finds its message in the conversation (a poll, or the look before a second try): sent.
    await expect.poll(() => statusOf(page, text), { timeout: 30_000 }).toBe('sent');
    // Before the request's own timeout (15 s), so not from its answer (16 s).
    expect(Date.now() - post.time).toBeLessThan(15_000);
    // Past the request timeout (15 s) and the late answer (16 s), plus the first backoff: no second POST, no
    // change of mind (failed, pending) in the list.
    const after = post.time + 18_000 - Date.now();
    if (after > 0) await page.waitForTimeout(after);
    expect(await statusOf(page, text)).toBe('sent');
    const log = await requestsSince(since);
    expect(log.filter(isPost).length, describeLog(log, since)).toBe(1);
    await expectEachSentOnce([page], [text]);
    expect(await problems()).toEqual([]);
  }, 60_000);

  it('dropped connections: stored then dropped, and dropped before storing: each message once', async () => {
    const { page } = state;
    const stored = unique('Stored, connection dropped');
    const lost = unique('Dropped before storing');
    // Browsers send a request again by themselves, unseen by the page, when a kept-alive connection closes before
    // any answer (they take that for the server closing an idle connection): a POST the server stored and then
    // dropped would be stored twice, a duplicate no page can prevent. So here every connection carries one
    // request: the server closes each connection after its answer, the page's and the widget's script's too.
    await control.keepAlive(false);
    await backend.fault([
      { method: 'POST', path: backend.paths.send, dropAfterHandling: true },
      { method: 'POST', path: backend.paths.send, drop: true },
    ]);
    await openChat(page);
    const since = Date.now();
    await write(page, stored);
    await write(page, lost);
    await expect.poll(() => statusOf(page, lost), { timeout: 30_000 }).toBe('sent');

    const log = await requestsSince(since);
    const posts = log.filter(isPost);
    // 1: stored, dropped; 2: dropped unstored (the second message); 3: the second message again. The first is
    // found in the conversation, never posted twice.
    expect(
      posts.map((r) => [r.status, r.dropped]),
      describeLog(log, since),
    ).toEqual([
      [200, true],
      [0, true],
      [200, false],
    ]);
    expect(await serverTexts(await deviceIdOf(backend.name))).toEqual([stored, lost]);
    await expectEachSentOnce([page], [stored, lost]);
    expect(await problems()).toEqual([]);
  });

  it('offline: messages wait, pending and in order; back online they go, in order, once each', async () => {
    const { page } = state;
    await openChat(page);
    await recordScreens(page);
    const lastScreen = async () => (await screens(page)).at(-1);
    await goOffline(page);
    await expect.poll(lastScreen, { timeout: POLL_TIMEOUT }).toMatchObject({ banner: OFFLINE });
    const since = Date.now();
    const texts = [unique('Written offline, first'), unique('Written offline, second')];
    for (const text of texts) await write(page, text);
    await expect.poll(lastScreen).toMatchObject({ banner: OFFLINE, bubbles: texts.map((text) => [text, 'pending']) });
    expect((await requestsSince(since)).filter(isPost)).toEqual([]);

    const online = Date.now();
    await goOnline(page);
    await expect
      .poll(lastScreen, { timeout: POLL_TIMEOUT })
      .toMatchObject({ bubbles: texts.map((text) => [text, 'sent']) });
    await expect
      .poll(async () => (await screens(page)).filter((s) => s.at >= online).map((s) => s.banner), {
        timeout: POLL_TIMEOUT,
      })
      .toContain(BACK);
    // Pending until they went, in order: never the second sent before the first.
    const history = await screens(page);
    expect(history.filter((s) => statusIn(s, texts[1]!) === 'sent' && statusIn(s, texts[0]!) !== 'sent')).toEqual([]);

    const log = await requestsSince(since);
    expect(
      log.filter(isPost).map((r) => r.status),
      describeLog(log, since),
    ).toEqual([200, 200]);
    expect(await serverTexts(await deviceIdOf(backend.name))).toEqual(texts);
    await expectEachSentOnce([page], texts);
    expect(await problems()).toEqual([]);
  });

  it('reload while a message is on its way: after the reload it shows pending, then sent, once', async () => {
    const { page } = state;
    await openChat(page);
    const text = unique('Pending across a reload');
    // The first POST is held 5 s and then dropped unstored (the reload cuts it off before); the next one, after
    // the reload, is held 1.5 s before it is stored, so the pending bubble can be seen.
    await backend.fault([
      { method: 'POST', path: backend.paths.send, delayMs: 5000, drop: true },
      { method: 'POST', path: backend.paths.send, delayMs: 1500 },
    ]);
    const since = Date.now();
    await write(page, text);
    await waitForRequest(isPost, since - 1);
    expect(await statusOf(page, text)).toBe('pending');

    await page.reload();
    const w = widget(page);
    await w.panel.waitFor();
    await w.userMessage(text).waitFor({ timeout: POLL_TIMEOUT });
    expect(await statusOf(page, text)).toBe('pending');
    await expect.poll(() => statusOf(page, text), { timeout: POLL_TIMEOUT }).toBe('sent');

    // The first POST ends (dropped, 5 s after it came) without a trace; the message was posted once more.
    await expect
      .poll(async () => (await requestsSince(since)).find(isPost)?.dropped, { timeout: POLL_TIMEOUT })
      .toBe(true);
    const log = await requestsSince(since);
    expect(
      log.filter(isPost).map((r) => [r.status, r.dropped]),
      describeLog(log, since),
    ).toEqual([
      [0, true],
      [200, false],
    ]);
    await expectEachSentOnce([page], [text]);
    expect(await problems()).toEqual([]);
  });

  it('two tabs write at once: one polls and sends, both show all messages in one order; the other takes over', async () => {
    const { context } = state;
    const pages = [state.page, await context.newPage()] as const;
    for (const p of pages) await openChat(p);

    // Every GET /messages is answered 700 ms late while both tabs are open: a single poller never has two of
    // them on the way, two pollers would.
    await backend.fault({ method: 'GET', path: backend.paths.list, delayMs: 700, count: 1000 });
    const since = Date.now();
    const texts = pages.map((_, n) => [1, 2, 3].map((i) => unique(`Tab ${n + 1} message ${i}`)));
    await Promise.all(
      pages.map(async (p, n) => {
        for (const text of texts[n]!) await write(p, text);
      }),
    );
    const all = texts.flat();
    for (const p of pages) {
      await expect
        .poll(async () => (await userBubbles(p)).filter((b) => b.status === 'sent').length, { timeout: 30_000 })
        .toBe(all.length);
    }
    // A few more polls with both tabs open.
    await pages[0].evaluate(() => window.dispatchEvent(new Event('focus')));
    await pages[1].evaluate(() => window.dispatchEvent(new Event('focus')));
    await waitForRequest(isPoll, Date.now() + 2000, 20_000);
    await control.clearFaults();
    const until = Date.now();

    // One order, the server's, in both tabs; each tab's own messages in the order it wrote them.
    const deviceId = await deviceIdOf(backend.name);
    const order = await serverTexts(deviceId);
    expect([...order].sort()).toEqual([...all].sort());
    for (const own of texts) expect(order.filter((t) => own.includes(t!))).toEqual(own);
    for (const p of pages) expect((await userBubbles(p)).map((b) => b.text)).toEqual(order);

    // Polling from one tab only: the other asked for nothing; on the server, never two polls on the way at once.
    const during = await Promise.all(
      pages.map(async (p) => (await pollsOf(p)).filter((t) => t >= since && t <= until).length),
    );
    const leaderIndex = during[0]! > 0 ? 0 : 1;
    expect(during[leaderIndex]).toBeGreaterThan(0);
    expect(during[1 - leaderIndex], `GET /messages per tab: ${during.join(', ')}`).toBe(0);
    const serverPolls = (await requestsSince(since)).filter((r) => isPoll(r) && r.time <= until);
    for (let i = 1; i < serverPolls.length; i++) {
      expect(serverPolls[i]!.time - serverPolls[i - 1]!.time, describeLog(serverPolls, since)).toBeGreaterThanOrEqual(
        690,
      );
    }
    const [leader, follower] = leaderIndex === 0 ? pages : [pages[1], pages[0]];
    await expectEachSentOnce([...pages], all, leader);

    // The leading tab closes: the other one polls and sends now.
    await leader.close();
    const handedOver = Date.now();
    const last = unique('After the leading tab closed');
    await write(follower, last);
    await expect.poll(() => statusOf(follower, last), { timeout: POLL_TIMEOUT }).toBe('sent');
    await backend.reply(deviceId, last, 'An answer for the tab that is left');
    await widget(follower).agentMessage('An answer for the tab that is left').waitFor({ timeout: POLL_TIMEOUT });
    expect((await pollsOf(follower)).filter((t) => t >= handedOver).length).toBeGreaterThan(0);
    await expectEachSentOnce([follower], [...all, last]);
    expect(await serverTexts(deviceId)).toEqual([...order, last]);
    expect(await problems()).toEqual([]);
  }, 90_000);
});
