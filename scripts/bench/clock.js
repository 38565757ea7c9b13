// @ts-check
// The accelerated clock of the figures that take page-minutes (request counts, a reply a minute after opening):
// a script first in the page makes timers `speed` times shorter and Date and performance.now `speed` times faster,
// so an hour of the widget's life takes a minute. Page time is continuous: each change of rate starts a segment.

/**
 * From epoch ms `real` on, the page's `Date.now()` is `page + (realNow - real) * rate`.
 * @typedef {{ real: number, page: number, rate: number }} ClockSegment
 */

/** The clock of a page without the accelerated clock. */
export const REAL_CLOCK = /** @type {ClockSegment[]} */ ([{ real: 0, page: 0, rate: 1 }]);

/**
 * Runs in the page (its source is put into a `<script>` before the widget's), so it uses nothing from this file.
 * While an IndexedDB open or a request (fetch, XMLHttpRequest) is pending, the clock runs at real speed: the widget
 * gives the open 1.5 s before it keeps its state in memory, and 1.5 s / 60 is shorter than a first open takes
 * (about 45 ms in a fresh context); and a poll waits for its answer before it sets the next poll's timer, so a
 * round trip 60 times longer in page time would make the polls fewer.
 * @param {number} speed
 */
export function acceleratedClock(speed) {
  const w = /** @type {any} */ (window);
  const RealDate = Date;
  const realPerf = performance.now.bind(performance);
  const origin = performance.timeOrigin;
  const nativeSetTimeout = window.setTimeout.bind(window);
  const nativeClearTimeout = window.clearTimeout.bind(window);
  /** @type {{ real: number, page: number, rate: number }[]} before this script ran, page time was real time */
  const segments = [{ real: 0, page: 0, rate: 1 }];
  let rate = 1;
  let realAt = realPerf();
  let pageAt = realAt;
  const pagePerf = () => pageAt + (realPerf() - realAt) * rate;
  const pageNow = () => origin + pagePerf();

  /** @typedef {{ due: number, every: number | null, run: () => void, handle?: number }} Timer due in page ms */
  /** @type {Map<number, Timer>} */
  const timers = new Map();
  let lastId = 0;
  /** @param {number} id @param {Timer} timer */
  const arm = (id, timer) => {
    timer.handle = nativeSetTimeout(() => fire(id), Math.max(0, (timer.due - pagePerf()) / rate));
  };
  /** @param {number} id */
  const fire = (id) => {
    const timer = timers.get(id);
    if (!timer) return;
    // The native delay is rounded to whole ms: more than a real ms early, wait the rest.
    if (timer.due - pagePerf() > rate) return arm(id, timer);
    if (timer.every === null) timers.delete(id);
    else {
      timer.due = pagePerf() + timer.every;
      arm(id, timer);
    }
    timer.run();
  };
  /**
   * @param {unknown} callback
   * @param {unknown} delay
   * @param {unknown[]} args
   * @param {boolean} repeat
   */
  const add = (callback, delay, args, repeat) => {
    if (typeof callback !== 'function') throw new TypeError('bench clock: timers take functions, not strings');
    const ms = Math.max(0, Number(delay) || 0);
    const timer = { due: pagePerf() + ms, every: repeat ? Math.max(1, ms) : null, run: () => callback(...args) };
    timers.set(++lastId, timer);
    arm(lastId, timer);
    return lastId;
  };
  /** @param {number} id */
  const clear = (id) => {
    nativeClearTimeout(timers.get(id)?.handle);
    timers.delete(id);
  };
  /** @param {number} next */
  const setRate = (next) => {
    const now = realPerf();
    pageAt += (now - realAt) * rate;
    realAt = now;
    rate = next;
    segments.push({ real: origin + now, page: origin + pageAt, rate });
    timers.forEach((timer, id) => {
      nativeClearTimeout(timer.handle);
      arm(id, timer);
    });
  };

  w.setTimeout = (/** @type {unknown} */ callback, /** @type {unknown} */ delay, /** @type {unknown[]} */ ...args) =>
    add(callback, delay, args, false);
  w.setInterval = (/** @type {unknown} */ callback, /** @type {unknown} */ delay, /** @type {unknown[]} */ ...args) =>
    add(callback, delay, args, true);
  w.clearTimeout = clear;
  w.clearInterval = clear;

  /** @param {unknown[]} args */
  function PageDate(...args) {
    if (!new.target) return new RealDate(pageNow()).toString();
    return Reflect.construct(RealDate, args.length ? args : [pageNow()]);
  }
  PageDate.prototype = RealDate.prototype;
  PageDate.now = pageNow;
  PageDate.parse = RealDate.parse;
  PageDate.UTC = RealDate.UTC;
  w.Date = PageDate;
  Object.defineProperty(performance, 'now', { value: pagePerf, configurable: true, writable: true });

  // Waiting for IndexedDB or the network takes as long in page time as it really does.
  let busy = 0;
  const begin = () => ++busy === 1 && setRate(1);
  // A task later: whoever waited has seen the answer before the timers speed up again.
  const end = () => void nativeSetTimeout(() => --busy === 0 && setRate(speed), 0);

  const open = IDBFactory.prototype.open;
  /** @this {IDBFactory} @param {string} name @param {number} [version] */
  IDBFactory.prototype.open = function (name, version) {
    const request = version === undefined ? open.call(this, name) : open.call(this, name, version);
    begin();
    request.addEventListener('success', end, { once: true });
    request.addEventListener('error', end, { once: true });
    return request;
  };
  const fetch = window.fetch;
  /** @param {RequestInfo | URL} input @param {RequestInit} [init] */
  w.fetch = (input, init) => {
    begin();
    const answer = fetch.call(window, input, init);
    answer.then(end, end);
    return answer;
  };
  const send = XMLHttpRequest.prototype.send;
  /** @this {XMLHttpRequest} @param {Document | XMLHttpRequestBodyInit | null} [body] */
  XMLHttpRequest.prototype.send = function (body) {
    begin();
    this.addEventListener('loadend', end, { once: true });
    return send.call(this, body);
  };

  setRate(speed);
  w.__clock = { speed, segments };
}

/**
 * @param {ClockSegment[]} segments
 * @param {(segment: ClockSegment) => number} start where a segment starts, on the clock looked up
 * @param {number} time
 */
function segmentAt(segments, start, time) {
  let found = /** @type {ClockSegment} */ (segments[0]);
  for (const s of segments) if (start(s) <= time) found = s;
  return found;
}

/**
 * The page's time (epoch ms on its clock) at a real epoch time, e.g. when the server logged a request.
 * @param {ClockSegment[]} segments
 * @param {number} real
 */
export function pageTimeAt(segments, real) {
  const s = segmentAt(segments, (x) => x.real, real);
  return s.page + (real - s.real) * s.rate;
}

/**
 * The real epoch time at which the page's clock shows `page`.
 * @param {ClockSegment[]} segments
 * @param {number} page
 */
export function realTimeAt(segments, page) {
  const s = segmentAt(segments, (x) => x.page, page);
  return s.real + (page - s.page) / s.rate;
}
