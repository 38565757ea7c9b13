#!/usr/bin/env node
// @ts-check
// The soak: many messages through the headless session in a browser (Chromium by default; `--browser firefox` or
// `webkit`, driven as the browser tests drive them), against the dev server while it fails a fraction of the
// requests at random ("chaos") and while the page reloads with messages pending; then a count of what reached
// the server. Every message asked for must be there exactly once. `--backend kommunicate`: the same against the
// dev server's Kommunicate fake, through the example proxy (`/kommunicate-proxy`), with the Kommunicate transport;
// chaos faults the fake's requests, and the copies are counted in the fake's store.
//
//   npm run soak -- --count 1000 --rate 0.15 --seed 42 --reloads 3 --browser chromium --backend parley
//
// Exit code 0: nothing lost or duplicated; 1: something was, the run timed out, or it could not run;
// 2: bad arguments; 130: interrupted (Ctrl-C).

import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { CHAOS_KINDS } from '../demo/server/chaos.js';
import { commandLine } from './lib/args.js';
import { jsonClient, listenOnSnapshot, MissingBuild } from '../demo/server/snapshot.js';
import { ENGINES, enginesOf, launch } from '../tests/e2e/driver/engines.js';

/** @typedef {{ type: 'retry' | 'problem', detail: string }} PageEvent what the page tells, in `state().events` */
/**
 * @typedef {{ ready: boolean, deviceId: string | null, pending: number, failed: number, events: PageEvent[] }} PageState
 */

const BACKENDS = /** @type {const} */ (['parley', 'kommunicate']);
const USAGE =
  'Usage: npm run soak -- [--count 1000] [--rate 0.15] [--seed N] [--reloads 3] [--reload-delay 0] [--burst 10] ' +
  `[--timeout SECONDS] [--browser ${ENGINES.join('|')}] [--backend ${BACKENDS.join('|')}]`;

/** Below this rate a soak proves little; 0 is allowed as a baseline without faults. */
const MIN_RATE = 0.1;
/** The widget's request timeout in the soak: shorter than chaos's `slowAfterHandling` hold (3 s). */
const TIMEOUT_MS = 2000;
/** How long the session must show nothing pending or failed before it counts as settled. */
const QUIET_MS = 1000;

class Interrupted extends Error {}
class TimedOut extends Error {}
/** The soak cannot start; its message says why, a stack would not help. */
class SetupError extends Error {}

const { read, usageError } = commandLine('soak', USAGE, {
  count: { type: 'string' },
  rate: { type: 'string' },
  seed: { type: 'string' },
  reloads: { type: 'string' },
  'reload-delay': { type: 'string' },
  burst: { type: 'string' },
  timeout: { type: 'string' },
  browser: { type: 'string' },
  backend: { type: 'string' },
});

function readOptions() {
  const values = read();
  /**
   * @param {string} name
   * @param {number} fallback
   * @param {(n: number) => boolean} valid
   * @param {string} rule
   */
  const number = (name, fallback, valid, rule) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !valid(n)) usageError(`--${name} must be ${rule}`);
    return n;
  };
  const integer = (/** @type {number} */ min, /** @type {number} */ max) => (/** @type {number} */ n) =>
    Number.isInteger(n) && n >= min && n <= max;
  const count = number('count', 1000, integer(1, 100_000), 'an integer from 1 to 100000');
  const rate = number(
    'rate',
    0.15,
    (n) => n === 0 || (n >= MIN_RATE && n <= 1),
    `0 (a baseline) or from ${MIN_RATE} to 1`,
  );
  const seed = number('seed', randomInt(2 ** 32), integer(0, 2 ** 32 - 1), 'an integer from 0 to 4294967295');
  const burst = number('burst', 10, integer(1, 100), 'an integer from 1 to 100');
  const bursts = Math.ceil(count / burst);
  const reloads = number('reloads', Math.min(3, bursts), integer(0, Infinity), 'an integer, 0 or more');
  if (reloads > bursts) usageError(`--reloads can be at most the number of bursts (${bursts})`);
  // 0: the page reloads as soon as the burst shows in the list, the earliest a visitor could.
  const reloadDelayMs = number('reload-delay', 0, integer(0, 60_000), 'a number of ms from 0 to 60000');
  const timeout = number('timeout', Math.max(300, count * 1.5), (n) => n > 0, 'a number of seconds');
  const backend = /** @type {string} */ (values.backend ?? 'parley');
  if (!(/** @type {readonly string[]} */ (BACKENDS).includes(backend))) {
    usageError(`--backend must be one of ${BACKENDS.join(', ')}`);
  }
  const browser = /** @type {string} */ (values.browser ?? 'chromium');
  if (browser === 'all') usageError('--browser names one engine');
  let engine;
  try {
    [engine] = enginesOf(browser);
  } catch (error) {
    return usageError(/** @type {Error} */ (error).message);
  }
  return {
    count,
    rate,
    seed,
    burst,
    bursts,
    reloads,
    reloadDelayMs,
    timeoutMs: timeout * 1000,
    backend: /** @type {Backend} */ (backend),
    engine: /** @type {import('../tests/e2e/driver/engines.js').Engine} */ (engine),
  };
}

