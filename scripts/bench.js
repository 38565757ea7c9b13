#!/usr/bin/env node
// @ts-check
// The benchmark: what the widget costs a page and a visitor, in Debian's Chromium against the dev server. Each
// figure is the median of `--runs` fresh browser contexts; times are printed, never asserted.
//
//   npm run bench -- --runs 5 --clock-speed 60 --json bench.json --only bytes,load
//
// Exit code 0: it ran (whatever the figures); 1: it could not run; 2: bad arguments; 130: interrupted.

import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { commandLine } from './lib/args.js';
import { launchChromium } from './bench/browser.js';
import { bytes } from './bench/bytes.js';
import { history } from './bench/history.js';
import { load } from './bench/load.js';
import { open } from './bench/open.js';
import { reply } from './bench/reply.js';
import { json, machine, markdown, summarise } from './bench/report.js';
import { idle, tabs, visitor } from './bench/requests.js';
import { SetupError, startServer } from './bench/server.js';
import { notMeasured } from './bench/suite.js';

/** @typedef {import('./bench/suite.js').Suite} Suite */
/** @typedef {import('./bench/suite.js').Env} Env */

/** By the name `--only` knows them, in the order of the table. */
const SUITES = /** @type {Record<string, Suite>} */ ({ bytes, load, open, history, visitor, idle, tabs, reply });
const USAGE = `Usage: npm run bench -- [--runs 5] [--clock-speed 60] [--json FILE] [--only ${Object.keys(SUITES).join(',')}]`;
/** At most this many runs of a parallel suite at once. */
const PARALLEL = 5;

const { read, usageError } = commandLine('bench', USAGE, {
  runs: { type: 'string' },
  'clock-speed': { type: 'string' },
  json: { type: 'string' },
  only: { type: 'string' },
});

function readOptions() {
  const values = read();
  /** @param {string} name @param {number} fallback @param {number} max */
  const integer = (name, fallback, max) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) usageError(`--${name} must be an integer from 1 to ${max}`);
    return n;
  };
  const only = typeof values.only === 'string' ? values.only.split(',').map((s) => s.trim()) : Object.keys(SUITES);
  const unknown = only.filter((name) => !(name in SUITES));
  if (unknown.length) usageError(`unknown --only ${unknown.join(', ')}`);
  return {
    runs: integer('runs', 5, 100),
    clockSpeed: integer('clock-speed', 60, 600),
    jsonFile: typeof values.json === 'string' ? values.json : null,
    suites: only.map((name) => /** @type {Suite} */ (SUITES[name])),
  };
}

/** @param {unknown} error */
const reasonOf = (error) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed';

/**
 * Measures a suite `runs` times (a parallel one up to PARALLEL at once), then checks the request count its pages
 * recorded against the server's: a request the probe did not see would make the counts too low.
 * @param {Env} env
 * @param {Suite} suite
 * @param {number} runs
 * @param {string[]} notes
 */
async function runSuite(env, suite, runs, notes) {
  const started = Date.now();
  const serverBefore = await env.api.apiRequests();
  let recorded = 0;
  const suiteEnv = { ...env, countRequests: (/** @type {number} */ n) => void (recorded += n) };
  /** @param {number} run */
  const measureOnce = (run) =>
    suite.measure(suiteEnv, run).catch((error) => {
      const reason = `run ${run + 1} failed: ${reasonOf(error)}`;
      return Object.fromEntries(suite.figures.map((f) => [f.name, notMeasured(reason)]));
    });
  /** @type {import('./bench/suite.js').Sample[]} */
  const samples = [];
  const batch = suite.parallel ? PARALLEL : 1;
  for (let run = 0; run < runs; run += batch) {
    const size = Math.min(batch, runs - run);
    samples.push(...(await Promise.all(Array.from({ length: size }, (_, i) => measureOnce(run + i)))));
  }
  if (suite.countsRequests) {
    const seen = (await env.api.apiRequests()) - serverBefore;
    // A page may ask once more between the bench reading its log and closing it.
    if (seen < recorded || seen > recorded + 2 * runs) {
      notes.push(`${suite.name}: the server saw ${seen} Parley API requests, the pages' logs ${recorded}.`);
    }
  }
  console.error(`bench: ${suite.name}, ${runs} runs, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return suite.figures.map((figure) =>
    summarise(
      figure,
      samples.map((sample) => sample[figure.name] ?? notMeasured('not measured')),
    ),
  );
}

/** What went wrong in the bench's pages, as the dev server's probe reported it. @param {Env} env */
async function pageProblems(env) {
  const problems = await env.api.problems();
  if (!problems.length) return [];
  const kinds = [...new Set(problems.map((p) => `${p.kind}: ${p.text}`))];
  return [`the pages reported ${problems.length} problems, e.g. ${kinds.slice(0, 3).join(' | ')}`];
}

async function main() {
  const options = readOptions();
  const started = Date.now();
  const server = await startServer();
  const browser = await launchChromium().catch(async (error) => {
    await server.close();
    throw new SetupError(`Chromium did not start: ${reasonOf(error)}`);
  });
  const stop = async () => {
    await browser.close().catch(() => {});
    await server.close();
  };
  const onSignal = () => {
    console.error('\nbench: interrupted');
    void stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    /** @type {Env} */
    const env = {
      browser,
      api: server.api,
      distDir: server.distDir,
      runId: randomBytes(3).toString('hex'),
      clockSpeed: options.clockSpeed,
      countRequests: () => {},
    };
    console.error(`bench: ${options.runs} runs of ${options.suites.map((s) => s.name).join(', ')}`);
    /** @type {string[]} */
    const notes = [];
    const results = [];
    for (const suite of options.suites) results.push(...(await runSuite(env, suite, options.runs, notes)));
    notes.push(...(await pageProblems(env)));
    const minutes = (Date.now() - started) / 60_000;
    notes.push(`the bench took ${minutes.toFixed(1)} min.`);
    const report = {
      machine: machine((await browser.version()).replace(/^\D+/, '')),
      runs: options.runs,
      clockSpeed: options.clockSpeed,
      results,
      notes,
    };
    console.log(markdown(report));
    if (options.jsonFile) await writeFile(options.jsonFile, `${json(report)}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stop();
  }
}

try {
  await main();
} catch (error) {
  console.error('bench: could not run:', error instanceof SetupError ? error.message : error);
  process.exitCode = 1;
}
// Everything is closed by now; should a stray handle remain, it must not keep the process waiting.
setTimeout(() => process.exit(), 5000).unref();
