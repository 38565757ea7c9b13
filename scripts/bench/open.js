// @ts-check
// The first open of a conversation of 200 messages: launcher click to the latest message shown, and the main
// thread's script and task time meanwhile; the same when the pointer rested on the launcher first (the chat's chunk
// loaded on that intent, as it mostly is for a visitor); then after a reload, when the widget's cache has them.

import {
  clickPart,
  hoverPart,
  inFreshContext,
  metricsOf,
  newPage,
  sleep,
  watched,
  watchMessage,
  widgetReady,
} from './browser.js';

const COUNT = 200;

/**
 * Clicks the launcher once the widget is ready (with `hover`, once the pointer has rested on it for a second); how
 * long until `Message 200` shows, and the script and task time.
 * @param {import('./browser.js').Page} page
 * @param {{ hover?: boolean }} [options]
 */
async function timeOpen(page, { hover = false } = {}) {
  const metrics = await metricsOf(page);
  await widgetReady(page);
  if (hover) await hoverPart(page, 'launcher');
  await sleep(hover ? 1000 : 500); // what the page does right after loading (or on the hover) is not the open's
  await watchMessage(page, { text: `Message ${COUNT}` });
  const before = await metrics.read();
  await clickPart(page, 'launcher');
  const { clicked, shown } = await watched(page);
  const after = await metrics.read();
  return {
    shownMs: shown.perf - clicked.perf,
    scriptMs: after.scriptMs - before.scriptMs,
    taskMs: after.taskMs - before.taskMs,
  };
}

/**
 * A fresh browser context with a conversation of COUNT messages on the server, its page loaded.
 * @param {import('./suite.js').Env} env
 * @param {string} name
 * @param {(page: import('./browser.js').Page) => Promise<Record<string, number>>} use
 */
const withConversation = (env, name, use) =>
  inFreshContext(env.browser, async (context) => {
    const deviceId = `bench-${env.runId}-${name}`;
    await env.api.seed(deviceId, COUNT);
    return use(await newPage(context, await env.api.pageUrl({ deviceId })));
  });

/** @type {import('./suite.js').Suite} */
export const open = {
  name: 'first open',
  figures: [
    { name: 'open 200: shown', unit: 'ms' },
    { name: 'open 200: script', unit: 'ms', digits: 1 },
    { name: 'open 200: tasks', unit: 'ms', digits: 1 },
    { name: 'open 200 after hover: shown', unit: 'ms' },
    { name: 'open 200 after hover: tasks', unit: 'ms', digits: 1 },
    { name: 'reopen 200: shown', unit: 'ms' },
    { name: 'reopen 200: script', unit: 'ms', digits: 1 },
    { name: 'reopen 200: tasks', unit: 'ms', digits: 1 },
  ],
  measure: async (env, run) => ({
    ...(await withConversation(env, `open-${run}`, async (page) => {
      const first = await timeOpen(page);
      await sleep(1000); // the cache is written after the messages show
      await page.reload({ waitUntil: 'load' });
      const cached = await timeOpen(page);
      return {
        'open 200: shown': first.shownMs,
        'open 200: script': first.scriptMs,
        'open 200: tasks': first.taskMs,
        'reopen 200: shown': cached.shownMs,
        'reopen 200: script': cached.scriptMs,
        'reopen 200: tasks': cached.taskMs,
      };
    })),
    ...(await withConversation(env, `hover-${run}`, async (page) => {
      const hovered = await timeOpen(page, { hover: true });
      return { 'open 200 after hover: shown': hovered.shownMs, 'open 200 after hover: tasks': hovered.taskMs };
    })),
  }),
};
