// The size budget of the script-tag bundle: prints raw and gzip bytes and fails above the budget.
//
// The text chat fits in 20,000 bytes gzipped (19,990 when images came). Images both ways (attach, paste, drop,
// type sniffing, downscaling, upload progress and cancel, lazy loading, the viewer) add about 2,700 (22,700).
// Never losing a message (the IndexedDB outbox with image bytes, the retry policy, the check before a resend, one
// leading tab with its BroadcastChannel sync, the banner states, retry and delete) adds about 2,450 (25,150).
// Rather than cut a feature, the budget is the whole widget's figure plus a little room, and it does not grow
// without a reason.
// Splitting the session and the UI shell into modules of one job (issue 9) cost about 1,400 bytes; it is won back by
// a few lines of signals in place of @preact/signals-core (src/lib/signals.ts, about 1,300), mangling the internal
// property names (scripts/internal-names.js) and keeping big factories beside the strings they share (vite.config.ts).
// The budget was what the widget weighed before the split, 25,167; plus 2 for the Enter that confirms an IME
// composition in Safari (issue 10): 25,169.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 25_169;
const file = 'dist/parley-chat.js';
const code = readFileSync(file);
const gzip = gzipSync(code, { level: 9 }).length;
console.log(`${file}: ${code.length} bytes raw, ${gzip} bytes gzip (budget ${BUDGET})`);
if (gzip > BUDGET) {
  console.error(`Over the ${BUDGET}-byte gzip budget by ${gzip - BUDGET} bytes.`);
  process.exit(1);
}
console.log(`  ${BUDGET - gzip} bytes to spare`);
