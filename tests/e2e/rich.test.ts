// What agents and bots send beyond text: a title, buttons of each kind, quick replies, a carousel and a PDF, on the
// demo page (strict CSP, the split build: the rich chunks load when the first such message shows). Parley only:
// the Kommunicate adapter shows only the text of rich messages (README).
import { beforeEach, describe, expect, it } from 'vitest';
import {
  agent,
  baseUrl,
  control,
  deviceIdOf,
  type Page,
  POLL_TIMEOUT,
  problems,
  type ServerMessage,
  sendFromComposer,
  useBrowser,
  widget,
  widgetFiles,
  deliveryOf,
} from './browser';

const state = useBrowser();
beforeEach(() => {
  state.page.setDefaultTimeout(POLL_TIMEOUT);
});

const MENU = {
  agentName: 'Bot',
  title: 'How can we help?',
  message: 'Pick a topic.',
  buttons: [
    { type: 'reply', title: 'Talk to sales', payload: 'I have a question about prices' },
    { type: 'reply', title: 'No payload', payload: null },
    { type: 'webUrl', title: 'Track my order', payload: 'https://example.com/track' },
    { type: 'webUrl', title: 'Sneaky', payload: 'javascript:alert(1)' },
    { type: 'phoneNumber', title: 'Call us', payload: 'tel://+31123456789' },
    { type: 'postback', title: 'Unknown', payload: 'x' },
  ],
};

/** Opens the demo page's chat, writes once (so the device is registered) and gives the device id. */
async function openChat(page: Page): Promise<string> {
  await page.goto(`${baseUrl}/`);
  const w = widget(page);
  await w.launcher.click();
  await w.panel.waitFor();
  await sendFromComposer(page, 'Hello');
  return deviceIdOf();
}

/** The visitor messages stored with this text. */
const stored = async (deviceId: string, text: string) =>
  (await agent.results(deviceId)).filter((m) => m.typeId === 1 && m.message === text).length;

