// The size budget of the script-tag bundle: prints raw and gzip bytes and fails above the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 20_000;
const file = 'dist/parley-chat.js';
const code = readFileSync(file);
const gzip = gzipSync(code, { level: 9 }).length;
console.log(`${file}: ${code.length} bytes raw, ${gzip} bytes gzip (budget ${BUDGET})`);
if (gzip > BUDGET) {
  console.error(`Over the ${BUDGET}-byte gzip budget by ${gzip - BUDGET} bytes.`);
  process.exit(1);
}
console.log(`  ${BUDGET - gzip} bytes to spare`);
