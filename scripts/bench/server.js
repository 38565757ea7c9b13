// @ts-check
// The dev server for the bench (on a copy of dist/, demo/server/snapshot.js), and clients of its HTTP APIs as
// tests/e2e/browser.ts uses them: test pages, the agent side, statistics.

import { jsonClient, listenOnSnapshot, MissingBuild } from '../../demo/server/snapshot.js';
import { pageHtml, pagePath } from './page.js';

/** The bench cannot start; the message says why. */
export class SetupError extends Error {}

export async function startServer() {
  const server = await listenOnSnapshot('parley-chat.js').catch((error) => {
    throw error instanceof MissingBuild ? new SetupError(`${error.message} (npm run bench does)`) : error;
  });
  return { ...server, api: apiClient(server.url) };
}

/** @param {string} base */
export function apiClient(base) {
  const call = jsonClient(base);
  /** @type {Set<string>} */
  const registered = new Set();
  const conversation = (/** @type {string} */ deviceId) => `/webcare/conversations/${encodeURIComponent(deviceId)}`;

  return {
    /**
     * The URL of a bench page with these options, registered with the server the first time.
     * @param {import('./page.js').PageOptions} options
     */
    async pageUrl(options) {
      const path = pagePath(options);
      if (!registered.has(path)) await call('POST', '/__control/pages', { path, html: pageHtml(options) });
      registered.add(path);
      return base + path;
    },
    /**
     * Appends "Message 1" … "Message {count}" from the visitor to the conversation of `deviceId`.
     * @param {string} deviceId
     * @param {number} count
     */
    seed: (deviceId, count) => call('POST', `${conversation(deviceId)}/seed`, { count }),
    /**
     * The device whose conversation's last message is `text` (a text only this run sent).
     * @param {string} text
     * @returns {Promise<string>}
     */
    async deviceWithLastMessage(text) {
      /** @type {{ id: string, lastMessage: string | null }[]} */
      const list = (await call('GET', '/webcare/conversations')).data;
      const found = list.find((c) => c.lastMessage === text);
      if (!found) throw new Error(`no conversation ends with "${text}"`);
      return found.id;
    },
    /**
     * The id of the visitor's message `text` in the conversation of `deviceId` (to reply to it).
     * @param {string} deviceId
     * @param {string} text
     * @returns {Promise<number>}
     */
    async resultId(deviceId, text) {
      /** @type {{ id: number, typeId: number, message: string | null }[]} */
      const results = (await call('GET', `${conversation(deviceId)}/results`)).data;
      const found = results.find((m) => m.typeId === 1 && m.message === text);
      if (!found) throw new Error(`no visitor message "${text}" for ${deviceId}`);
      return found.id;
    },
    /**
     * The agent's reply to a visitor's message.
     * @param {number} resultId
     * @param {string} text
     */
    reply: (resultId, text) => call('POST', `/webcare/results/${resultId}/replies`, { message: text }),
    /** @returns {Promise<number>} the Parley API requests the server has seen (preflights aside) */
    apiRequests: async () => (await call('GET', '/__control/stats')).requests,
    /** @returns {Promise<{ kind: string, text: string, page: string }[]>} what went wrong in pages, by the probe */
    problems: () => call('GET', '/__control/problems'),
  };
}

/** @typedef {Awaited<ReturnType<typeof startServer>>} BenchServer */
