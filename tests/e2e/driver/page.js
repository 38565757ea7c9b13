// @ts-check
// The half of the driver that the tests program against, the same in every engine: a context (one browser
// storage, its tabs), a page (one tab) and locators, with the few operations the browser tests need and
// Playwright's names and waiting rules for them (an action waits until its element is there, visible, enabled
// and not covered; a read waits until it is there; `count` and `isVisible` do not wait). Everything runs in the
// page (in-page.js) through the engine's one "evaluate", except clicks, keys, viewport, screenshots and
// navigation, which each engine's tab does natively (puppeteer.js, webdriver.js).

import { setTimeout as sleep } from 'node:timers/promises';
import { inPage } from './in-page.js';

/** @typedef {import('./in-page.js').Step} Step */
/** @typedef {import('./in-page.js').TextMatch} TextMatch */
/** @typedef {{ width: number, height: number }} Size */
/** @typedef {{ x: number, y: number, width: number, height: number }} Box */

/**
 * What an engine gives for one tab. `evaluate` takes an expression (it may be a promise) and returns its value as
 * JSON would carry it.
 * @typedef {object} Tab
 * @property {(url: string) => Promise<void>} goto until the load event
 * @property {() => Promise<void>} reload until the load event
 * @property {(expression: string) => Promise<any>} evaluate
 * @property {(x: number, y: number) => Promise<void>} click a real mouse click at viewport coordinates
 * @property {(key: string) => Promise<void>} press a key by its `KeyboardEvent.key` name, or a chord: "Shift+Tab"
 * @property {(size: Size) => Promise<Size>} setViewport returns the viewport the engine could give
 * @property {() => Promise<Uint8Array>} screenshot PNG of the viewport
 * @property {() => Promise<void>} close
 */
/**
 * @typedef {object} EngineContext one fresh browser storage
 * @property {() => Promise<Tab>} newTab a tab of this storage, 1280×720
 * @property {() => Promise<void>} close
 */

/** Playwright's default timeout of actions and waits. */
const DEFAULT_TIMEOUT = 30_000;
const POLL_MS = 30;
export const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

const LIB = `(${inPage})()`;

/** @param {unknown} value */
const json = (value) => (value === undefined ? 'undefined' : JSON.stringify(value));

/** @param {TextMatch | RegExp} match */
const textMatch = (match) => (match instanceof RegExp ? { source: match.source, flags: match.flags } : match);

export class Context {
  /** @param {EngineContext} engine */
  constructor(engine) {
    this.engine = engine;
    /** @type {Page[]} the open pages, oldest first */
    this.open = [];
  }

  async newPage() {
    const page = new Page(await this.engine.newTab(), this);
    this.open.push(page);
    return page;
  }

  pages() {
    return [...this.open];
  }

  close() {
    return this.engine.close();
  }
}

export class Page {
  /**
   * @param {Tab} tab
   * @param {Context} context
   */
  constructor(tab, context) {
    this.tab = tab;
    this.context = context;
    this.defaultTimeout = DEFAULT_TIMEOUT;
    /** @type {Size} */
    this.viewport = DEFAULT_VIEWPORT;
    this.keyboard = { press: (/** @type {string} */ key) => this.tab.press(key) };
  }

  /** @param {number} ms */
  setDefaultTimeout(ms) {
    this.defaultTimeout = ms;
  }

  /** @param {string} url */
  goto(url) {
    return this.tab.goto(url);
  }

  reload() {
    return this.tab.reload();
  }

  /**
   * Runs `fn(arg)` in the page; `arg` and the result travel as JSON.
   * @template R, A
   * @param {(arg: A) => R | Promise<R>} fn
   * @param {A} [arg]
   * @returns {Promise<R>}
   */
  evaluate(fn, arg) {
    return this.tab.evaluate(`(${fn}).call(null, ${json(arg)})`);
  }

  /**
   * Waits until `fn(arg)` is truthy in the page.
   * @template A
   * @param {(arg: A) => unknown} fn
   * @param {A} [arg]
   * @param {{ timeout?: number }} [options]
   */
  waitForFunction(fn, arg, { timeout = this.defaultTimeout } = {}) {
    return this.until(() => this.evaluate(fn, arg).then((value) => (value ? true : { wait: 'still false' })), timeout);
  }

