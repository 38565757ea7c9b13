// IndexedDB that never answers (some WebViews and privacy modes): `indexedDB.open` returns a request that fires
// neither success nor error. The widget keeps its state in memory then: the chat works, a reload starts anew.
import { describe, expect, it } from 'vitest';
import {
  agent,
  deviceIdOf,
  deviceIds,
  gotoTestPage,
  POLL_TIMEOUT,
  problems,
  sendFromComposer,
  useBrowser,
  widget,
} from './browser';

const state = useBrowser();

/** The widget on a page whose script, before the widget's, makes `indexedDB.open` answer never (also after a reload). */
async function openWithSilentIndexedDb(): Promise<void> {
  const silence = `<script>
    window.__idbOpens = 0;
    IDBFactory.prototype.open = () => { window.__idbOpens++; return {}; };
  </script>`;
  await gotoTestPage(state.page, `${silence}<parley-chat api-url="/parley" lang="en"></parley-chat>`);
}

const idbOpens = () => state.page.evaluate(() => (window as unknown as { __idbOpens: number }).__idbOpens);

describe('when IndexedDB never answers', () => {
  it('the chat opens, sends, and shows the agent reply', async () => {
    await openWithSilentIndexedDb();
    const { page } = state;
    const w = widget(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await expect.poll(() => w.title.textContent(), { timeout: POLL_TIMEOUT }).toBe('Parley Demo');
    await sendFromComposer(page, 'Hello without IndexedDB');
    expect(await idbOpens()).toBeGreaterThan(0);

    const deviceId = await deviceIdOf();
    await agent.reply(await agent.resultId(deviceId, 'Hello without IndexedDB'), 'Hello from memory', 'Alex');
    await w.agentMessage('Hello from memory').waitFor({ timeout: POLL_TIMEOUT });
    expect(await w.userMessage('Hello without IndexedDB').count()).toBe(1);
    expect(await problems()).toEqual([]);
  });

  it('after a reload the visitor is new: another device id, an empty conversation', async () => {
    await openWithSilentIndexedDb();
    const { page } = state;
    const w = widget(page);
    await w.launcher.click();
    await sendFromComposer(page, 'Before the reload');
    const before = await deviceIdOf();

    await page.reload();
    await w.launcher.click();
    await w.panel.waitFor();
    await sendFromComposer(page, 'After the reload');
    expect(await w.userMessage('Before the reload').count()).toBe(0);
    expect((await deviceIds()).filter((id) => id !== before)).toHaveLength(1);
    expect(await problems()).toEqual([]);
  });
});