describe('rich messages', () => {
  it('shows a title and each kind of button; a reply by mouse is sent once and the set shows it was chosen', async () => {
    const { page } = state;
    const deviceId = await openChat(page);
    await agent.replyRich(deviceId, MENU);
    const w = widget(page);
    const menu = w.agentMessage('Pick a topic.');
    await menu.waitFor({ timeout: POLL_TIMEOUT });
    await expect(menu.locator('h3').textContent()).resolves.toBe('How can we help?');
    const buttons = menu.locator('[part~="button"]');
    await buttons.first().waitFor();
    expect(await buttons.allTextContents()).toEqual([
      'Talk to sales',
      'No payload',
      'Track my order (opens in a new tab)',
      'Call us',
    ]);
    const link = menu.locator('a[target="_blank"]');
    await expect(link.getAttribute('href')).resolves.toBe('https://example.com/track');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(menu.locator('a[href^="tel:"]').getAttribute('href')).resolves.toBe('tel:+31123456789');
    await expect(menu.locator('.inert').textContent()).resolves.toBe('Sneaky');
    await expect(menu.locator('.unsupported').textContent()).resolves.toBe('This can’t be shown here.');
    expect(await menu.locator('a[href^="javascript"]').count()).toBe(0);
    await expect(buttons.nth(1).evaluate((b) => (b as HTMLButtonElement).disabled)).resolves.toBe(true);

    await buttons.first().click();
    await w.userMessage('I have a question about prices').waitFor();
    await expect.poll(() => buttons.first().getAttribute('aria-pressed')).toBe('true');
    await expect(buttons.first().evaluate((b) => (b as HTMLButtonElement).disabled)).resolves.toBe(true);
    await expect.poll(() => stored(deviceId, 'I have a question about prices'), { timeout: POLL_TIMEOUT }).toBe(1);
    // A second click on the decided set sends nothing.
    await buttons.first().evaluate((b) => (b as HTMLButtonElement).click());
    await page.waitForTimeout(1000);
    expect(await stored(deviceId, 'I have a question about prices')).toBe(1);
    expect((await widgetFiles(page)).filter((f) => /rich/.test(f))).toEqual([
      '/dist/parley-chat/parley-rich.js',
      '/dist/parley-chat/rich.js',
    ]);
    expect(await problems()).toEqual([]);
  });

  it('quick replies: chips above the composer for the newest message, by keyboard; they go once answered', async () => {
    const { page } = state;
    const deviceId = await openChat(page);
    await agent.replyRich(deviceId, { message: 'Did that help?', quickReplies: ['Yes', 'No'] });
    const w = widget(page);
    const chips = w.part('quick-reply');
    await chips.first().waitFor({ timeout: POLL_TIMEOUT });
    expect(await chips.allTextContents()).toEqual(['Yes', 'No']);
    await expect(w.part('quick-replies').getAttribute('aria-label')).resolves.toBe('Suggested replies');
    await chips.nth(1).focus();
    await page.keyboard.press('Enter');
    await w.userMessage('No').waitFor();
    await w.part('quick-replies').waitFor({ state: 'detached' });
    await expect(w.agentMessage('Did that help?').isVisible()).resolves.toBe(true);
    await expect.poll(() => stored(deviceId, 'No'), { timeout: POLL_TIMEOUT }).toBe(1);
  });

  it('a choice made offline waits in the outbox and is delivered once, also after a reload', async () => {
    const { page } = state;
    const deviceId = await openChat(page);
    await agent.replyRich(deviceId, MENU);
    const w = widget(page);
    const reply = w.agentMessage('Pick a topic.').locator('[part~="button"]').first();
    await reply.waitFor({ timeout: POLL_TIMEOUT });
    await control.fault({ path: '^/', drop: true, count: 100_000 });
    await reply.click();
    const answer = w.userMessage('I have a question about prices');
    await answer.waitFor();
    await expect.poll(() => answer.getAttribute('data-status')).toBe('pending');
    await page.reload();
    await w.launcher.click();
    await w.panel.waitFor();
    await control.clearFaults();
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect
      .poll(() => deliveryOf(w.userMessage('I have a question about prices')), {
        timeout: 30_000,
      })
      .toBe('sent');
    await expect.poll(() => stored(deviceId, 'I have a question about prices'), { timeout: POLL_TIMEOUT }).toBe(1);
    const again = w.agentMessage('Pick a topic.').locator('[part~="button"]').first();
    await expect(again.getAttribute('aria-pressed')).resolves.toBe('true');
    await page.waitForTimeout(1500);
    expect(await stored(deviceId, 'I have a question about prices')).toBe(1);
  });

  it('a choice in one tab closes the set in the other, and only one answer is sent', async () => {
    const { context } = state;
    const first = state.page;
    const deviceId = await openChat(first);
    const second = await context.newPage();
    await second.goto(`${baseUrl}/`);
    await widget(second).launcher.click();
    await agent.replyRich(deviceId, MENU);
    const buttonsIn = (page: Page) => widget(page).agentMessage('Pick a topic.').locator('[part~="button"]');
    for (const page of [first, second]) await buttonsIn(page).first().waitFor({ timeout: POLL_TIMEOUT });
    await buttonsIn(second).first().click();
    await expect
      .poll(() => buttonsIn(first).first().getAttribute('aria-pressed'), { timeout: POLL_TIMEOUT })
      .toBe('true');
    await buttonsIn(first)
      .first()
      .evaluate((b) => (b as HTMLButtonElement).click());
    await first.waitForTimeout(1500);
    expect(await stored(deviceId, 'I have a question about prices')).toBe(1);
  });

  it('a carousel scrolls sideways by its buttons without moving the message list', async () => {
    const { page } = state;
    const deviceId = await openChat(page);
    const cards = ['Fibre 100', 'Fibre 500', 'Fibre 1000', 'Fibre 4000'].map((title) => ({
      title,
      message: `**${title}** internet`,
      buttons: [{ type: 'reply', title: 'Choose', payload: `I want ${title}` }],
    }));
    await agent.replyRich(deviceId, { message: 'Our plans', carousel: cards });
    const w = widget(page);
    const carousel = w.part('carousel');
    await carousel.waitFor({ timeout: POLL_TIMEOUT });
    await expect(w.agentMessage('Our plans').isVisible()).resolves.toBe(true);
    expect(
      await carousel.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('aria-label'))),
    ).toEqual(['1 of 4', '2 of 4', '3 of 4', '4 of 4']);
    const row = carousel.locator('ul');
    const next = carousel.getByRole('button', { name: 'Next' });
    await next.waitFor();
    const listTop = () => w.list.evaluate((el) => el.scrollTop);
    const before = await listTop();
    await next.click();
    await expect.poll(() => row.evaluate((el) => el.scrollLeft)).toBeGreaterThan(100);
    expect(await listTop()).toBe(before);
    await expect
      .poll(() => carousel.getByRole('button', { name: 'Previous' }).getAttribute('aria-disabled'))
      .toBe('false');
    await carousel.locator('li').nth(1).locator('[part~="button"]').click();
    await expect.poll(() => stored(deviceId, 'I want Fibre 500'), { timeout: POLL_TIMEOUT }).toBe(1);
  });

  it("a PDF shows as a file card and downloads through the transport, with the device's headers, under its name", async () => {
    const { page } = state;
    const deviceId = await openChat(page);
    const media = await agent.sampleInvoice(deviceId);
    await agent.replyRich(deviceId, { message: 'Your invoice', media });
    const w = widget(page);
    const file = w.part('file');
    await file.waitFor({ timeout: POLL_TIMEOUT });
    await expect(file.locator('.file-icon').textContent()).resolves.toBe('PDF');
    await expect(file.locator('.file-name').textContent()).resolves.toContain('invoice-2025-001.pdf');
    // What the download link saves: its name and bytes, read in the page (no download dialog in any engine).
    // The page's strict CSP keeps fetch away from blob: URLs: the Blob is taken where its URL is made.
    await page.evaluate(() => {
      const record = window as unknown as { saved?: Promise<{ name: string; head: string; size: number }> };
      const createObjectURL = URL.createObjectURL.bind(URL);
      let blob: Blob | undefined;
      URL.createObjectURL = (object: Blob | MediaSource) => {
        if (object instanceof Blob) blob = object;
        return createObjectURL(object);
      };
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        if (!this.download || !blob) return click.call(this);
        const name = this.download;
        record.saved = blob.arrayBuffer().then((bytes) => ({
          name,
          head: new TextDecoder().decode(bytes.slice(0, 5)),
          size: bytes.byteLength,
        }));
      };
    });
    await w.part('download').click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { saved?: Promise<unknown> }).saved ?? null))
      .toMatchObject({ name: 'invoice-2025-001.pdf', head: '%PDF-' });
    const fileGets = (await control.requests()).filter((r) => r.method === 'GET' && r.path.startsWith('/media/'));
    expect(fileGets).toHaveLength(1);
    expect(fileGets[0]?.deviceId).toBe(deviceId);
    expect(await problems()).toEqual([]);
  });
});