  /** @param {number} ms */
  waitForTimeout(ms) {
    return sleep(ms);
  }

  /** @param {Size} size */
  async setViewportSize(size) {
    this.viewport = await this.tab.setViewport(size);
  }

  /** The viewport this page has: what was asked for, or as near as the engine's windows go (see webdriver.js). */
  viewportSize() {
    return this.viewport;
  }

  screenshot() {
    return this.tab.screenshot();
  }

  async close() {
    this.context.open = this.context.open.filter((p) => p !== this);
    await this.tab.close();
  }

  /** @param {string} css */
  locator(css) {
    return new Locator(this, [{ css }]);
  }

  /** The requests this page made since it loaded (method, path, epoch ms), as the probe recorded them. */
  requests() {
    return this.evaluate(
      () =>
        /** @type {{ __requests: { method: string, path: string, time: number }[] }} */ (
          /** @type {unknown} */ (window)
        ).__requests,
    );
  }

  /**
   * Polls `attempt` until it returns something other than `{ wait }`; fails after `timeout` ms with the last reason.
   * @template T
   * @param {() => Promise<T | { wait: string }>} attempt
   * @param {number} timeout
   * @param {string} [what]
   * @returns {Promise<T>}
   */
  async until(attempt, timeout, what = 'condition') {
    const deadline = Date.now() + timeout;
    for (;;) {
      const result = await attempt();
      const wait = result && typeof result === 'object' && 'wait' in result ? String(result.wait) : null;
      if (wait === null) return /** @type {T} */ (result);
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}: ${wait}`);
      await sleep(POLL_MS);
    }
  }
}

export class Locator {
  /**
   * @param {Page} page
   * @param {Step[]} steps
   */
  constructor(page, steps) {
    this.page = page;
    this.steps = steps;
  }

  /** @param {Step} step */
  narrow(step) {
    return new Locator(this.page, [...this.steps, step]);
  }

  /** @param {string} css elements below these that match */
  locator(css) {
    return this.narrow({ css });
  }

  /**
   * @param {string} role
   * @param {{ name?: string | RegExp, exact?: boolean }} [options]
   */
  getByRole(role, { name, exact } = {}) {
    return this.narrow({ role, ...(name === undefined ? {} : { name: textMatch(name) }), exact });
  }

  /** @param {{ has?: Locator, hasText?: string | RegExp }} filter */
  filter({ has, hasText }) {
    /** @type {Locator} */
    let narrowed = this;
    if (hasText !== undefined) narrowed = narrowed.narrow({ hasText: textMatch(hasText) });
    if (has) narrowed = narrowed.narrow({ has: has.steps });
    return narrowed;
  }

  /** @param {number} index */
  nth(index) {
    return this.narrow({ nth: index });
  }

  first() {
    return this.nth(0);
  }

  toString() {
    return JSON.stringify(this.steps);
  }

  /**
   * Runs `body(found, lib, arg)` in the page on the elements found now.
   * @param {string} body a function's source
   * @param {unknown} [arg]
   */
  run(body, arg) {
    const found = `${LIB}.resolve(${JSON.stringify(this.steps)})`;
    return this.page.tab.evaluate(`(${body})(${found}, ${LIB}, ${json(arg)})`);
  }

  /**
   * Waits until exactly one element is found (more is an error, as in Playwright's strict mode), then runs
   * `body(el, lib, arg)`, again while it returns `{ wait }`.
   * @param {string} body
   * @param {unknown} [arg]
   * @param {number} [timeout]
   */
  one(body, arg, timeout = this.page.defaultTimeout) {
    const attempt = () =>
      this.run(
        `(found, lib, arg) => found.length === 0 ? { wait: 'no such element' }
          : found.length > 1 ? { strict: found.length } : (${body})(found[0], lib, arg)`,
        arg,
      ).then((result) => {
        if (result?.strict) throw new Error(`strict mode: ${result.strict} elements for ${this}`);
        return result;
      });
    return this.page.until(attempt, timeout, `${this}`);
  }

  /** @returns {Promise<number>} */
  count() {
    return this.run('(found) => found.length');
  }

  async all() {
    return Array.from({ length: await this.count() }, (_, i) => this.nth(i));
  }

  /** @param {{ state?: 'attached' | 'detached' | 'visible' | 'hidden', timeout?: number }} [options] */
  async waitFor({ state = 'visible', timeout = this.page.defaultTimeout } = {}) {
    const test = {
      attached: 'found.length > 0',
      detached: 'found.length === 0',
      visible: 'found.some(lib.isVisible)',
      hidden: '!found.some(lib.isVisible)',
    }[state];
    await this.page.until(
      () => this.run(`(found, lib) => (${test}) ? true : { wait: 'not ${state}' }`),
      timeout,
      `${this} to be ${state}`,
    );
  }

  /** @param {{ timeout?: number }} [options] */
  async click({ timeout } = {}) {
    const point = await this.one('(el, lib) => lib.clickPoint(el)', undefined, timeout);
    await this.page.tab.click(point.x, point.y);
  }

  /** @param {string} text */
  async fill(text) {
    await this.one(
      "(el, lib, text) => !lib.isVisible(el) ? { wait: 'not visible' } : el.disabled ? { wait: 'disabled' } : (lib.fill(el, text), true)",
      text,
    );
  }

  async focus() {
    await this.one('(el) => (el.focus(), true)');
  }

  /** @param {string} key */
  async press(key) {
    await this.focus();
    await this.page.tab.press(key);
  }

  /**
   * @param {{ name: string, mimeType: string, buffer: Uint8Array } | { name: string, mimeType: string, buffer: Uint8Array }[]} files
   */
  async setInputFiles(files) {
    const list = (Array.isArray(files) ? files : [files]).map(({ name, mimeType, buffer }) => ({
      name,
      mimeType,
      base64: Buffer.from(buffer).toString('base64'),
    }));
    await this.one('(el, lib, files) => (lib.setFiles(el, files), true)', list);
  }

  /**
   * @param {string} name
   * @returns {Promise<string | null>}
   */
  getAttribute(name) {
    return this.one('(el, lib, name) => el.getAttribute(name)', name);
  }

  /** @returns {Promise<string | null>} */
  textContent() {
    return this.one('(el) => el.textContent');
  }

  /** @returns {Promise<string>} */
  inputValue() {
    return this.one('(el) => el.value');
  }

  /** @returns {Promise<boolean>} */
  isEnabled() {
    return this.one('(el) => !el.matches(":disabled")');
  }

  /** @returns {Promise<boolean>} */
  async isVisible() {
    const visible = await this.run(
      '(found, lib) => found.length > 1 ? { strict: found.length } : found.some(lib.isVisible)',
    );
    if (visible?.strict) throw new Error(`strict mode: ${visible.strict} elements for ${this}`);
    return visible;
  }

  /** @returns {Promise<Box | null>} null when not visible */
  boundingBox() {
    return this.one(`(el, lib) => {
      if (!lib.isVisible(el)) return null;
      const { x, y, width, height } = el.getBoundingClientRect();
      return { x, y, width, height };
    }`);
  }

  /** @returns {Promise<string[]>} */
  allTextContents() {
    return this.run("(found) => found.map((el) => el.textContent ?? '')");
  }

  /**
   * Runs `fn(el, arg)` in the page on the one element.
   * @template R, A
   * @param {(el: any, arg: A) => R | Promise<R>} fn
   * @param {A} [arg]
   * @returns {Promise<R>}
   */
  evaluate(fn, arg) {
    return this.one(`(el, lib, arg) => (${fn})(el, arg)`, arg);
  }

  /**
   * Runs `fn(elements, arg)` in the page on all elements found now.
   * @template R, A
   * @param {(els: any[], arg: A) => R | Promise<R>} fn
   * @param {A} [arg]
   * @returns {Promise<R>}
   */
  evaluateAll(fn, arg) {
    return this.run(`(found, lib, arg) => (${fn})(found, arg)`, arg);
  }
}
