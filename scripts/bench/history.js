// @ts-check
// A conversation of 1,000 messages, all of it loaded by scrolling to the top again and again: how long from the
// launcher click until `Message 1` shows with no "Show earlier messages" left, the script time, and what the page
// then holds (JS heap and DOM nodes, after a garbage collection).

import { clickPart, inFreshContext, metricsOf, newPage, sleep, STEP_TIMEOUT, widgetReady } from './browser.js';

const COUNT = 1000;

/**
 * In the page: from the next click on, scrolls the message list to the top each frame until the oldest message
 * shows and no "Show earlier messages"/"Loading…" button is left; `window.__bench.history` gets the times.
 */
function scrollToTheStartAfterClick() {
  const bench = /** @type {any} */ (window).__bench;
  const root = /** @type {ShadowRoot} */ (document.querySelector('parley-chat')?.shadowRoot);
  bench.history = { clicked: null, done: null };
  const olderButton = (/** @type {Element} */ list) =>
    [...list.querySelectorAll('button')].find((b) =>
      /^(Show earlier messages|Loading…)$/.test(b.textContent?.trim() ?? ''),
    );
  const step = () => {
    const list = root.querySelector('[part~="messages"]');
    if (list) {
      const button = olderButton(list);
      const first = root.querySelector('[part~="message"] [part~="text"]')?.textContent?.trim();
      if (!button && first === 'Message 1') {
        bench.history.done = performance.now();
        return;
      }
      if (list.scrollTop > 0) list.scrollTop = 0;
      // Already at the top with nothing loading: setting 0 again would fire no scroll event.
      else if (button && !(/** @type {HTMLButtonElement} */ (button).disabled)) list.scrollTop = 1;
    }
    requestAnimationFrame(step);
  };
  const start = () => {
    bench.history.clicked = performance.now();
    requestAnimationFrame(step);
  };
  document.addEventListener('click', start, { capture: true, once: true });
}

/** @type {import('./suite.js').Suite} */
export const history = {
  name: 'history',
  figures: [
    { name: 'history 1000: all shown', unit: 'ms' },
    { name: 'history 1000: script', unit: 'ms' },
    { name: 'history 1000: JS heap', unit: 'KB' },
    { name: 'history 1000: shadow nodes', unit: 'count' },
    { name: 'history 1000: DOM nodes', unit: 'count' },
  ],
  measure: (env, run) =>
    inFreshContext(env.browser, async (context) => {
      const deviceId = `bench-${env.runId}-history-${run}`;
      await env.api.seed(deviceId, COUNT);
      const page = await newPage(context, await env.api.pageUrl({ deviceId }));
      const metrics = await metricsOf(page);
      await widgetReady(page);
      await sleep(500);
      await page.evaluate(scrollToTheStartAfterClick);
      const before = await metrics.read();
      await clickPart(page, 'launcher');
      await page.waitForFunction(() => /** @type {any} */ (window).__bench.history.done !== null, {
        timeout: 4 * STEP_TIMEOUT,
      });
      const after = await metrics.read();
      /** @type {{ clicked: number, done: number }} */
      const times = await page.evaluate(() => /** @type {any} */ (window).__bench.history);
      const shadowNodes = await page.evaluate(
        () => document.querySelector('parley-chat')?.shadowRoot?.querySelectorAll('*').length ?? 0,
      );
      await metrics.collectGarbage();
      const held = await metrics.read();
      return {
        'history 1000: all shown': times.done - times.clicked,
        'history 1000: script': after.scriptMs - before.scriptMs,
        'history 1000: JS heap': held.heapBytes / 1024,
        'history 1000: shadow nodes': shadowNodes,
        'history 1000: DOM nodes': held.nodes,
      };
    }),
};
