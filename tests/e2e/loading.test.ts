// What a page loads: the script-tag loader alone until the visitor shows intent, the chat's chunk then; calls made
// through window.ParleyChat before it arrived; a chunk that cannot load; the single-file build.
import { describe, expect, it } from 'vitest';
import {
  baseUrl,
  control,
  gotoTestPage,
  POLL_TIMEOUT,
  problems,
  sendFromComposer,
  serverCounts,
  useBrowser,
  userBubbles,
  widget,
  widgetFiles,
} from './browser';

const state = useBrowser();

const LOADER = '/dist/parley-chat.js';
const CHAT = '/dist/parley-chat/chat.js';
const CORE = '/dist/parley-chat/core.js';

describe('loading', () => {
  it('a page view loads only the loader; focus on the launcher loads the chat; the conversation works', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await w.launcher.waitFor();
    // Proving that nothing more loads: a short fixed wait.
    await page.waitForTimeout(1500);
    expect(await widgetFiles(page)).toEqual([LOADER]);
    expect(await control.requests()).toEqual([]);

    await w.launcher.focus();
    await expect.poll(() => widgetFiles(page)).toEqual([LOADER, CHAT, CORE]);
    expect(await control.requests()).toEqual([]);
    await w.launcher.click();
    await w.panel.waitFor();
    await expect.poll(() => w.title.textContent()).toBe('Parley Demo');
    await sendFromComposer(page, 'Hello after the chunk');
    // A text conversation in English needs no other chunk (images, languages).
    expect(await widgetFiles(page)).toEqual([LOADER, CHAT, CORE]);
    expect(await problems()).toEqual([]);
  });

  it("a page in another language loads that language's chunk beside the chat, and only then shows the chat", async () => {
    const { page } = state;
    await gotoTestPage(page, '<parley-chat api-url="/parley" lang="nl"></parley-chat>');
    const w = widget(page);
    await w.launcher.waitFor();
    expect(await w.launcher.getAttribute('aria-label')).toBe('Chat openen');
    await w.launcher.click();
    await w.panel.waitFor();
    expect(await w.part('input').getAttribute('placeholder')).toBe('Typ een bericht…');
    expect((await widgetFiles(page)).sort()).toEqual([LOADER, CHAT, CORE, '/dist/parley-chat/lang-nl.js'].sort());
    expect(await problems()).toEqual([]);
  });

  it('calls made through window.ParleyChat before the chat loaded are honoured, in order, once', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    await widget(page).launcher.waitFor();
    await page.evaluate(() => {
      const chat = window.ParleyChat!;
      void chat.send('queued first');
      void chat.send('queued second');
      chat.open();
    });
    await widget(page).panel.waitFor();
    await expect
      .poll(() => userBubbles(page), { timeout: POLL_TIMEOUT })
      .toEqual([
        { text: 'queued first', status: 'sent' },
        { text: 'queued second', status: 'sent' },
      ]);
    expect(await serverCounts(['queued first', 'queued second'])).toEqual({ 'queued first': 1, 'queued second': 1 });
  });

  it('a chat that cannot load: the launcher says so; the next click loads it and a queued message goes once', async () => {
    const { page } = state;
    await control.unavailable(CHAT);
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await w.launcher.waitFor();
    await page.evaluate(() => void window.ParleyChat!.send('queued while the chat could not load'));
    await w.launcher.click();
    const notice = w.host.locator('[role="alert"]');
    await notice.waitFor();
    expect(await notice.textContent()).toBe('The chat could not load. Try again.');
    expect(await w.panel.count()).toBe(0);

    await control.available();
    await w.launcher.click();
    await w.panel.waitFor({ timeout: POLL_TIMEOUT });
    expect(await notice.count()).toBe(0);
    await expect
      .poll(() => userBubbles(page), { timeout: POLL_TIMEOUT })
      .toEqual([{ text: 'queued while the chat could not load', status: 'sent' }]);
    expect(await serverCounts(['queued while the chat could not load'])).toEqual({
      'queued while the chat could not load': 1,
    });
  });

  it("a language's chunk that cannot load: the launcher says so (in that language); the next click loads it", async () => {
    const { page } = state;
    await control.unavailable('/dist/parley-chat/lang-nl.js');
    await gotoTestPage(page, '<parley-chat api-url="/parley" lang="nl"></parley-chat>');
    const w = widget(page);
    await w.launcher.click();
    const notice = w.host.locator('[role="alert"]');
    await notice.waitFor();
    expect(await notice.textContent()).toBe('De chat kon niet laden. Probeer het opnieuw.');
    await control.available();
    await w.launcher.click();
    await w.panel.waitFor({ timeout: POLL_TIMEOUT });
    expect(await w.part('input').getAttribute('placeholder')).toBe('Typ een bericht…');
  });

  it('the single-file build loads nothing else and works under the same strict CSP', async () => {
    const { page } = state;
    const csp =
      "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'";
    await gotoTestPage(page, '<parley-chat api-url="/parley" lang="en"></parley-chat>', {
      script: '/dist/parley-chat.full.js',
      headers: { 'Content-Security-Policy': csp },
    });
    const w = widget(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await sendFromComposer(page, 'From the single file');
    expect(await widgetFiles(page)).toEqual(['/dist/parley-chat.full.js']);
    expect(await problems()).toEqual([]);
  });
});
