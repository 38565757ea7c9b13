// The size budget of the script-tag bundle: prints raw and gzip bytes and fails above the ceiling.
//
// The target is 20,000 bytes gzipped. The text chat measures ~21,100 today, so until the size work of issue 2 is
// done the check fails at an interim ceiling, so that nothing grows while the target is missed; the figure and the gap
// are printed on every run. The ceiling comes down to the target when the script fits.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const TARGET = 20_000;
const CEILING = 21_500;
const file = 'dist/parley-chat.js';
const code = readFileSync(file);
const gzip = gzipSync(code, { level: 9 }).length;
console.log(`${file}: ${code.length} bytes raw, ${gzip} bytes gzip`);
if (gzip > TARGET) console.log(`  ${gzip - TARGET} bytes over the ${TARGET}-byte target (interim ceiling ${CEILING})`);
else console.log(`  ${TARGET - gzip} bytes under the ${TARGET}-byte target`);
if (gzip > Math.max(TARGET, CEILING)) {
  console.error(`Over the size ceiling by ${gzip - CEILING} bytes.`);
  process.exit(1);
}
