// @ts-check
// The first open of a conversation of 200 messages: launcher click to the latest message shown, and the main
// thread's script time meanwhile; then the same after a reload, when the widget's cache has them.

import { clickPart, inFreshContext, metricsOf, newPage, sleep, watched, watchMessage, widgetReady } from './browser.js';

const COUNT = 200;

/**
 * Clicks the launcher once the widget is ready; how long until `Message 200` shows, and the script time.
 * @param {import('./browser.js').Page} page
 * @param {Awaited<ReturnType<typeof metricsOf>>} metrics
 */
async function timeOpen(page, metrics) {
  await widgetReady(page);
  await sleep(500); // what the page does right after loading is not the open's
  await watchMessage(page, { text: `Message ${COUNT}` });
  const before = await metrics.read();
  await clickPart(page, 'launcher');
  const { clicked, shown } = await watched(page);
  const after = await metrics.read();
  return { shownMs: shown.perf - clicked.perf, scriptMs: after.scriptMs - before.scriptMs };
}

/** @type {import('./suite.js').Suite} */
export const open = {
  name: 'first open',
  figures: [
    { name: 'open 200: shown', unit: 'ms' },
    { name: 'open 200: script', unit: 'ms', digits: 1 },
    { name: 'reopen 200: shown', unit: 'ms' },
    { name: 'reopen 200: script', unit: 'ms', digits: 1 },
  ],
  measure: (env, run) =>
    inFreshContext(env.browser, async (context) => {
      const deviceId = `bench-${env.runId}-open-${run}`;
      await env.api.seed(deviceId, COUNT);
      const page = await newPage(context, await env.api.pageUrl({ deviceId }));
      const metrics = await metricsOf(page);
      const first = await timeOpen(page, metrics);
      await sleep(1000); // the cache is written after the messages show
      await page.reload({ waitUntil: 'load' });
      const cached = await timeOpen(page, metrics);
      return {
        'open 200: shown': first.shownMs,
        'open 200: script': first.scriptMs,
        'reopen 200: shown': cached.shownMs,
        'reopen 200: script': cached.scriptMs,
      };
    }),
};
