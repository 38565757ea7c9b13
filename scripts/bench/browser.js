// @ts-check
// Chromium through puppeteer-core, as the browser tests start it, and what the figures do in its pages: a visitor's
// actions on the widget's shadow parts, the DevTools protocol's metrics, the page's clock and request log.

import { setTimeout as sleep } from 'node:timers/promises';
import puppeteer from 'puppeteer-core';
import { LAUNCH_OPTIONS } from '../chromium.js';
import { pageTimeAt, REAL_CLOCK, realTimeAt } from './clock.js';
import { imageSent, messageShown, partOf, watchForMessage } from './page.js';

/** @typedef {import('puppeteer-core').Browser} Browser */
/** @typedef {import('puppeteer-core').BrowserContext} Context */
/** @typedef {import('puppeteer-core').Page} Page */
/** @typedef {import('./clock.js').ClockSegment} ClockSegment */

/** How long any one step may take before the run counts as failed. */
export const STEP_TIMEOUT = 30_000;

export { sleep };

export const launchChromium = () => puppeteer.launch({ ...LAUNCH_OPTIONS, browser: 'chrome', headless: true });

/**
 * Runs `use` in a fresh browser context (new storage), closed afterwards.
 * @template T
 * @param {Browser} browser
 * @param {(context: Context) => Promise<T>} use
 */
export async function inFreshContext(browser, use) {
  const context = await browser.createBrowserContext();
  try {
    return await use(context);
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * A new page in a window of its own (so that it stays visible beside the context's other pages).
 * @param {Context} context
 * @param {string} [url] opened, until its load event
 */
export async function newPage(context, url) {
  const page = await context.newPage({ type: 'window' });
  page.setDefaultTimeout(STEP_TIMEOUT);
  if (url) await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** Waits until the widget showed its launcher and read its stored state (`parley-ready`). @param {Page} page */
export async function widgetReady(page) {
  await page.waitForFunction(() => {
    const bench = /** @type {any} */ (window).__bench;
    return Boolean(bench) && bench.ready !== null && bench.launcherVisible !== null;
  });
}

/**
 * Acts on a part of the widget once it is there.
 * @param {Page} page
 * @param {string} name
 * @param {(handle: import('puppeteer-core').ElementHandle<Element>) => Promise<void>} act
 */
async function onPart(page, name, act) {
  await page.waitForFunction(partOf, {}, name);
  const handle = /** @type {import('puppeteer-core').ElementHandle<Element>} */ (
    (await page.evaluateHandle(partOf, name)).asElement()
  );
  await act(handle);
  await handle.dispose();
}

/** @param {Page} page @param {string} name */
export const clickPart = (page, name) => onPart(page, name, (handle) => handle.click());

/** Moves the pointer onto a part (a visitor's intent), without a click. @param {Page} page @param {string} name */
export const hoverPart = (page, name) => onPart(page, name, (handle) => handle.hover());

/**
 * Opens the chat and waits for the composer.
 * @param {Page} page
 */
export async function openChat(page) {
  await clickPart(page, 'launcher');
  await page.waitForFunction(partOf, {}, 'input');
}

/**
 * Types `text` into the composer, presses Enter, and waits until the server confirmed it.
 * @param {Page} page
 * @param {string} text
 */
export async function sendText(page, text) {
  await clickPart(page, 'input');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction(messageShown, {}, { text, kind: 'user', sent: true });
}

/** @param {Page} page */
export const waitForImageSent = (page) => page.waitForFunction(imageSent);

/**
 * @param {Page} page
 * @param {{ text: string, kind?: string }} wanted
 */
export const waitForMessage = (page, wanted) => page.waitForFunction(messageShown, {}, wanted);

/**
 * Starts watching for a message (see `watchForMessage`).
 * @param {Page} page
 * @param {{ text: string, kind?: string }} wanted
 */
export const watchMessage = (page, wanted) =>
  page.evaluate(`(${watchForMessage})(${JSON.stringify(wanted)}, ${messageShown})`);

/** @typedef {import('./page.js').PageTime} PageTime */

/**
 * Waits until the watched message showed: when, and when the last click was, on the page's clocks.
 * @param {Page} page
 * @returns {Promise<{ clicked: PageTime, shown: PageTime }>}
 */
export async function watched(page) {
  await page.waitForFunction(() => /** @type {any} */ (window).__bench.shown !== null);
  return page.evaluate(() => /** @type {any} */ (window).__bench);
}

/**
 * When the last click in the page was, on its clocks.
 * @param {Page} page
 * @returns {Promise<PageTime>}
 */
export const lastClick = (page) => page.evaluate(() => /** @type {any} */ (window).__bench.clicked);

/**
 * The DevTools protocol's performance metrics of the page's renderer (ScriptDuration and TaskDuration in ms).
 * @param {Page} page
 */
export async function metricsOf(page) {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  return {
    async read() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const value = (/** @type {string} */ name) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
      return {
        scriptMs: value('ScriptDuration') * 1000,
        taskMs: value('TaskDuration') * 1000,
        heapBytes: value('JSHeapUsedSize'),
        nodes: value('Nodes'),
      };
    },
    /** A full garbage collection, so that heap and node counts are what the page keeps. */
    collectGarbage: () => cdp.send('HeapProfiler.collectGarbage'),
  };
}

/**
 * The segments of the page's clock (clock.js); real time for a page without the accelerated clock.
 * @param {Page} page
 * @returns {Promise<ClockSegment[]>}
 */
export const clockOf = async (page) =>
  (await page.evaluate(() => /** @type {any} */ (window).__clock?.segments)) ?? REAL_CLOCK;

/**
 * Waits (in real time) until the page's clock shows `time`.
 * @param {Page} page
 * @param {number} time epoch ms on the page's clock
 */
export async function untilPageTime(page, time) {
  for (;;) {
    const segments = await clockOf(page);
    const left = realTimeAt(segments, time) - Date.now();
    if (left <= 0) return;
    // At real speed (IndexedDB opening, a request under way) the clock may speed up any moment: look again soon.
    const realSpeed = segments.at(-1)?.rate === 1;
    await sleep(realSpeed ? Math.min(left, 10) : Math.max(1, left));
  }
}

/**
 * The Parley API requests the page made since it loaded, by the probe's log (`window.__requests`, see
 * demo/server/probe.js): the time of each on the page's clock.
 * @param {Page} page
 * @returns {Promise<{ method: string, path: string, time: number }[]>}
 */
export async function apiRequestsOf(page) {
  /** @type {{ method: string, path: string, time: number }[]} */
  const all = await page.evaluate(() => /** @type {any} */ (window).__requests);
  return all.filter((r) => r.path.startsWith('/parley/'));
}

/** The page's time at a real epoch time. @param {Page} page @param {number} real */
export const pageTimeOf = async (page, real) => pageTimeAt(await clockOf(page), real);
