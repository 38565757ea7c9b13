// @ts-check
// What the widget's own files (everything fetched under /dist/) cost: gzip bytes and requests for a page view,
// then what opening and a text chat add, an image on top, a Dutch page instead of an English one, and the
// single-file build. Sums over every /dist/ response, so further chunks count as they appear.

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  clickPart,
  inFreshContext,
  newPage,
  openChat,
  sendText,
  sleep,
  waitForImageSent,
  waitForMessage,
} from './browser.js';
import { attachFile, partOf } from './page.js';
import { notMeasured } from './suite.js';

/** A real 2×2 PNG (tests/e2e/images.test.ts). */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=';
/** A phase ends once no /dist/ file has been asked for or arrived for this long. */
const QUIET_MS = 500;
const FULL_BUILD = 'parley-chat.full.js';

/** @typedef {{ bytes: number, files: number }} Cost */

const gzipSize = (/** @type {Uint8Array} */ bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * Counts the page's /dist/ fetches; `take()` waits until they are quiet and returns the cost since the last take.
 * @param {import('./browser.js').Page} page
 * @param {string} distDir the served files, for a body the protocol no longer holds
 */
function distCost(page, distDir) {
  /** @type {Promise<number>[]} */
  const sizes = [];
  let inFlight = 0;
  let lastChange = Date.now();
  const distPath = (/** @type {import('puppeteer-core').HTTPRequest} */ request) => {
    const { pathname } = new URL(request.url());
    return pathname.startsWith('/dist/') ? pathname : null;
  };
  /** @param {import('puppeteer-core').HTTPRequest} request @param {string} path */
  const sizeOf = async (request, path) => {
    const response = request.response();
    if (response?.status() !== 200) throw new Error(`GET ${path}: ${response?.status() ?? 'failed'}`);
    return gzipSize(await response.buffer().catch(() => readFile(join(distDir, path.slice('/dist/'.length)))));
  };
  page.on('request', (request) => {
    if (!distPath(request)) return;
    inFlight += 1;
    lastChange = Date.now();
  });
  for (const event of /** @type {const} */ (['requestfinished', 'requestfailed'])) {
    page.on(event, (request) => {
      const path = distPath(request);
      if (!path) return;
      inFlight -= 1;
      lastChange = Date.now();
      const size = sizeOf(request, path);
      size.catch(() => {}); // taken with the phase
      sizes.push(size);
    });
  }
  return {
    /** @returns {Promise<Cost>} */
    async take() {
      while (inFlight > 0 || Date.now() - lastChange < QUIET_MS) await sleep(50);
      const taken = await Promise.all(sizes.splice(0));
      return { bytes: taken.reduce((sum, n) => sum + n, 0), files: taken.length };
    },
  };
}

/**
 * A page view (load, 2 s), then open and a text chat (a message from the composer, the agent's reply shown),
 * then, when `image`, an image from the composer's file input.
 * @param {import('./suite.js').Env} env
 * @param {import('./browser.js').Context} context
 * @param {{ lang: 'en' | 'nl', run: number, image: boolean }} visit
 */
async function visitCosts(env, context, { lang, run, image }) {
  const page = await newPage(context);
  const cost = distCost(page, env.distDir);
  await page.goto(await env.api.pageUrl({ lang }), { waitUntil: 'load' });
  await sleep(2000);
  const view = await cost.take();
  const text = `bench ${env.runId} bytes ${lang} ${run}`;
  await openChat(page);
  await sendText(page, text);
  const device = await env.api.deviceWithLastMessage(text);
  await env.api.reply(await env.api.resultId(device, text), `Re: ${text}`);
  await waitForMessage(page, { text: `Re: ${text}`, kind: 'agent' });
  const chat = await cost.take();
  if (!image) return { view, chat, image: null };
  await page.waitForFunction(partOf, {}, 'attach');
  await page.evaluate(attachFile, { name: 'bench.png', mimeType: 'image/png', base64: PNG_BASE64 });
  await clickPart(page, 'send');
  await waitForImageSent(page);
  return { view, chat, image: await cost.take() };
}

/** @param {string} distDir */
async function fullBuildBytes(distDir) {
  const file = join(distDir, FULL_BUILD);
  if (!(await stat(file).catch(() => null))?.isFile()) return notMeasured(`no dist/${FULL_BUILD}`);
  return gzipSize(await readFile(file));
}

/** @type {import('./suite.js').Suite} */
export const bytes = {
  name: 'bytes',
  figures: [
    { name: 'bytes: page view', unit: 'B gzip' },
    { name: 'bytes: + open, text chat', unit: 'B gzip' },
    { name: 'bytes: + image', unit: 'B gzip' },
    { name: 'bytes: + lang nl', unit: 'B gzip' },
    { name: 'bytes: full build', unit: 'B gzip' },
    { name: 'files: page view', unit: 'requests' },
    { name: 'files: + open, text chat', unit: 'requests' },
    { name: 'files: + image', unit: 'requests' },
    { name: 'files: + lang nl', unit: 'requests' },
  ],
  async measure(env, run) {
    const en = await inFreshContext(env.browser, (c) => visitCosts(env, c, { lang: 'en', run, image: true }));
    const nl = await inFreshContext(env.browser, (c) => visitCosts(env, c, { lang: 'nl', run, image: false }));
    const image = /** @type {Cost} */ (en.image);
    const nlAdds = (/** @type {keyof Cost} */ key) => nl.view[key] + nl.chat[key] - en.view[key] - en.chat[key];
    return {
      'bytes: page view': en.view.bytes,
      'bytes: + open, text chat': en.chat.bytes,
      'bytes: + image': image.bytes,
      'bytes: + lang nl': nlAdds('bytes'),
      'bytes: full build': await fullBuildBytes(env.distDir),
      'files: page view': en.view.files,
      'files: + open, text chat': en.chat.files,
      'files: + image': image.files,
      'files: + lang nl': nlAdds('files'),
    };
  },
};
