// The size budgets of the script-tag builds: prints raw and gzip bytes of what a page loads and fails above a budget.
//
// History of the whole widget as one file: the text chat fit in 20,000 bytes gzipped (19,990 when images came);
// images both ways added about 2,700 (22,700); never losing a message about 2,450 (25,150); splitting into modules of
// one job (issue 9) cost about 1,400, won back by the lite signals, mangled internal names and keeping factories
// beside their strings; the Safari IME fix 2: 25,169.
//
// Since issue 11 a page loads the loader (the element, the launcher, window.ParleyChat: target 5,000) and, once the
// visitor shows intent, the chat's chunk. Budgets are what the builds weigh plus a little room, and do not grow
// without a reason (since the split: polling by the time since the last sign of life and the visitor's activity,
// about 140; a click begun on the launcher while the chat arrives kept, about 100; the chat's start moved into its chunk, 50
// more there and 50 less in the loader); the target for a whole text conversation (loader and chat) is 20,000, not met yet (README).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LOADER = 'dist/parley-chat.js';
const CHAT = 'dist/parley-chat/chat.js';
const FULL = 'dist/parley-chat.full.js';

/** What a page loads in each case: its files and the budget of their gzip bytes together. */
const CASES = [
  { name: 'a page view (the loader)', files: [LOADER], budget: 5_000 },
  { name: 'a text conversation (loader and chat)', files: [LOADER, CHAT], budget: 27_700 },
  { name: 'the single-file build', files: [FULL], budget: 27_100 },
];

const gzipped = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

let over = false;
for (const { name, files, budget } of CASES) {
  const raw = files.reduce((sum, file) => sum + readFileSync(file).length, 0);
  const gzip = files.reduce((sum, file) => sum + gzipped(file), 0);
  console.log(`${name}: ${files.join(' + ')}: ${raw} bytes raw, ${gzip} bytes gzip (budget ${budget})`);
  if (gzip > budget) {
    console.error(`  over the ${budget}-byte gzip budget by ${gzip - budget} bytes`);
    over = true;
  } else console.log(`  ${budget - gzip} bytes to spare`);
}
if (over) process.exit(1);
