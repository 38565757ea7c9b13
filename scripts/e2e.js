#!/usr/bin/env node
// @ts-check
// The browser tests in the engines asked for: `npm run test:e2e -- --browser chromium|firefox|webkit|all`
// (default: the PARLEY_BROWSER environment variable, else all). Other arguments go to Vitest (a file, -t "name").

import { spawn } from 'node:child_process';
import { enginesOf, missingPrograms } from '../tests/e2e/driver/engines.js';

const args = process.argv.slice(2);
let choice = process.env.PARLEY_BROWSER || undefined;
/** @type {string[]} */
const rest = [];
for (let i = 0; i < args.length; i++) {
  const arg = /** @type {string} */ (args[i]);
  if (arg === '--browser') choice = args[++i];
  else if (arg.startsWith('--browser=')) choice = arg.slice('--browser='.length);
  else rest.push(arg);
}
let engines;
try {
  engines = enginesOf(choice);
} catch (error) {
  console.error(`test:e2e: ${/** @type {Error} */ (error).message}`);
  process.exit(2);
}
const missing = missingPrograms(engines);
if (missing) {
  console.error(`test:e2e: ${missing}`);
  process.exit(1);
}
const projects = engines.flatMap((engine) => ['--project', engine]);
const vitest = spawn('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...projects, ...rest], {
  stdio: 'inherit',
});
vitest.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
