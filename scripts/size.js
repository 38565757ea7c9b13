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
// more there and 50 less in the loader). Images (the list's and the viewer, the checks and scaling) and the languages
// but English then moved into chunks of their own: a text conversation 27,673 → 27,131 (the loader +180 for loading
// a language beside the chat); the single file +550 for the inlined chunks. The account's colours remembered for a
// returning visitor's launcher and the date formatter made at idle: about 160 more; a first open that renders only
// the newest 20 messages, about 120; the host's device id counted as returning when its conversation is cached, 35.
// A small renderer of our own in place of Preact (src/lib/preact.ts): a text conversation 27,457 → 24,174, the single
// file 27,812 → 24,523; its keyed children looked for where the list's growth puts them, 49 more. The transport
// contract without Parley's assumptions (issue 12, at most 300 in all): a partial config with defaults, a page's
// agent and sticky left as they were when it does not say, and declared capabilities (typing expiry, text and image
// limits, typing optional), 261; the agent's typing ended by the expiry, 53 (24,537 in all); an image the transport
// gives as a URL, checked by markdown's safeHref (15 in core, 47 in the images chunk). Then the rest of the contract:
// conversations ordered by time, opaque cursors, a conversation handle, a client key and sends without an id, about
// 300; the `ended` kind with its banner and "Start a new conversation", 184; the HTTP code both adapters share, 19
// (25,052 in all: the 300 of issue 12 are exceeded by about 530, README "Size"); RFC 7807 problem details, 123
// (25,202). Rich messages (issue 13) in chunks of their own (rich.js with its sheet, parley-rich.js: 3,918), and in
// core what every conversation needs for them: the choice rule and `choose`, the lazy components and the title,
// `fetchFile`, the welcome text, about 1,150; `identify` and sign-in accounts, about 630 (26,980; the loader 4,560:
// `identify` kept before the chat loads, Accept-Language). Seen: marking the agent's messages seen, the unseen count
// for the badge, delivered and seen shown, Parley's two calls, 558 in a text conversation, 622 in the single file.
// The Kommunicate build is the single file with its transport in place of Parley's. The target for a whole text conversation is 20,000, not met yet.
// Every file in dist/parley-chat/ and dist/kommunicate/parley-chat/ must be in a case.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LOADER = 'dist/parley-chat.js';
const CHUNKS = 'dist/parley-chat';
const chunk = (name) => `${CHUNKS}/${name}.js`;
/** The split build on Kommunicate: the same loader, the chunks with its transport. */
const K_LOADER = 'dist/kommunicate/parley-chat.js';
const K_CHUNKS = 'dist/kommunicate/parley-chat';
const kChunk = (name) => `${K_CHUNKS}/${name}.js`;

/** What a page loads in each case: its files and the budget of their gzip bytes together. */
const CASES = [
  { name: 'a page view (the loader)', files: [LOADER], budget: 5_000 },
  { name: 'a text conversation (loader and chat)', files: [LOADER, chunk('chat'), chunk('core')], budget: 27_700 },
  { name: '+ images (shown, viewed, sent)', files: [chunk('images'), chunk('image-file')], budget: 1_550 },
  { name: '+ a page in Dutch', files: [chunk('lang-nl')], budget: 900 },
  {
    name: '+ rich messages (buttons, files, carousels, quick replies)',
    files: [chunk('rich'), chunk('parley-rich')],
    budget: 4_000,
  },
  { name: 'the single-file build', files: ['dist/parley-chat.full.js'], budget: 30_900 },
  { name: 'the single file on Kommunicate', files: ['dist/parley-chat.kommunicate.js'], budget: 30_550 },
  {
    name: 'a text conversation on Kommunicate (its loader and chat)',
    files: [K_LOADER, kChunk('chat'), kChunk('core')],
    budget: 28_050,
  },
  { name: '+ images on Kommunicate', files: [kChunk('images'), kChunk('image-file')], budget: 1_550 },
  { name: '+ a page in Dutch on Kommunicate', files: [kChunk('lang-nl')], budget: 900 },
  { name: '+ rich messages on Kommunicate', files: [kChunk('rich')], budget: 3_050 },
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
const budgeted = new Set(CASES.flatMap((c) => c.files));
for (const file of [CHUNKS, K_CHUNKS].flatMap((dir) => readdirSync(dir).map((name) => `${dir}/${name}`))) {
  if (!budgeted.has(file)) {
    console.error(`${file} is in no case: give it a budget`);
    over = true;
  }
}
if (over) process.exit(1);
