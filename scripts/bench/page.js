// @ts-check
// The bench's test pages (the HTML of tests/e2e/browser.ts gotoTestPage, with the bench's instruments first) and
// the functions that run inside them. Functions passed to `page.evaluate` or written into a page are sent as source:
// each uses nothing from outside its body.

import { acceleratedClock } from './clock.js';

/**
 * @typedef {object} PageOptions
 * @property {'en' | 'nl'} [lang]
 * @property {string} [deviceId] the widget's `device-id` attribute
 * @property {number} [clockSpeed] run the page on the accelerated clock (clock.js) at this speed
 */

/** @typedef {{ perf: number, epoch: number }} PageTime `performance.now()` and `Date.now()`, on the page's clock */

/**
 * What every bench page records, in `window.__bench`: when the launcher first had a box (a rAF loop: the frame
 * that paints it), when the element said `parley-ready`, the last click, and the long tasks.
 */
export function instruments() {
  const bench = {
    launcherVisible: /** @type {number | null} */ (null),
    ready: /** @type {number | null} */ (null),
    clicked: /** @type {PageTime | null} */ (null),
    longTasks: /** @type {number[]} */ ([]),
  };
  /** @type {any} */ (window).__bench = bench;
  const now = () => ({ perf: performance.now(), epoch: Date.now() });
  document.addEventListener('click', () => (bench.clicked = now()), { capture: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('parley-ready', () => (bench.ready = performance.now()), { once: true });
  const look = () => {
    const launcher = document.querySelector('parley-chat')?.shadowRoot?.querySelector('[part~="launcher"]');
    const box = launcher?.getBoundingClientRect();
    if (box && box.width > 0 && box.height > 0) bench.launcherVisible = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

/** @param {PageOptions} options */
export function pageHtml({ lang = 'en', deviceId, clockSpeed }) {
  const clock = clockSpeed ? `(${acceleratedClock})(${clockSpeed});` : '';
  const device = deviceId ? ` device-id="${deviceId}"` : '';
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>bench</title>' +
    `<script>${clock}(${instruments})();</script></head><body>` +
    `<parley-chat api-url="/parley" lang="${lang}"${device}></parley-chat>` +
    '<script src="/dist/parley-chat.js"></script></body></html>'
  );
}

/** A path for the page with these options (one page per distinct HTML). */
export function pagePath(/** @type {PageOptions} */ { lang = 'en', deviceId, clockSpeed }) {
  return `/bench/${lang}${clockSpeed ? `-x${clockSpeed}` : ''}${deviceId ? `-${deviceId}` : ''}.html`;
}

/**
 * In the page: a shadow part of the widget.
 * @param {string} name
 */
export const partOf = (name) =>
  document.querySelector('parley-chat')?.shadowRoot?.querySelector(`[part~="${name}"]`) ?? null;

/**
 * In the page: whether the message with this exact text is in the list with a box (of `kind` `user` or `agent`,
 * and for a visitor's message `data-status="sent"` when `sent`).
 * @param {{ text: string, kind?: string, sent?: boolean }} wanted
 */
export function messageShown({ text, kind, sent }) {
  const root = document.querySelector('parley-chat')?.shadowRoot;
  const selector = kind ? `[part~="message"][part~="${kind}"]` : '[part~="message"]';
  const message = [...(root?.querySelectorAll(selector) ?? [])].find(
    (m) => m.querySelector('[part~="text"]')?.textContent?.trim() === text,
  );
  const box = message?.getBoundingClientRect();
  return Boolean(box && box.width > 0 && box.height > 0 && (!sent || message?.getAttribute('data-status') === 'sent'));
}

/**
 * In the page: starts watching for a message; `window.__bench.shown` gets the time it got into the list with a box
 * (a MutationObserver on the shadow root looks after each change, so not at the next frame or poll).
 * Called as `(${watchForMessage})(wanted, ${messageShown})`.
 * @param {{ text: string, kind?: string }} wanted
 * @param {typeof messageShown} shown
 */
export function watchForMessage(wanted, shown) {
  const bench = /** @type {any} */ (window).__bench;
  bench.shown = null;
  const root = /** @type {ShadowRoot} */ (document.querySelector('parley-chat')?.shadowRoot);
  const check = () => {
    if (bench.shown || !shown(wanted)) return;
    bench.shown = { perf: performance.now(), epoch: Date.now() };
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  check();
}

/**
 * In the page: hands a file to the composer's file input as a file picker does (see tests/e2e/driver/in-page.js).
 * @param {{ name: string, mimeType: string, base64: string }} file
 */
export function attachFile({ name, mimeType, base64 }) {
  const input = document
    .querySelector('parley-chat')
    ?.shadowRoot?.querySelector('[part~="composer"] input[type="file"]');
  if (!(input instanceof HTMLInputElement)) throw new Error('the composer has no file input');
  const transfer = new DataTransfer();
  transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type: mimeType }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** In the page: whether the visitor's latest message is an image, sent. */
export function imageSent() {
  const root = document.querySelector('parley-chat')?.shadowRoot;
  const mine = [...(root?.querySelectorAll('[part~="message"][part~="user"]') ?? [])].at(-1);
  return Boolean(
    mine?.querySelector('[part~="image"], [part~="image-button"]') && mine.getAttribute('data-status') === 'sent',
  );
}