/** @typedef {typeof BACKENDS[number]} Backend */

/**
 * The bursts after which the page reloads, evenly spaced: `reloads` indices below `bursts`.
 * @param {number} bursts
 * @param {number} reloads
 */
function reloadPoints(bursts, reloads) {
  return new Set(Array.from({ length: reloads }, (_, j) => Math.floor(((j + 1) * bursts) / (reloads + 1))));
}

/**
 * @typedef {{ entry: string, transportEntry: string | null, apiPath: string, storageKey: string,
 *   timeoutMs: number }} SoakSetup
 *   transportEntry: the module with `createKommunicateTransport` (null: Parley's, from `entry`); apiPath: the
 *   transport's `apiUrl` on the page's origin
 */

/**
 * The page's side, written into the soak page as source: the session, and a visitor's actions on it. It runs
 * in the browser, so it uses nothing from the scope of this file.
 * @param {SoakSetup} setup
 */
async function soakPage({ entry, transportEntry, apiPath, storageKey, timeoutMs }) {
  /** @type {typeof import('../src/index')} */
  const chat = await import(entry);
  const apiUrl = `${location.origin}${apiPath}`;
  /** @type {typeof import('../src/kommunicate') | null} */
  const kommunicate = transportEntry ? await import(transportEntry) : null;
  const transport = kommunicate
    ? kommunicate.createKommunicateTransport({ apiUrl, timeoutMs })
    : chat.createParleyTransport({ apiUrl, timeoutMs });
  const session = chat.createChatSession({ transport, storageKey });
  /** @type {PageEvent[]} told to the soak with the next `state()` */
  const events = [];
  /** @type {(type: PageEvent['type'], detail: string) => void} */
  const tell = (type, detail) => void events.push({ type, detail });
  const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const own = () => session.messages.value.filter((m) => m.from === 'user');
  const failedCopy = (/** @type {string} */ text) => own().find((m) => m.text === text && m.status === 'failed');
  let ready = false;
  void session.ready.then(() => (ready = true));
  // A visitor with the chat open: the session polls while it sends, as in the widget.
  session.open();

  /** Texts whose "Try again" loop runs. */
  const retrying = new Set();
  /**
   * Presses "Try again" on the failed message with this text until it is no longer failed.
   * @param {string} text
   */
  async function retryUntilSent(text) {
    if (retrying.has(text)) return;
    retrying.add(text);
    try {
      while (failedCopy(text)) {
        await sleep(200); // a visitor reads the notice first
        const failed = failedCopy(text);
        if (!failed) break;
        tell('retry', text);
        await session.retry(failed.id).catch(() => {});
      }
    } finally {
      retrying.delete(text);
    }
  }

  /** @param {string} text */
  async function deliver(text) {
    try {
      await session.send(text);
      return;
    } catch (error) {
      if (!failedCopy(text)) tell('problem', `send("${text}") rejected, but no failed message shows: ${error}`);
    }
    await retryUntilSent(text);
  }

  return {
    /** @param {string[]} texts sent at once (the session keeps their order); settles when each is sent */
    burst: (texts) => Promise.allSettled(texts.map(deliver)).then(() => undefined),
    /**
     * Starts sending and resolves once every text shows in the list: the earliest a visitor could reload.
     * @param {string[]} texts
     */
    async fire(texts) {
      texts.forEach((text) => void deliver(text));
      for (let waited = 0; waited < 10_000 && !texts.every((t) => own().some((m) => m.text === t)); waited += 5)
        await sleep(5);
    },
    retryFailed() {
      for (const m of own()) if (m.status === 'failed' && m.text) void retryUntilSent(m.text);
    },
    /** @returns {PageState} */
    state() {
      const mine = own();
      return {
        ready,
        deviceId: session.deviceId.value,
        pending: mine.filter((m) => m.status === 'pending').length,
        failed: mine.filter((m) => m.status === 'failed').length + retrying.size,
        events: events.splice(0),
      };
    },
  };
}

