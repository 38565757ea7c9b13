// How the widget sits in a host page: inline, fullscreen, launcher on a phone, language, moving the element,
// and the script-tag global `window.ParleyChat`.
import { describe, expect, it } from 'vitest';
import {
  agent,
  baseUrl,
  box,
  control,
  deviceIdOf,
  gotoTestPage,
  POLL_TIMEOUT,
  problems,
  sendFromComposer,
  useBrowser,
  widget,
  deliveryOf,
} from './browser';

const state = useBrowser();

const near = (actual: number, expected: number, slack = 2) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(slack);

describe('embedding', () => {
  it('inline: the panel fills its 400×600 box, without a launcher', async () => {
    const { page } = state;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${baseUrl}/inline.html`);
    const w = widget(page);
    await w.panel.waitFor();
    await expect.poll(() => w.title.textContent()).toBe('Parley Demo');
    expect(await w.launcher.count()).toBe(0);
    expect(await w.close.count()).toBe(0);
    const host = await box(w.host);
    const panel = await box(w.panel);
    const frame = await box(page.locator('.help__chat'));
    near(frame.width, 400);
    near(frame.height, 600);
    near(panel.x, host.x);
    near(panel.y, host.y);
    near(panel.width, host.width);
    near(panel.height, host.height);
    expect(host.height).toBeGreaterThan(590);
    // The composer is inside the box and usable.
    const composer = await box(w.part('composer'));
    expect(composer.y + composer.height).toBeLessThanOrEqual(host.y + host.height + 1);
    await sendFromComposer(page, 'Inline hello');
    expect(await problems()).toEqual([]);
  });

  it('fullscreen: the panel covers a phone viewport', async () => {
    const { page } = state;
    await page.setViewportSize({ width: 390, height: 760 });
    await page.goto(`${baseUrl}/fullscreen.html`);
    const w = widget(page);
    await w.panel.waitFor();
    await expect.poll(() => w.title.textContent()).toBe('Parley Demo');
    const panel = await box(w.panel);
    // The viewport asked for, or (WebKit's MiniBrowser window is at least about 450 px wide) as near as it goes.
    expect(panel).toEqual({ x: 0, y: 0, ...page.viewportSize() });
    await sendFromComposer(page, 'Fullscreen hello');
    expect(await problems()).toEqual([]);
  });

  it('launcher on a phone: the open panel covers the viewport and leaves the page scroll alone; 16px text field', async () => {
    const { page } = state;
    await page.setViewportSize({ width: 375, height: 700 });
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await w.launcher.waitFor();
    await page.evaluate(() => window.scrollTo(0, 400));
    await page.waitForFunction(() => window.scrollY === 400);
    const before = await page.evaluate(() => ({
      bodyStyle: document.body.getAttribute('style'),
      htmlStyle: document.documentElement.getAttribute('style'),
      bodyOverflow: getComputedStyle(document.body).overflow,
      htmlOverflow: getComputedStyle(document.documentElement).overflow,
    }));
    await w.launcher.click();
    await w.panel.waitFor();
    await expect.poll(() => w.title.textContent()).toBe('Parley Demo');
    const panel = await box(w.panel);
    expect(panel).toEqual({ x: 0, y: 0, ...page.viewportSize() });
    expect(page.viewportSize().width).toBeLessThan(480);
    const after = await page.evaluate(() => ({
      bodyStyle: document.body.getAttribute('style'),
      htmlStyle: document.documentElement.getAttribute('style'),
      bodyOverflow: getComputedStyle(document.body).overflow,
      htmlOverflow: getComputedStyle(document.documentElement).overflow,
    }));
    expect(after).toEqual(before);
    expect(await page.evaluate(() => window.scrollY)).toBe(400);
    const fontSize = await w.input.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(16);
    // The close button is reachable and closes the full-screen panel.
    await w.close.click();
    await w.panel.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => window.scrollY)).toBe(400);
  });

  it('lang="nl" gives Dutch accessible names', async () => {
    const { page } = state;
    await gotoTestPage(page, '<main><parley-chat api-url="/parley" lang="nl"></parley-chat></main>');
    const host = page.locator('parley-chat');
    await host.getByRole('button', { name: 'Chat openen' }).click();
    await host.getByRole('textbox', { name: 'Bericht' }).waitFor();
    await host.getByRole('button', { name: 'Chat sluiten' }).waitFor();
    await host.getByRole('textbox', { name: 'Bericht' }).fill('Hallo');
    await expect(host.getByRole('button', { name: 'Versturen', exact: true }).isEnabled()).resolves.toBe(true);
  });

  it('moving the element to another parent keeps the conversation', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await w.launcher.click();
    await sendFromComposer(page, 'Before the move');
    const deviceId = await deviceIdOf();
    await page.evaluate(() => document.querySelector('main')!.append(document.querySelector('parley-chat')!));
    expect(await page.evaluate(() => document.querySelector('parley-chat')!.parentElement!.localName)).toBe('main');
    await w.userMessage('Before the move').waitFor();
    expect(await w.panel.isVisible()).toBe(true);
    // The session goes on: the agent's answer arrives, and nothing registered again.
    await agent.reply(await agent.resultId(deviceId, 'Before the move'), 'After the move');
    await w.agentMessage('After the move').waitFor({ timeout: POLL_TIMEOUT });
    await sendFromComposer(page, 'Still here');
    const requests = await control.requests();
    expect(requests.filter((r) => r.method === 'POST' && r.path === '/devices')).toHaveLength(1);
    expect(requests.filter((r) => r.method === 'GET' && r.path === '/config')).toHaveLength(1);
    expect(await w.userMessages.count()).toBe(2);
    expect(await problems()).toEqual([]);
  });

  it('window.ParleyChat: open(), send() and on("message")', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await w.launcher.waitFor();
    await page.evaluate(() => {
      const w = window as unknown as {
        __messages: unknown[];
        ParleyChat: { on(e: string, fn: (d: unknown) => void): void };
      };
      w.__messages = [];
      w.ParleyChat.on('message', (detail) => w.__messages.push(JSON.parse(JSON.stringify(detail))));
    });
    expect(await page.evaluate(() => window.ParleyChat!.element === document.querySelector('parley-chat'))).toBe(true);
    await page.evaluate(() => window.ParleyChat!.open());
    await w.panel.waitFor();
    await expect(w.host.getAttribute('open')).resolves.toBe('');
    await page.evaluate(() => window.ParleyChat!.send('via api'));
    expect((await control.stats()).messagesByText['via api']).toBe(1);
    await w.userMessage('via api').waitFor();
    await expect(deliveryOf(w.userMessage('via api'))).resolves.toBe('sent');

    const deviceId = await deviceIdOf();
    await agent.reply(await agent.resultId(deviceId, 'via api'), 'Got it', 'Alex');
    await w.agentMessage('Got it').waitFor({ timeout: POLL_TIMEOUT });
    const messages = () =>
      page.evaluate(() =>
        (
          window as unknown as { __messages: { direction: string; message: { text: string; from: string } }[] }
        ).__messages.map((d) => ({ direction: d.direction, text: d.message.text, from: d.message.from })),
      );
    await expect.poll(messages).toEqual([
      { direction: 'out', text: 'via api', from: 'user' },
      { direction: 'in', text: 'Got it', from: 'agent' },
    ]);
    await page.evaluate(() => window.ParleyChat!.close());
    await w.panel.waitFor({ state: 'detached' });
    expect(await problems()).toEqual([]);
  });
});
