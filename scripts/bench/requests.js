// @ts-check
// What the widget asks of the Parley API over page-minutes and hours, on the accelerated clock (clock.js), counted
// from each page's own request log (the dev server's probe) by the page's clock: a new visitor who never opens, a
// returning visitor with the chat closed, the chat open and idle for an hour, and four tabs of one browser.

import {
  apiRequestsOf,
  clockOf,
  inFreshContext,
  lastClick,
  newPage,
  openChat,
  clickPart,
  sendText,
  untilPageTime,
  widgetReady,
} from './browser.js';
import { pageTimeAt, realTimeAt } from './clock.js';

const MINUTE = 60_000;

/** @typedef {import('./browser.js').Page} Page */

/**
 * How many of `times` (epoch ms) lie in [from, from + minutes).
 * @param {number[]} times
 * @param {number} from
 * @param {number} minutes
 */
const countIn = (times, from, minutes) => times.filter((t) => t >= from && t < from + minutes * MINUTE).length;

/**
 * The times of the page's Parley API requests; tells the runner how many there were.
 * @param {import('./suite.js').Env} env
 * @param {Page} page
 */
async function requestTimes(env, page) {
  const requests = await apiRequestsOf(page);
  env.countRequests(requests.length);
  return requests.map((r) => r.time);
}

/** @param {Page} page */
const pageStart = (page) => page.evaluate(() => performance.timeOrigin);

/** @type {import('./suite.js').Suite} */
export const visitor = {
  name: 'API requests, visitors',
  countsRequests: true,
  figures: [
    { name: 'API: new visitor, 60 s', unit: 'requests', accelerated: true },
    { name: 'API: returning, closed', unit: 'per min', digits: 1, accelerated: true },
  ],
  async measure(env, run) {
    const url = await env.api.pageUrl({ clockSpeed: env.clockSpeed });
    const newVisitor = await inFreshContext(env.browser, async (context) => {
      const page = await newPage(context, url);
      const start = await pageStart(page);
      await untilPageTime(page, start + MINUTE);
      return countIn(await requestTimes(env, page), start, 1);
    });
    const returning = await inFreshContext(env.browser, async (context) => {
      const page = await newPage(context, url);
      await widgetReady(page);
      await openChat(page);
      await sendText(page, `bench ${env.runId} returning ${run}`);
      await clickPart(page, 'close');
      await requestTimes(env, page);
      await page.reload({ waitUntil: 'load' });
      const start = await pageStart(page);
      await untilPageTime(page, start + 10 * MINUTE);
      return countIn(await requestTimes(env, page), start, 10) / 10;
    });
    return { 'API: new visitor, 60 s': newVisitor, 'API: returning, closed': returning };
  },
};

/** @type {import('./suite.js').Suite} */
export const idle = {
  name: 'API requests, open and idle',
  countsRequests: true,
  parallel: true,
  figures: [
    { name: 'API: open idle, 1st min', unit: 'requests', accelerated: true },
    { name: 'API: open idle, 3rd min', unit: 'requests', accelerated: true },
    { name: 'API: open idle, 10th min', unit: 'requests', accelerated: true },
    { name: 'API: open idle, per hour', unit: 'requests', accelerated: true },
  ],
  measure: (env) =>
    inFreshContext(env.browser, async (context) => {
      const page = await newPage(context, await env.api.pageUrl({ clockSpeed: env.clockSpeed }));
      await widgetReady(page);
      await openChat(page);
      const opened = (await lastClick(page)).epoch;
      await untilPageTime(page, opened + 60 * MINUTE);
      const times = await requestTimes(env, page);
      return {
        'API: open idle, 1st min': countIn(times, opened, 1),
        'API: open idle, 3rd min': countIn(times, opened + 2 * MINUTE, 1),
        'API: open idle, 10th min': countIn(times, opened + 9 * MINUTE, 1),
        'API: open idle, per hour': (countIn(times, opened + 10 * MINUTE, 50) * 60) / 50,
      };
    }),
};

const TABS = 4;
const FOCUS_EVERY_MS = 10_000;
const TABS_MINUTES = 5;

/** @type {import('./suite.js').Suite} */
export const tabs = {
  name: 'API requests, four tabs',
  countsRequests: true,
  figures: [{ name: 'API: 4 tabs, focus moving', unit: 'per min', digits: 1, accelerated: true }],
  measure: (env) =>
    inFreshContext(env.browser, async (context) => {
      const url = await env.api.pageUrl({ clockSpeed: env.clockSpeed });
      /** @type {Page[]} */
      const pages = [];
      for (let i = 0; i < TABS; i++) pages.push(await newPage(context, url));
      for (const page of pages) await widgetReady(page);
      const first = /** @type {Page} */ (pages[0]);
      await openChat(first);
      // Each tab has a clock of its own: the minutes are those of the first tab's.
      const start = (await lastClick(first)).epoch;
      for (let move = 1; move * FOCUS_EVERY_MS < TABS_MINUTES * MINUTE; move++) {
        await untilPageTime(first, start + move * FOCUS_EVERY_MS);
        const tab = /** @type {Page} */ (pages[move % TABS]);
        await tab.evaluate(() => window.dispatchEvent(new Event('focus')));
      }
      await untilPageTime(first, start + TABS_MINUTES * MINUTE);
      const firstClock = await clockOf(first);
      /** @type {number[]} */
      const times = [];
      for (const page of pages) {
        const clock = await clockOf(page);
        for (const time of await requestTimes(env, page)) times.push(pageTimeAt(firstClock, realTimeAt(clock, time)));
      }
      return { 'API: 4 tabs, focus moving': countIn(times, start, TABS_MINUTES) / TABS_MINUTES };
    }),
};
