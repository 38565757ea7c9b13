// @ts-check
// The bench's results: each figure's median, min and max over the runs, printed as one markdown table with the
// machine it ran on, and as JSON.

import { cpus } from 'node:os';

/**
 * @typedef {object} Figure
 * @property {string} name short and stable: the README's before/after table uses it
 * @property {string} unit
 * @property {number} [digits] decimals printed (default 0)
 * @property {boolean} [accelerated] measured on the accelerated clock, in page time
 */

/**
 * A run's value of a figure: a number, or why there is none.
 * @typedef {number | { notMeasured: string }} Value
 */

/**
 * @typedef {object} Result
 * @property {Figure} figure
 * @property {number[]} values one per run that measured it
 * @property {string[]} reasons why the other runs have none
 * @property {number | null} median
 * @property {number | null} min
 * @property {number | null} max
 */

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? /** @type {number} */ (sorted[middle])
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * @param {Figure} figure
 * @param {Value[]} runs
 * @returns {Result}
 */
export function summarise(figure, runs) {
  const values = runs.filter((v) => typeof v === 'number');
  const reasons = [...new Set(runs.flatMap((v) => (typeof v === 'number' ? [] : [v.notMeasured])))];
  if (!values.length) return { figure, values, reasons, median: null, min: null, max: null };
  return { figure, values, reasons, median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * @param {number | null} value
 * @param {number} [digits]
 */
const format = (value, digits = 0) =>
  value === null
    ? 'n/a'
    : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * @typedef {object} Machine
 * @property {string} date ISO
 * @property {string} cpu
 * @property {number} cores
 * @property {string} node
 * @property {string} chromium
 */

/** @param {string} chromium the browser's version */
export function machine(chromium) {
  const list = cpus();
  return {
    date: new Date().toISOString(),
    cpu: list[0]?.model.trim() ?? 'unknown CPU',
    cores: list.length,
    node: process.version,
    chromium,
  };
}

/** @param {number} speed */
const acceleratedNote = (speed) =>
  `* on the accelerated clock (×${speed}: timers ${speed} times shorter, Date and performance.now ${speed} times ` +
  "faster, real speed while IndexedDB opens or a request is under way); counted and timed on the page's clock.";

/**
 * @param {{ machine: Machine, runs: number, clockSpeed: number, results: Result[], notes: string[] }} report
 */
export function markdown({ machine: m, runs, clockSpeed, results, notes }) {
  const rows = results.map(({ figure, values, reasons, median: mid, min, max }) => {
    const name = figure.accelerated ? `${figure.name} *` : figure.name;
    if (mid === null) return [name, 'n/a', reasons.join('; ') || 'not measured', figure.unit];
    const range = `${format(min, figure.digits)}–${format(max, figure.digits)}`;
    const partial = values.length < runs ? ` (${values.length} of ${runs} runs; ${reasons.join('; ')})` : '';
    return [name, format(mid, figure.digits), range + partial, figure.unit];
  });
  const table = [['figure', 'median', 'min–max', 'unit'], ...rows];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => /** @type {string} */ (row[i]).length)));
  const line = (/** @type {string[]} */ row) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    `Bench ${m.date.slice(0, 16).replace('T', ' ')} UTC, ${m.cpu} (${m.cores} cores), Node ${m.node}, ` +
      `Chromium ${m.chromium}; medians of ${runs} fresh browser contexts`,
    '',
    line(/** @type {string[]} */ (table[0])),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    ...(results.some((r) => r.figure.accelerated) ? [acceleratedNote(clockSpeed)] : []),
    ...notes.map((note) => `Note: ${note}`),
  ].join('\n');
}

/** @param {{ machine: Machine, runs: number, clockSpeed: number, results: Result[], notes: string[] }} report */
export const json = ({ machine: m, runs, clockSpeed, results, notes }) =>
  JSON.stringify(
    {
      ...m,
      runs,
      clockSpeed,
      figures: results.map(({ figure, ...rest }) => ({ ...figure, ...rest })),
      notes,
    },
    null,
    2,
  );
