// The script-tag embedding on the demo page (strict CSP): a visitor opens the chat, writes, an agent answers. Once
// per backend (backends.ts): Parley on the home page, Kommunicate on demo/kommunicate.html.
import { expect, it } from 'vitest';
import { forEachBackend } from './backends';
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

forEachBackend('chat on the script-tag page', (backend) => {
  const home = `${baseUrl}${backend.homePage}`;
  it('makes no API request before the launcher is clicked, and logs no console error or CSP violation', async () => {
    const { page } = state;
    await page.goto(home);
    const w = widget(page);
    await w.launcher.waitFor();
    await expect(w.launcher.getAttribute('aria-label')).resolves.toBe('Open chat');
    // Proving that nothing happens: a short fixed wait.
    await page.waitForTimeout(3000);
    expect(await backend.requests()).toEqual([]);
    // Nor did the page ask the API (Kommunicate's proxy) for anything that never reached the server.
    expect((await page.requests()).filter((r) => r.path.startsWith(`${backend.pagePrefix}/`))).toEqual([]);
    await w.launcher.click();
    await w.panel.waitFor();
    await expect.poll(() => w.title.textContent()).toBe(backend.title);
    await sendFromComposer(page, 'Hello from a strict CSP page');
    expect(await problems()).toEqual([]);
  });

  it('sends a message once, shows the agent reply with the agent name', async () => {
    const { page } = state;
    await page.goto(home);
    const w = widget(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await expect(w.panel.getAttribute('role')).resolves.toBe('dialog');
    await expect.poll(() => w.title.textContent()).toBe(backend.title);
    // The text field has the focus once the panel is open.
    await expect.poll(() => w.input.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);

    const bubble = await sendFromComposer(page, 'Is my street connected yet?');
    await expect(w.input.inputValue()).resolves.toBe('');
    expect(await w.userMessages.count()).toBe(1);
    expect((await backend.messagesByText())['Is my street connected yet?']).toBe(1);
    expect(await bubble.isVisible()).toBe(true);

    const deviceId = await deviceIdOf(backend.name);
    expect(await backend.visitors()).toEqual([deviceId]);
    await backend.reply(deviceId, 'Is my street connected yet?', 'Yes, since last Tuesday!', 'Alex');
    const reply = w.agentMessage('Yes, since last Tuesday!');
    await reply.waitFor({ timeout: POLL_TIMEOUT });
    await expect(reply.locator('[part~="agent-name"]').textContent()).resolves.toBe('Alex');
    await expect(reply.locator('[part~="time"]').count()).resolves.toBe(1);

    // Still exactly one copy of the visitor's message on the server and in the list, after a few polls.
    expect((await backend.messagesByText())['Is my street connected yet?']).toBe(1);
    expect(await w.userMessage('Is my street connected yet?').count()).toBe(1);
    expect(await w.agentMessages.count()).toBe(1);
    expect(await problems()).toEqual([]);
  });

  // Kommunicate has no typing events (the adapter polls only, without typing): Parley only.
  it('shows the agent typing indicator while the agent types', async ({ skip }) => {
    skip(backend.name === 'kommunicate', 'Kommunicate has no typing events (polling only)');
    const { page } = state;
    await page.goto(home);
    const w = widget(page);
    await w.launcher.click();
    await sendFromComposer(page, 'Anyone there?');
    const resultId = await agent.resultId(await deviceIdOf(), 'Anyone there?');
    await expect(w.typing.count()).resolves.toBe(0);
    await agent.typing(resultId, true);
    await w.typing.waitFor({ state: 'visible', timeout: POLL_TIMEOUT });
    await agent.typing(resultId, false);
    await w.typing.waitFor({ state: 'hidden', timeout: POLL_TIMEOUT });
  });

  // The account config (`GET /parley/config`) is Parley's; Kommunicate has none to theme the widget from.
  it("themes itself from the account config, and the host page's own --parley-* properties win over it", async ({
    skip,
  }) => {
    skip(backend.name === 'kommunicate', "Kommunicate has no account config (GET /parley/config is Parley's)");
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
    await page.goto(home);
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
    await page.goto(home);
    const w = widget(page);
    await recordEvents(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await sendFromComposer(page, 'Please call me back');
    const deviceId = await deviceIdOf(backend.name);

    await w.close.click();
    await w.panel.waitFor({ state: 'detached' });
    await expect(w.badge.count()).resolves.toBe(0);

    await backend.reply(deviceId, 'Please call me back', 'We will call you at five.');
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
