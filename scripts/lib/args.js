// @ts-check
// The command-line options of the scripts (bench, soak): parsed with node:util, a bad one printed with the usage.

import { parseArgs } from 'node:util';

/**
 * A command's options and its error for bad ones: `read` parses `process.argv` (after `--help` it prints the usage
 * and exits 0), `usageError` prints the message and the usage and exits 2.
 * @param {string} command
 * @param {string} usage
 * @param {NonNullable<import('node:util').ParseArgsConfig['options']>} options
 */
export function commandLine(command, usage, options) {
  /**
   * @param {string} message
   * @returns {never}
   */
  const usageError = (message) => {
    console.error(`${command}: ${message}\n${usage}`);
    process.exit(2);
  };
  /** @returns {Record<string, string | boolean | undefined>} */
  const read = () => {
    /** @type {Record<string, string | boolean | undefined>} */
    let values;
    try {
      ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean' } } }));
    } catch (error) {
      return usageError(error instanceof Error ? error.message : String(error));
    }
    if (values.help) {
      console.log(usage);
      process.exit(0);
    }
    return values;
  };
  return { read, usageError };
}
