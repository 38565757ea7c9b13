// @ts-check
// What a group of figures ("suite") is to the runner: its figures, and how one run measures them.

/**
 * @typedef {object} Env what every suite gets
 * @property {import('./browser.js').Browser} browser
 * @property {ReturnType<typeof import('./server.js').apiClient>} api
 * @property {string} distDir the served copy of dist/
 * @property {string} runId a suffix that keeps this bench's device ids and texts apart
 * @property {number} clockSpeed the accelerated clock's speed
 * @property {(n: number) => void} countRequests tells the runner how many Parley API requests the pages' probes
 *   recorded, to check against the server's count
 */

/** @typedef {Record<string, import('./report.js').Value>} Sample one run's values, by figure name */

/**
 * @typedef {object} Suite
 * @property {string} name
 * @property {import('./report.js').Figure[]} figures
 * @property {(env: Env, run: number) => Promise<Sample>} measure one run, in fresh browser contexts
 * @property {boolean} [parallel] its runs may go at once: they wait on the page's clock, not the CPU
 * @property {boolean} [countsRequests] its pages report their requests (`env.countRequests`)
 */

/**
 * @param {string} reason
 * @returns {import('./report.js').Value}
 */
export const notMeasured = (reason) => ({ notMeasured: reason });