describe('who the visitor is', () => {
  it('identify() reaches the agent with the registration, and again when it changes', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    await page.evaluate(() =>
      (window as unknown as { ParleyChat: { identify(info: object): void } }).ParleyChat.identify({
        name: 'Ann de Vries',
        email: 'ann@example.com',
      }),
    );
    const w = widget(page);
    await w.launcher.click();
    await sendFromComposer(page, 'Hello');
    const identity = async () =>
      (await agent.conversations()).map(
        (c) => (c as { userAdditionalInformation?: unknown }).userAdditionalInformation,
      );
    await expect.poll(identity).toEqual([{ name: 'Ann de Vries', email: 'ann@example.com' }]);
    await page.evaluate(() =>
      (window as unknown as { ParleyChat: { identify(info: object): void } }).ParleyChat.identify({ name: 'Ann' }),
    );
    await expect.poll(identity, { timeout: POLL_TIMEOUT }).toEqual([{ name: 'Ann' }]);
    expect(await problems()).toEqual([]);
  });
});

describe('seen', () => {
  it("the agent's messages shown in the open panel reach the server as seen, once", async () => {
    const { page } = state;
    const deviceId = await openChat(page);
    await agent.replyRich(deviceId, { agentName: 'Sam', message: 'We are looking into it.' });
    const w = widget(page);
    await w.agentMessage('We are looking into it.').waitFor({ timeout: POLL_TIMEOUT });
    const statusOnServer = async () =>
      ((await agent.results(deviceId)) as (ServerMessage & { status?: number })[]).find(
        (m) => m.message === 'We are looking into it.',
      )?.status;
    await expect.poll(statusOnServer, { timeout: POLL_TIMEOUT }).toBe(4);
    // A few more polls with the panel open: nothing is marked twice.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.waitForTimeout(3000);
    const marks = (await control.requests()).filter((r) => r.method === 'PUT' && r.path === '/messages/status/4');
    expect(marks).toHaveLength(1);
    expect(await problems()).toEqual([]);
  });
});
