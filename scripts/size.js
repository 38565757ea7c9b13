// The size budget of the script-tag bundle: prints raw and gzip bytes, fails above the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 20_000;
const file = 'dist/parley-chat.js';
const code = readFileSync(file);
const gzip = gzipSync(code, { level: 9 }).length;
console.log(`${file}: ${code.length} bytes raw, ${gzip} bytes gzip (budget ${BUDGET}, ${BUDGET - gzip} left)`);
if (gzip > BUDGET) {
  console.error(`Over the size budget by ${gzip - BUDGET} bytes.`);
  process.exit(1);
}