/** @param {SoakSetup} setup */
const pageHtml = (setup) =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>soak</title></head><body>' +
  `<script type="module">window.__soak = await (${soakPage})(${JSON.stringify(setup)});</script></body></html>`;

async function main() {
  const options = readOptions();
  const runId = randomBytes(3).toString('hex');
  const width = Math.max(4, String(options.count).length);
  const texts = Array.from({ length: options.count }, (_, i) => `soak ${String(i + 1).padStart(width, '0')} ${runId}`);

  // Ctrl-C and the deadline both stop the run: every wait below is raced against this signal.
  const stop = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    if (++interrupts > 1) process.exit(130); // a second Ctrl-C: do not wait for the clean-up
    console.error('\nsoak: interrupted, cleaning up (Ctrl-C again to quit at once)');
    stop.abort(new Interrupted('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  /**
   * @template T
   * @param {Promise<T>} promise
   * @returns {Promise<T>}
   */
  const within = (promise) => {
    promise.catch(() => {}); // it may settle after the run stopped waiting for it
    if (stop.signal.aborted) return Promise.reject(stop.signal.reason);
    return new Promise((resolve, reject) => {
      const onStop = () => reject(stop.signal.reason);
      stop.signal.addEventListener('abort', onStop, { once: true });
      promise.then(resolve, reject).finally(() => stop.signal.removeEventListener('abort', onStop));
    });
  };
  const sleep = (/** @type {number} */ ms) => within(delay(ms));

  /** @type {Awaited<ReturnType<typeof listenOnSnapshot>> | null} */
  let server = null;
  /** @type {Awaited<ReturnType<typeof launch>> | null} */
  let browser = null;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let progressTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let deadlineTimer;
  const shutdown = async () => {
    clearInterval(progressTimer);
    clearTimeout(deadlineTimer);
    await browser?.close().catch(() => {});
    await server?.close();
  };

  try {
    server = await listenOnSnapshot('index.js').catch((error) => {
      throw error instanceof MissingBuild ? new SetupError(`${error.message} (npm run soak does)`) : error;
    });
    const base = server.url;
    const control = jsonClient(base);

    console.log(
      `soak ${runId}: ${options.count} messages in bursts of ${options.burst}, ` +
        `${options.rate ? `chaos rate ${options.rate}, seed ${options.seed}` : 'no chaos'}, ` +
        `${options.reloads} reloads${options.reloadDelayMs ? ` (${options.reloadDelayMs} ms after a burst shows)` : ''}, ` +
        `timeout ${Math.round(options.timeoutMs / 1000)} s, backend ${options.backend}, server ${base}`,
    );
    browser = await launch(options.engine);
    const page = await (await browser.newContext()).newPage();
    console.log(`  in ${options.engine}: ${browser.version}`);
    let retriedByHand = 0;
    let problemsShown = 0;
    /** Prints what went wrong in the page since the last time (its probe tells the server, see probe.js). */
    const showProblems = async () => {
      /** @type {{ kind: string, text: string }[]} */
      const problems = await control('GET', '/__control/problems');
      for (const p of problems.slice(problemsShown)) console.log(`[page] ${p.kind}: ${p.text}`);
      problemsShown = problems.length;
    };
    const pageUrl = `${base}/soak.html`;
    const kommunicate = options.backend === 'kommunicate';
    const html = pageHtml({
      entry: '/dist/index.js',
      transportEntry: kommunicate ? '/dist/kommunicate.js' : null,
      apiPath: kommunicate ? '/kommunicate-proxy' : '/parley',
      storageKey: 'soak',
      timeoutMs: TIMEOUT_MS,
    });
    await control('POST', '/__control/pages', { path: '/soak.html', html });

    /** @type {Set<string>} */
    const deviceIds = new Set();
    /**
     * Calls a method of the page's `window.__soak`.
     * @param {'burst' | 'fire' | 'retryFailed' | 'state'} name
     * @param {unknown} [arg]
     * @returns {Promise<any>}
     */
    const inPage = (name, arg) =>
      within(page.evaluate(([n, a]) => /** @type {any} */ (window).__soak[/** @type {string} */ (n)](a), [name, arg]));
    const pageState = async () => {
      /** @type {PageState} */
      const state = await inPage('state');
      if (state.deviceId) deviceIds.add(state.deviceId);
      for (const { type, detail } of state.events) {
        if (type === 'retry') retriedByHand += 1;
        else console.log(`[page] ${detail}`);
      }
      return state;
    };
    const open = async () => {
      await within(page.waitForFunction(() => /** @type {any} */ (window).__soak, null, { timeout: 20_000 })).catch(
        (error) => {
          if (error instanceof Interrupted) throw error;
          throw new SetupError(`the soak page did not start (see the page errors above): ${error}`);
        },
      );
    };
    /** Waits until the session shows nothing pending or failed for a while, pressing "Try again" on failures. */
    const settle = async () => {
      let quietSince = 0;
      for (;;) {
        const state = await pageState();
        if (state.failed) await inPage('retryFailed');
        if (state.ready && state.pending === 0 && state.failed === 0) {
          quietSince ||= Date.now();
          if (Date.now() - quietSince >= QUIET_MS) return;
        } else quietSince = 0;
        await sleep(250);
      }
    };

    const started = Date.now();
    let asked = 0;
    let phase = 'starting';
    const live = /** @type {NonNullable<typeof server>} */ (server);
    const serverCopies = () =>
      kommunicate ? countKommunicateCopies(live.kommunicateStore, runId) : countCopies(live.store, runId);
    /** @returns {Promise<{ requests: number, chaos: { faults: number, byKind: Record<string, number> } }>} */
    const serverStats = () => control('GET', `/__control/stats?api=${options.backend}`);
    let reporting = false;
    progressTimer = setInterval(async () => {
      if (reporting) return;
      reporting = true;
      try {
        const stats = await serverStats();
        await showProblems();
        // The page may be busy with a burst or reloading: no session figures then.
        const state = await Promise.race([pageState(), delay(2000)]).catch(() => null);
        const session = state ? `, session: ${state.pending} pending, ${state.failed} failed` : '';
        console.log(
          `  ${((Date.now() - started) / 1000).toFixed(0)} s ${phase}: ${asked}/${options.count} asked, ` +
            `${serverCopies().size} on the server${session}, ${stats.chaos.faults} faults in ${stats.requests} requests`,
        );
      } catch {
        // The next report will tell.
      } finally {
        reporting = false;
      }
    }, 10_000);
    deadlineTimer = setTimeout(() => stop.abort(new TimedOut('timed out')), options.timeoutMs);

    let timedOut = false;
    let interrupted = false;
    /** @type {number[]} */
    const pendingAtReload = [];
    try {
      await within(page.goto(pageUrl));
      await open();
      await pageState();
      if (options.rate > 0) await control('POST', '/__control/chaos', { rate: options.rate, seed: options.seed });
      const reloadAfter = reloadPoints(options.bursts, options.reloads);
      phase = 'sending';
      for (let b = 0; b < options.bursts; b++) {
        const burst = texts.slice(b * options.burst, (b + 1) * options.burst);
        asked += burst.length;
        if (!reloadAfter.has(b)) {
          await inPage('burst', burst);
          continue;
        }
        await inPage('fire', burst);
        if (options.reloadDelayMs) await sleep(options.reloadDelayMs);
        const { pending } = await pageState();
        pendingAtReload.push(pending);
        console.log(`  reload ${pendingAtReload.length}/${options.reloads} after ${asked} asked, ${pending} pending`);
        await within(page.reload());
        await open();
        phase = `after reload ${pendingAtReload.length}`;
        await settle();
        phase = 'sending';
      }
      phase = 'final wait, chaos off';
      await control('DELETE', '/__control/chaos');
      await settle();
    } catch (error) {
      if (error instanceof TimedOut) timedOut = true;
      else if (error instanceof Interrupted) interrupted = true;
      else throw error;
    }
    clearInterval(progressTimer);
    await control('DELETE', '/__control/chaos');

    const copies = serverCopies();
    const stats = await serverStats();
    // An interrupted or timed-out run counts what it asked for so far.
    const lostTexts = texts.slice(0, asked).filter((t) => !copies.has(t));
    const duplicates = [...copies].filter(([, n]) => n > 1);
    const duplicated = duplicates.reduce((sum, [, n]) => sum + n - 1, 0);
    const byKind = Object.fromEntries(CHAOS_KINDS.map((kind) => [kind, stats.chaos.byKind[kind] ?? 0]));
    const conversations = kommunicate
      ? countGroups(server.kommunicateStore, runId)
      : countConversations(server.store, runId);
    /** @type {SoakResult} */
    const result = {
      runId,
      engine: options.engine,
      backend: options.backend,
      ok: !timedOut && !interrupted && lostTexts.length === 0 && duplicated === 0,
      sent: asked,
      delivered: copies.size,
      lost: lostTexts.length,
      duplicated,
      retriedByHand,
      rate: options.rate,
      seed: options.seed,
      reloads: pendingAtReload.length,
      reloadDelayMs: options.reloadDelayMs,
      pendingAtReloads: pendingAtReload,
      faults: stats.chaos.faults,
      faultsByKind: byKind,
      requests: stats.requests,
      conversations,
      durationMs: Date.now() - started,
      timedOut,
      interrupted,
    };
    await showProblems();
    printSummary(result, lostTexts, duplicates, [...deviceIds]);
    return interrupted ? 130 : result.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await shutdown();
  }
}

/**
 * Copies of this run's messages on the server, by text, over every conversation (the server is this run's own).
 * @param {import('../demo/server/store.js').Store} store
 * @param {string} runId
 */
function countCopies(store, runId) {
  /** @type {Map<string, number>} */
  const copies = new Map();
  for (const conv of store.conversations()) {
    for (const m of conv.messages) {
      if (m.typeId === 1 && m.message?.endsWith(` ${runId}`)) copies.set(m.message, (copies.get(m.message) ?? 0) + 1);
    }
  }
  return copies;
}

/**
 * Copies of this run's messages in the Kommunicate fake, by text, over every group (visitor messages only).
 * @param {import('../demo/server/kommunicate-store.js').KommunicateStore} store
 * @param {string} runId
 */
function countKommunicateCopies(store, runId) {
  /** @type {Map<string, number>} */
  const copies = new Map();
  for (const group of store.groups()) {
    for (const m of group.messages) {
      if (m.byVisitor && m.message.endsWith(` ${runId}`)) copies.set(m.message, (copies.get(m.message) ?? 0) + 1);
    }
  }
  return copies;
}

/**
 * How many Kommunicate groups hold this run's messages: more than one means the session changed its group.
 * @param {import('../demo/server/kommunicate-store.js').KommunicateStore} store
 * @param {string} runId
 */
const countGroups = (store, runId) =>
  store.groups().filter((group) => group.messages.some((m) => m.byVisitor && m.message.endsWith(` ${runId}`))).length;

/**
 * How many conversations hold this run's messages: more than one means the session changed its device.
 * @param {import('../demo/server/store.js').Store} store
 * @param {string} runId
 */
const countConversations = (store, runId) =>
  store.conversations().filter((conv) => conv.messages.some((m) => m.typeId === 1 && m.message?.endsWith(` ${runId}`)))
    .length;

/**
 * The soak's outcome, also printed as the last line, in JSON.
 * @typedef {object} SoakResult
 * @property {string} runId the suffix of every text of this run
 * @property {string} engine the browser engine it ran in
 * @property {string} backend `parley` or `kommunicate`
 * @property {boolean} ok nothing lost or duplicated, and the run finished
 * @property {number} sent messages asked for (`session.send`)
 * @property {number} delivered of those, how many are on the server
 * @property {number} lost asked for but not on the server
 * @property {number} duplicated extra copies on the server
 * @property {number} retriedByHand presses of "Try again" (`session.retry`) on failed messages
 * @property {number} rate
 * @property {number} seed
 * @property {number} reloads
 * @property {number} reloadDelayMs
 * @property {number[]} pendingAtReloads the session's pending messages at each reload
 * @property {number} faults injected by chaos
 * @property {Record<string, number>} faultsByKind
 * @property {number} requests requests of the backend's API the server saw (Kommunicate: those the proxy made)
 * @property {number} conversations holding this run's messages (1 unless the device changed)
 * @property {number} durationMs
 * @property {boolean} timedOut
 * @property {boolean} interrupted
 */

/**
 * @param {SoakResult} r
 * @param {string[]} lostTexts
 * @param {[string, number][]} duplicates
 * @param {string[]} deviceIds
 */
function printSummary(r, lostTexts, duplicates, deviceIds) {
  const list = (/** @type {string[]} */ items) =>
    items.slice(0, 10).join(', ') + (items.length > 10 ? `, … (${items.length - 10} more)` : '');
  const kinds = CHAOS_KINDS.map((kind) => `${kind} ${r.faultsByKind[kind]}`).join(', ');
  const verdict = r.interrupted ? 'INTERRUPTED' : r.timedOut ? 'FAIL (timed out)' : r.ok ? 'PASS' : 'FAIL';
  console.log('');
  console.log(`soak ${r.runId} in ${r.engine} on ${r.backend}: ${verdict}`);
  console.log(`  sent (asked)       ${r.sent}`);
  console.log(`  delivered          ${r.delivered}`);
  console.log(`  lost               ${r.lost}${r.lost ? `: ${list(lostTexts)}` : ''}`);
  console.log(
    `  duplicated         ${r.duplicated}${r.duplicated ? `: ${list(duplicates.map(([t, n]) => `${t} ×${n}`))}` : ''}`,
  );
  console.log(`  retried by hand    ${r.retriedByHand}`);
  console.log(`  faults injected    ${r.faults} (${kinds})`);
  console.log(`  requests           ${r.requests}`);
  console.log(
    `  reloads            ${r.reloads}${r.reloads ? ` (pending at each: ${r.pendingAtReloads.join(', ')})` : ''}`,
  );
  console.log(`  duration           ${(r.durationMs / 1000).toFixed(1)} s`);
  console.log(
    r.rate
      ? `  chaos              rate ${r.rate}, seed ${r.seed} (the same draws again; timing varies which requests meet them)`
      : '  chaos              off (a baseline)',
  );
  if (r.conversations > 1) {
    console.log(`  warning: the messages went to ${r.conversations} conversations (devices ${deviceIds.join(', ')})`);
  }
  console.log(JSON.stringify(r));
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error('soak: could not run:', error instanceof SetupError ? error.message : error);
  process.exitCode = 1;
}
// Everything is closed by now; should a stray handle remain, it must not keep the process (and CI) waiting.
setTimeout(() => process.exit(), 5000).unref();
