// @ts-check
// Chromium (over the DevTools protocol) and Firefox (over WebDriver BiDi) through puppeteer-core, with Debian's
// browsers: a tab of the driver (page.js) for each.

import puppeteer from 'puppeteer-core';
import { LAUNCH_OPTIONS } from '../../../scripts/chromium.js';
import { DEFAULT_VIEWPORT } from './page.js';

/** @typedef {import('./page.js').Tab} Tab */

export const FIREFOX_PATH = '/usr/bin/firefox-esr';

const FIREFOX = {
  browser: /** @type {const} */ ('firefox'),
  executablePath: FIREFOX_PATH,
  // Overlay scrollbars, as on phones and macOS: classic ones would take 12 px of the panel's width.
  extraPrefsFirefox: { 'ui.useOverlayScrollbars': 1 },
};

/** @param {'chromium' | 'firefox'} engine */
export async function launchPuppeteer(engine) {
  const browser = await puppeteer.launch({
    ...(engine === 'firefox' ? FIREFOX : { ...LAUNCH_OPTIONS, browser: 'chrome' }),
    headless: true,
    defaultViewport: DEFAULT_VIEWPORT,
  });
  return {
    version: await browser.version(),
    async newContext() {
      const context = await browser.createBrowserContext();
      return {
        // Each tab in a window of its own, so that every tab stays visible (as two windows side by side).
        newTab: async () => tabOf(await context.newPage({ type: 'window' })),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/**
 * @param {import('puppeteer-core').Page} page
 * @returns {Tab}
 */
function tabOf(page) {
  return {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    reload: async () => {
      await page.reload({ waitUntil: 'load' });
    },
    evaluate: (expression) => page.evaluate(expression),
    click: (x, y) => page.mouse.click(x, y),
    press: async (chord) => {
      const keys = /** @type {import('puppeteer-core').KeyInput[]} */ (chord.split('+'));
      for (const key of keys.slice(0, -1)) await page.keyboard.down(key);
      await page.keyboard.press(/** @type {import('puppeteer-core').KeyInput} */ (keys.at(-1)));
      for (const key of keys.slice(0, -1).reverse()) await page.keyboard.up(key);
    },
    setViewport: async (size) => {
      // Puppeteer's BiDi setViewport also overrides the screen orientation, a command Firefox 140 ESR lacks; the
      // size is set all the same: the viewport the page measures is the answer.
      const set = await page.setViewport(size).then(
        () => true,
        (error) => {
          if (!String(error?.message).includes('setScreenOrientationOverride')) throw error;
          return false;
        },
      );
      if (set) return size;
      // The size command may still be on its way when the orientation command fails.
      const measure = () => page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
      for (let i = 0; i < 20; i++) {
        const now = await measure();
        if (now.width === size.width && now.height === size.height) return now;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return measure();
    },
    screenshot: () => page.screenshot(),
    close: () => page.close(),
  };
}
