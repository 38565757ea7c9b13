// @ts-check
// The engines the browser tests run in, and how each is started: a browser whose contexts are driver contexts
// (page.js), each a fresh browser storage.

import { Context } from './page.js';

export const ENGINES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);
/** @typedef {typeof ENGINES[number]} Engine */

/**
 * @param {Engine} engine
 * @returns {Promise<{ engine: Engine, version: string, newContext(): Promise<Context>, close(): Promise<void> }>}
 */
export async function launch(engine) {
  const browser =
    engine === 'webkit'
      ? await (await import('./webdriver.js')).launchWebDriver()
      : await (await import('./puppeteer.js')).launchPuppeteer(engine);
  return {
    engine,
    get version() {
      return browser.version;
    },
    newContext: async () => new Context(await browser.newContext()),
    close: () => browser.close(),
  };
}

/**
 * The engines a `--browser` value names: one of ENGINES, or `all` (the default).
 * @param {string | undefined} value
 * @returns {Engine[]}
 */
export function enginesOf(value = 'all') {
  if (value === 'all') return [...ENGINES];
  const engine = ENGINES.find((e) => e === value);
  if (!engine) throw new Error(`--browser is one of ${ENGINES.join(', ')} or all, not "${value}"`);
  return [engine];
}
