// @ts-check
// The engines the browser tests run in, and how each is started: a browser whose contexts are driver contexts
// (page.js), each a fresh browser storage.

import { existsSync } from 'node:fs';
import { Context } from './page.js';
import { FIREFOX_PATH, launchPuppeteer } from './puppeteer.js';
import { CHROMIUM } from '../../../scripts/chromium.js';
import { DRIVER, launchWebDriver } from './webdriver.js';

export const ENGINES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);
/** @typedef {typeof ENGINES[number]} Engine */

/**
 * @param {Engine} engine
 * @returns {Promise<{ engine: Engine, version: string, newContext(): Promise<Context>, close(): Promise<void> }>}
 */
export async function launch(engine) {
  const browser = engine === 'webkit' ? await launchWebDriver() : await launchPuppeteer(engine);
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

/** The programs each engine needs, from Debian's packages. */
const PROGRAMS = {
  chromium: [CHROMIUM],
  firefox: [FIREFOX_PATH],
  webkit: [DRIVER, ...(process.env.DISPLAY ? [] : ['/usr/bin/Xvfb'])],
};

/**
 * Why these engines cannot run here (a program is missing, with what installs it), or null.
 * @param {Engine[]} engines
 */
export function missingPrograms(engines) {
  const missing = engines.flatMap((engine) => PROGRAMS[engine].filter((program) => !existsSync(program)));
  if (missing.length === 0) return null;
  return (
    `missing ${missing.join(', ')}: install Debian's packages with ` +
    '`sudo apt-get install chromium firefox-esr webkit2gtk-driver xvfb` (.ci/run does), or pick engines with --browser'
  );
}
