// @ts-check
// A page view: navigation start to the launcher shown, the main thread's work from navigation to 2 s after the load
// event (the DevTools protocol's ScriptDuration and TaskDuration), long tasks, and the JS heap afterwards.

import { inFreshContext, metricsOf, newPage, sleep } from './browser.js';

/** @type {import('./suite.js').Suite} */
export const load = {
  name: 'page load',
  figures: [
    { name: 'load: launcher shown', unit: 'ms' },
    { name: 'load: script', unit: 'ms', digits: 1 },
    { name: 'load: tasks', unit: 'ms', digits: 1 },
    { name: 'load: long tasks', unit: 'count' },
    { name: 'load: long tasks total', unit: 'ms' },
    { name: 'load: JS heap', unit: 'KB' },
  ],
  measure: (env) =>
    inFreshContext(env.browser, async (context) => {
      const page = await newPage(context);
      const metrics = await metricsOf(page);
      const before = await metrics.read();
      await page.goto(await env.api.pageUrl({ lang: 'en' }), { waitUntil: 'load' });
      await sleep(2000);
      const after = await metrics.read();
      /** @type {{ launcherVisible: number | null, longTasks: number[] }} */
      const bench = await page.evaluate(() => /** @type {any} */ (window).__bench);
      await metrics.collectGarbage();
      const { heapBytes } = await metrics.read();
      return {
        'load: launcher shown': bench.launcherVisible ?? {
          notMeasured: 'the launcher did not show within 2 s of load',
        },
        'load: script': after.scriptMs - before.scriptMs,
        'load: tasks': after.taskMs - before.taskMs,
        'load: long tasks': bench.longTasks.length,
        'load: long tasks total': bench.longTasks.reduce((sum, ms) => sum + ms, 0),
        'load: JS heap': heapBytes / 1024,
      };
    }),
};
