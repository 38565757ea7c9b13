// The script-tag embedding on the demo home page (strict CSP): a visitor opens the chat, writes, an agent answers.
import { describe, expect, it } from 'vitest';
import {
  agent,
  baseUrl,
  control,
  deviceIdOf,
  gotoTestPage,
  type Locator,
  POLL_TIMEOUT,
  problems,
  recordedEvents,
  recordEvents,
  sendFromComposer,
  useBrowser,
  widget,
} from './browser';

const state = useBrowser();

describe('chat on the script-tag page', () => {
  it('makes no Parley API request before the launcher is clicked, and logs no console error or CSP violation', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await w.launcher.waitFor();
    await expect(w.launcher.getAttribute('aria-label')).resolves.toBe('Open chat');
    // Proving that nothing happens: a short fixed wait.
    await page.waitForTimeout(3000);
    expect(await control.requests()).toEqual([]);
    await w.launcher.click();
    await w.panel.waitFor();
    await expect.poll(() => w.title.textContent()).toBe('Parley Demo');
    await sendFromComposer(page, 'Hello from a strict CSP page');
    expect(await problems()).toEqual([]);
  });

  it('sends a message once, shows the agent reply with the agent name, and the agent typing indicator', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await expect(w.panel.getAttribute('role')).resolves.toBe('dialog');
    await expect.poll(() => w.title.textContent()).toBe('Parley Demo');
    // The text field has the focus once the panel is open.
    await expect.poll(() => w.input.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);

    const bubble = await sendFromComposer(page, 'Is my street connected yet?');
    await expect(w.input.inputValue()).resolves.toBe('');
    expect(await w.userMessages.count()).toBe(1);
    expect((await control.stats()).messagesByText['Is my street connected yet?']).toBe(1);
    expect(await bubble.isVisible()).toBe(true);

    const deviceId = await deviceIdOf();
    expect((await agent.conversations()).map((c) => c.id)).toEqual([deviceId]);
    const resultId = await agent.resultId(deviceId, 'Is my street connected yet?');

    await agent.typing(resultId, true);
    await w.typing.waitFor({ state: 'visible', timeout: POLL_TIMEOUT });
    await agent.typing(resultId, false);
    await w.typing.waitFor({ state: 'hidden', timeout: POLL_TIMEOUT });

    await agent.reply(resultId, 'Yes, since last Tuesday!', 'Alex');
    const reply = w.agentMessage('Yes, since last Tuesday!');
    await reply.waitFor({ timeout: POLL_TIMEOUT });
    await expect(reply.locator('[part~="agent-name"]').textContent()).resolves.toBe('Alex');
    await expect(reply.locator('[part~="time"]').count()).resolves.toBe(1);

    // Still exactly one copy of the visitor's message on the server and in the list, after a few polls.
    expect((await control.stats()).messagesByText['Is my street connected yet?']).toBe(1);
    expect(await w.userMessage('Is my street connected yet?').count()).toBe(1);
    expect(await w.agentMessages.count()).toBe(1);
    expect(await problems()).toEqual([]);
  });

  it("themes itself from the account config, and the host page's own --parley-* properties win over it", async () => {
    const { page } = state;
    await control.config({ navBackgroundColor: '123456', userBackgroundColor: 'ffffff', userTextColor: '4A5E83' });
    const hostStyle = '<style>parley-chat { --parley-user-background: #fedcba }</style>';
    await gotoTestPage(page, `${hostStyle}<parley-chat api-url="/parley" lang="en" open></parley-chat>`);
    const w = widget(page);
    const colour = (locator: Locator, property: 'color' | 'backgroundColor') =>
      locator.evaluate((el, name) => getComputedStyle(el)[name], property);
    await expect
      .poll(() => colour(w.part('header'), 'backgroundColor'), { timeout: POLL_TIMEOUT })
      .toBe('rgb(18, 52, 86)');
    const bubble = (await sendFromComposer(page, 'In the colours of the account')).locator('.bubble');
    expect(await colour(bubble, 'backgroundColor')).toBe('rgb(254, 220, 186)');
    expect(await colour(bubble, 'color')).toBe('rgb(74, 94, 131)');
    expect(await problems()).toEqual([]);
  });

  it('closes on Escape and gives the focus back to the launcher', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await w.input.focus();
    await page.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'detached' });
    await w.launcher.waitFor();
    await expect
      .poll(() =>
        page.evaluate(() => {
          const host = document.activeElement;
          return {
            host: host?.localName ?? null,
            part: host?.shadowRoot?.activeElement?.getAttribute('part') ?? null,
          };
        }),
      )
      .toEqual({ host: 'parley-chat', part: 'launcher' });
    await expect(page.locator('parley-chat').getAttribute('open')).resolves.toBeNull();
  });

  it('shows an unread badge and fires parley-unread when the agent answers while the panel is closed', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await recordEvents(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await sendFromComposer(page, 'Please call me back');
    const deviceId = await deviceIdOf();
    const resultId = await agent.resultId(deviceId, 'Please call me back');

    await w.close.click();
    await w.panel.waitFor({ state: 'detached' });
    await expect(w.badge.count()).resolves.toBe(0);

    await agent.reply(resultId, 'We will call you at five.');
    // A closed chat polls every 30 s.
    await w.badge.waitFor({ timeout: 40_000 });
    await expect(w.badge.textContent()).resolves.toBe('1');
    await expect(w.launcher.getAttribute('aria-label')).resolves.toBe('Open chat, 1 unread');
    const unread = (await recordedEvents(page)).filter((e) => e.type === 'parley-unread');
    expect(unread.map((e) => e.detail)).toEqual([{ count: 1 }]);

    // Opening reads the message: the badge goes, the count goes back to 0.
    await w.launcher.click();
    await w.agentMessage('We will call you at five.').waitFor();
    await w.badge.waitFor({ state: 'detached' });
    const after = (await recordedEvents(page)).filter((e) => e.type === 'parley-unread');
    expect(after.map((e) => e.detail)).toEqual([{ count: 1 }, { count: 0 }]);
  }, 90_000);
});
