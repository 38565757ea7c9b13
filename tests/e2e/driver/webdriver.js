// @ts-check
// WebKit (the engine of Safari and of every iOS WebView): WebKitGTK's MiniBrowser driven by WebKitWebDriver over
// classic WebDriver (selenium-webdriver), under an X display (Xvfb, started here when DISPLAY is not set).
// One WebDriver session per context: its storage is fresh. Its tabs are windows of that session, so each stays
// visible; WebDriver talks to one window at a time, so every command of a tab switches to its window first, one
// command at a time.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Builder, Key, Origin } from 'selenium-webdriver';
import { DEFAULT_VIEWPORT } from './page.js';

/** @typedef {import('./page.js').Tab} Tab */
/** @typedef {import('./page.js').Size} Size */
/** @typedef {import('selenium-webdriver').WebDriver} WebDriver */

export const DRIVER = '/usr/bin/WebKitWebDriver';

/** `KeyboardEvent.key` names the tests press, as WebDriver's key codes (a character stands for itself). */
const KEYS = {
  Enter: Key.ENTER,
  Escape: Key.ESCAPE,
  Tab: Key.TAB,
  Shift: Key.SHIFT,
};

export async function launchWebDriver() {
  const xvfb = process.env.DISPLAY ? null : await startXvfb();
  const display = process.env.DISPLAY ?? /** @type {{ display: string }} */ (xvfb).display;
  const port = await freePort();
  const driver = spawn(DRIVER, [`--port=${port}`], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitForServer(`${url}/status`);
  let version = '';
  return {
    get version() {
      return version;
    },
    async newContext() {
      const session = await startSession(url);
      version ||= `MiniBrowser (WebKitGTK) ${(await session.getCapabilities()).get('browserVersion')}`;
      return contextOf(session);
    },
    async close() {
      driver.kill();
      xvfb?.process.kill();
    },
  };
}

/** A MiniBrowser start that takes longer than this has hung (seen once in CI): it is abandoned and tried again. */
const SESSION_START_MS = 20_000;
const SESSION_TRIES = 3;

/** A new WebDriver session, its window ready. @param {string} url @returns {Promise<WebDriver>} */
async function startSession(url) {
  for (let attempt = 1; ; attempt++) {
    const starting = new Builder().usingServer(url).withCapabilities({ browserName: 'MiniBrowser' }).build();
    const ready = starting.then(async (session) => {
      // A script may wait for the widget as long as a test would (the soak's bursts under faults do).
      await session.manage().setTimeouts({ script: 300_000 });
      await session.getWindowHandle();
      return session;
    });
    const session = await Promise.race([ready, sleep(SESSION_START_MS).then(() => null)]);
    if (session) return session;
    ready.then((late) => late.quit()).catch(() => undefined);
    if (attempt === SESSION_TRIES) throw new Error(`WebKitWebDriver started no session in ${SESSION_TRIES} tries`);
  }
}

/** @param {WebDriver} session */
async function contextOf(session) {
  let queue = Promise.resolve();
  let current = await session.getWindowHandle();
  let first = true;
  /**
   * Runs `command` on `handle`'s window, after the commands before it.
   * @template T
   * @param {string} handle
   * @param {() => Promise<T>} command
   * @returns {Promise<T>}
   */
  const on = (handle, command) => {
    const run = queue.then(async () => {
      if (current !== handle) await session.switchTo().window(handle);
      current = handle;
      return command();
    });
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
  return {
    async newTab() {
      const opened = async () => {
        await session.switchTo().newWindow('window');
        current = await session.getWindowHandle();
        return current;
      };
      const handle = first ? current : await on(current, opened);
      first = false;
      const tab = tabOf(session, handle, on);
      await tab.setViewport(DEFAULT_VIEWPORT);
      return tab;
    },
    close: () => session.quit(),
  };
}

/**
 * @param {WebDriver} session
 * @param {string} handle
 * @param {<T>(handle: string, command: () => Promise<T>) => Promise<T>} on
 * @returns {Tab}
 */
function tabOf(session, handle, on) {
  /** @type {<T>(command: () => Promise<T>) => Promise<T>} */
  const run = (command) => on(handle, command);
  return {
    goto: (url) => run(() => session.get(url)),
    reload: () => run(() => session.navigate().refresh()),
    evaluate: (expression) => run(() => session.executeScript(`return ${expression}`)),
    click: (x, y) => run(() => session.actions().move({ x, y, origin: Origin.VIEWPORT }).click().perform()),
    press: (chord) =>
      run(() => {
        const keys = chord.split('+').map((k) => /** @type {Record<string, string>} */ (KEYS)[k] ?? k);
        let actions = session.actions();
        for (const key of keys.slice(0, -1)) actions = actions.keyDown(key);
        actions = actions.sendKeys(/** @type {string} */ (keys.at(-1)));
        for (const key of keys.slice(0, -1).reverse()) actions = actions.keyUp(key);
        return actions.perform();
      }),
    // The window's size less its toolbar; MiniBrowser's window is at least about 450 px wide, so a phone's
    // width comes out wider (the page gets what the window could give).
    setViewport: (size) =>
      run(async () => {
        /** @type {[number, number]} */
        const chrome = await session.executeScript('return [outerWidth - innerWidth, outerHeight - innerHeight]');
        await session
          .manage()
          .window()
          .setRect({ width: size.width + chrome[0], height: size.height + chrome[1] });
        /** @type {[number, number]} */
        const [width, height] = await session.executeScript('return [innerWidth, innerHeight]');
        return { width, height };
      }),
    screenshot: () => run(async () => Buffer.from(await session.takeScreenshot(), 'base64')),
    close: () => run(() => session.close()),
  };
}

/** Xvfb on a free display number (it writes the number it took to the file descriptor `-displayfd` names). */
async function startXvfb() {
  const process = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1920x1200x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [chunk] = /** @type {[Buffer]} */ (await once(/** @type {NodeJS.ReadableStream} */ (process.stdout), 'data'));
  return { process, display: `:${chunk.toString().trim()}` };
}

/** @returns {Promise<number>} */
async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

/** @param {string} url */
async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(50);
  }
  throw new Error(`${DRIVER} did not start (${url})`);
}
