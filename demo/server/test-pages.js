// @ts-check
// What the browser tests need of the dev server beyond the APIs, when it runs with `probe: true`: pages a test
// registers (`POST /__control/pages`) and the probe (probe.js) in every HTML page, which reports what went
// wrong in the page (`/__control/problems`). Engine-neutral: no test needs request interception or console
// capture from a browser protocol.

import { readFileSync } from 'node:fs';

const PROBE_PATH = '/__control/probe.js';
const PROBE_TAG = `<script src="${PROBE_PATH}"></script>`;

/** @typedef {{ html: string, headers: Record<string, string> }} TestPage */
/** @typedef {{ kind: string, text: string, page: string }} Problem */

export function createTestPages() {
  /** @type {Map<string, TestPage>} path → page; a test's pages live until the next reset */
  const pages = new Map();
  /** @type {Problem[]} since the last reset, oldest first */
  const problems = [];
  const probe = readFileSync(new URL('./probe.js', import.meta.url));
  return {
    /** The probe first in `<head>` (or first of all, for a page without one). */
    withProbe: (/** @type {string} */ html) =>
      /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + PROBE_TAG) : PROBE_TAG + html,
    /**
     * @param {string} path
     * @param {TestPage} page
     */
    add(path, page) {
      if (!path.startsWith('/') || path.startsWith('/__control') || path.startsWith('/dist/')) {
        throw new Error('a test page path starts with / and is not under /__control or /dist');
      }
      pages.set(path, page);
    },
    /** @param {string} pathname */
    page: (pathname) => pages.get(pathname) ?? null,
    probe: () => probe,
    isProbe: (/** @type {string} */ pathname) => pathname === PROBE_PATH,
    /** @param {unknown} input what a page's probe sent */
    report(input) {
      const { kind, text, page } = /** @type {Partial<Problem>} */ (input ?? {});
      problems.push({ kind: String(kind), text: String(text), page: String(page) });
    },
    problems: () => [...problems],
    reset() {
      pages.clear();
      problems.length = 0;
    },
  };
}

/** @typedef {ReturnType<typeof createTestPages>} TestPages */
