// The driver itself (tests/e2e/driver/), in each engine: if it cannot see a problem, find an element, click where
// a visitor would or press a key, the other browser tests prove nothing. Plain pages, no widget.
import { describe, expect, it } from 'vitest';
import { baseUrl, control, engine, gotoTestPage, problems, useBrowser } from './browser';

const state = useBrowser();

/** A page or script the server serves at `path` (an HTML page with the probe first in it). */
async function serve(path: string, html: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/__control/pages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ path, html, headers }),
  });
  expect(response.status).toBe(200);
}

describe(`the test driver in ${engine}`, () => {
  it('reports console errors, uncaught errors, unhandled rejections and CSP violations, also across a reload', async () => {
    const { page } = state;
    await serve(
      '/problems.html',
      `<!doctype html><html><head><title>p</title></head><body><script src="/problems.js"></script>
       <script>console.log('inline ran')</script></body></html>`,
      { 'Content-Security-Policy': "script-src 'self'" },
    );
    await serve(
      '/problems.js',
      `console.error('logged', 42);
       setTimeout(() => { throw new Error('thrown'); });
       Promise.reject(new Error('rejected'));`,
      { 'Content-Type': 'text/javascript' },
    );
    await page.goto(`${baseUrl}/problems.html`);
    const expected = [
      'console: logged 42',
      'pageerror: thrown',
      'pageerror: rejected',
      'csp: script-src-elem blocked inline',
    ];
    const seen = async () => (await problems()).map((p) => p.replace('script-src blocked', 'script-src-elem blocked'));
    await expect.poll(async () => [...(await seen())].sort()).toEqual([...expected].sort());
    await page.reload();
    await expect.poll(async () => (await seen()).length).toBe(8);
    await control.reset();
    expect(await problems()).toEqual([]);
  });

  it('finds through shadow roots by css, role and text; strict for one element; waits for elements to come and go', async () => {
    const { page } = state;
    await gotoTestPage(
      page,
      `<div id="host"></div><script>
        const root = document.getElementById('host').attachShadow({ mode: 'open' });
        root.innerHTML = '<button part="a">One</button><button part="a" aria-label="Second">Two</button>' +
          '<textarea aria-label="Message"></textarea><p part="late" hidden>Soon</p>';
        setTimeout(() => root.querySelector('[part=late]').hidden = false, 300);
        setTimeout(() => root.querySelector('[part=late]').remove(), 600);
      </script>`,
    );
    const host = page.locator('#host');
    expect(await host.locator('[part~="a"]').count()).toBe(2);
    await expect(host.locator('[part~="a"]').textContent()).rejects.toThrow(/strict mode: 2 elements/);
    expect(await host.getByRole('button', { name: 'second' }).textContent()).toBe('Two');
    expect(await host.getByRole('button', { name: 'One', exact: true }).count()).toBe(1);
    expect(await host.getByRole('button', { name: /^S/ }).count()).toBe(1);
    expect(await host.getByRole('textbox', { name: 'Message' }).count()).toBe(1);
    expect(await host.locator('button').filter({ hasText: 'one' }).count()).toBe(1);
    expect(await page.locator('button').count()).toBe(2);
    const late = host.locator('[part~="late"]');
    await late.waitFor({ state: 'visible', timeout: 3000 });
    await late.waitFor({ state: 'detached', timeout: 3000 });
    await expect(host.locator('[part~="none"]').waitFor({ timeout: 200 })).rejects.toThrow(/Timed out after 200 ms/);
  });

  it('clicks with a real pointer where the element shows, once nothing covers it; fills; presses real keys', async () => {
    const { page } = state;
    await gotoTestPage(
      page,
      `<div style="height: 1500px"></div><button id="b">Press</button><input id="i">
       <div id="cover" style="position: fixed; inset: 0; background: #fff"></div><script>
        window.events = [];
        const log = (e) => events.push(e.type + ':' + e.isTrusted + ':' + (e.key ?? '') + ':' + (e.target.id || e.target.localName));
        for (const type of ['click', 'keydown', 'input']) document.addEventListener(type, log, true);
        setTimeout(() => document.getElementById('cover').remove(), 400);
      </script>`,
    );
    const events = () => page.evaluate(() => (window as unknown as { events: string[] }).events);
    await page.locator('#b').click();
    expect(await events()).toEqual(['click:true::b']);
    await page.locator('#i').fill('typed');
    expect(await page.locator('#i').inputValue()).toBe('typed');
    await page.locator('#i').press('Enter');
    await page.keyboard.press('Shift+Tab');
    const log = await events();
    expect(log).toContain('keydown:true:Enter:i');
    // WebKitGTK's WebDriver sends Shift+Tab as GTK's ISO_Left_Tab, which arrives as key "Unidentified" (a real
    // keyboard's gives "Tab"); the focus moves back all the same.
    expect(log).toContain(`keydown:true:${engine === 'webkit' ? 'Unidentified' : 'Tab'}:i`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('b');
  });

  it('opens a second tab on the same storage, both visible; the probe lists each page’s requests', async () => {
    const { page, context } = state;
    await gotoTestPage(page, '<p>first</p>');
    await page.evaluate(() => {
      localStorage.setItem('shared', 'yes');
      void fetch('/parley/config', { method: 'GET' });
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/__control/nothing');
      xhr.send();
    });
    const second = await context.newPage();
    await second.goto(`${baseUrl}/e2e.html`);
    expect(await second.evaluate(() => localStorage.getItem('shared'))).toBe('yes');
    for (const p of [page, second]) expect(await p.evaluate(() => document.visibilityState)).toBe('visible');
    expect((await page.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /parley/config',
      'POST /__control/nothing',
    ]);
    expect(await second.requests()).toEqual([]);
  });

  it('sets the viewport, or says what the engine could give', async () => {
    const { page } = state;
    await gotoTestPage(page, '<p>sized</p>');
    await page.setViewportSize({ width: 600, height: 500 });
    expect(await page.evaluate(() => [innerWidth, innerHeight])).toEqual([600, 500]);
    await page.setViewportSize({ width: 375, height: 700 });
    const { width, height } = page.viewportSize();
    expect(await page.evaluate(() => [innerWidth, innerHeight])).toEqual([width, height]);
    expect(height).toBe(700);
    // MiniBrowser's window is at least about 450 px wide: WebKit's phone layouts are tested at that width.
    if (engine !== 'webkit') expect(width).toBe(375);
    expect(width).toBeLessThan(480);
    const png = await page.screenshot();
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });
});
