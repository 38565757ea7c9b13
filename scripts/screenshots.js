// @ts-check
// The README's pictures of rich messages (docs/screenshots/*.png): the demo page in Debian's Chromium against the
// dev server (on a copy of dist/; `npm run build` first), each kind sent through the agent API as the console does.
// `npm run screenshots`.

import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { jsonClient, listenOnSnapshot } from '../demo/server/snapshot.js';
import { launchChromium } from './bench/browser.js';

const OUT = new URL('../docs/screenshots/', import.meta.url);

/**
 * What each picture shows: the agent API body of one message (`invoice`: with the sample PDF attached).
 * @type {Record<string, Record<string, unknown> & { invoice?: boolean }>}
 */
const SHOTS = {
  buttons: {
    title: 'How can we help?',
    message: 'Pick a topic, or just type your question.',
    buttons: [
      { type: 'reply', title: 'Talk to sales', payload: 'I have a question about prices' },
      { type: 'webUrl', title: 'Track my order', payload: 'https://example.com/track' },
      { type: 'phoneNumber', title: 'Call us', payload: '+31 70 123 4567' },
    ],
  },
  'quick-replies': {
    message: 'Did that answer your question?',
    quickReplies: ['Yes, thanks', 'No', 'Talk to a person'],
  },
  carousel: {
    message: 'These plans are available at your address:',
    carousel: ['Fibre 100', 'Fibre 500', 'Fibre 1000'].map((title, i) => ({
      title,
      message: `€ ${39 + i * 10} a month`,
      buttons: [{ type: 'reply', title: 'Choose', payload: `I want ${title}` }],
    })),
  },
  file: { message: 'Here is your invoice for June.', invoice: true },
};

const server = await listenOnSnapshot('parley-chat.js');
const call = jsonClient(server.url);
const browser = await launchChromium();
try {
  await mkdir(OUT, { recursive: true });
  for (const [name, { invoice, ...body }] of Object.entries(SHOTS)) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1000, height: 720 });
    await page.goto(`${server.url}/`);
    const inWidget = (/** @type {string} */ css) => page.waitForSelector(`parley-chat >>> ${css}`);
    await (await inWidget('[part~="launcher"]'))?.click();
    await (await inWidget('[part~="input"]'))?.type('Hello');
    await page.keyboard.press('Enter');
    await sleep(1500);
    const [{ id }] = (await call('GET', '/webcare/conversations')).data;
    const conversation = `/webcare/conversations/${encodeURIComponent(id)}`;
    const media = invoice ? (await call('POST', `${conversation}/media`, { sample: 'invoice' })).data.media : undefined;
    await call('POST', `${conversation}/replies`, { agentName: 'Sam', ...body, ...(media && { media }) });
    await Promise.any(['.buttons', '.quick', '.carousel', '.file'].map(inWidget));
    await sleep(1000);
    const panel = await inWidget('[part~="panel"]');
    await panel?.screenshot({ path: /** @type {`${string}.png`} */ (new URL(`${name}.png`, OUT).pathname) });
    console.log(`docs/screenshots/${name}.png`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
