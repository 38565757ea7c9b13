// @ts-check
// How soon an agent's reply shows, 2 s and 60 s after the visitor opened the chat (the widget polls every 2 s at
// first, slowing to every 10 s while nothing happens): from the agent's POST to the message in the list.

import {
  inFreshContext,
  lastClick,
  newPage,
  openChat,
  pageTimeOf,
  untilPageTime,
  waitForMessage,
  watched,
  watchMessage,
  widgetReady,
} from './browser.js';

/**
 * @param {import('./suite.js').Env} env
 * @param {import('./browser.js').Context} context
 * @param {{ run: number, afterMs: number, clockSpeed?: number }} when
 * @returns {Promise<number>} seconds on the page's clock
 */
async function replyDelay(env, context, { run, afterMs, clockSpeed }) {
  const deviceId = `bench-${env.runId}-reply${afterMs / 1000}-${run}`;
  await env.api.seed(deviceId, 1);
  const resultId = await env.api.resultId(deviceId, 'Message 1');
  const page = await newPage(context, await env.api.pageUrl({ deviceId, clockSpeed }));
  await widgetReady(page);
  await openChat(page);
  await waitForMessage(page, { text: 'Message 1' });
  await untilPageTime(page, (await lastClick(page)).epoch + afterMs);
  const reply = `Re: ${deviceId}`;
  await watchMessage(page, { text: reply, kind: 'agent' });
  const sentAt = Date.now();
  await env.api.reply(resultId, reply);
  const { shown } = await watched(page);
  return (shown.epoch - (await pageTimeOf(page, sentAt))) / 1000;
}

/** @type {import('./suite.js').Suite} */
export const reply = {
  name: 'agent reply',
  figures: [
    { name: 'reply shown, 2 s open', unit: 's', digits: 2 },
    { name: 'reply shown, 60 s open', unit: 's', digits: 1, accelerated: true },
  ],
  async measure(env, run) {
    const early = await inFreshContext(env.browser, (c) => replyDelay(env, c, { run, afterMs: 2000 }));
    const late = await inFreshContext(env.browser, (c) =>
      replyDelay(env, c, { run, afterMs: 60_000, clockSpeed: env.clockSpeed }),
    );
    return { 'reply shown, 2 s open': early, 'reply shown, 60 s open': late };
  },
};
