// A returning visitor: after a reload the same device id, and the conversation shows from the browser's cache.
import { describe, expect, it } from 'vitest';
import {
  agent,
  baseUrl,
  control,
  deviceIdOf,
  deviceIds,
  POLL_TIMEOUT,
  problems,
  sendFromComposer,
  useBrowser,
  widget,
} from './browser';

const state = useBrowser();

describe('reload', () => {
  it('keeps the device id and shows the conversation from the cache before the network answers', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await sendFromComposer(page, 'Before the reload');
    const deviceId = await deviceIdOf();
    const resultId = await agent.resultId(deviceId, 'Before the reload');
    await agent.reply(resultId, 'An answer from before the reload', 'Alex');
    await w.agentMessage('An answer from before the reload').waitFor({ timeout: POLL_TIMEOUT });

    // Every message request is slow from now on: what shows within 2 s after opening comes from the cache.
    await control.fault({ method: 'GET', path: '^/messages', delayMs: 3000, count: 100 });
    const reloadedAt = Date.now();
    await page.reload();
    await w.launcher.click();
    const clickedAt = Date.now();
    await w.panel.waitFor();
    await w.userMessage('Before the reload').waitFor({ timeout: 2000 });
    await w.agentMessage('An answer from before the reload').waitFor({ timeout: 2000 });
    expect(Date.now() - clickedAt).toBeLessThan(2500);
    // No message request has been answered since the reload (they all take 3 s).
    const answered = (await control.requests()).filter(
      (r) => r.time >= reloadedAt && r.path.startsWith('/messages') && r.status !== 0,
    );
    expect(answered).toEqual([]);
    await expect(
      w.agentMessage('An answer from before the reload').locator('[part~="agent-name"]').textContent(),
    ).resolves.toBe('Alex');

    // Once the network answers: the same conversation, nothing doubled.
    await expect
      .poll(
        async () =>
          (await control.requests()).filter((r) => r.time >= reloadedAt && r.path === '/messages' && r.status === 200)
            .length,
        { timeout: POLL_TIMEOUT },
      )
      .toBeGreaterThan(0);
    expect(await w.userMessage('Before the reload').count()).toBe(1);
    expect(await w.agentMessage('An answer from before the reload').count()).toBe(1);
    expect(await w.userMessages.getAttribute('data-status')).toBe('sent');

    // One device for the whole test: after the reload the widget registered (if at all) under the same id.
    expect(await deviceIds()).toEqual([deviceId]);
    const registrations = (await control.requests()).filter((r) => r.method === 'POST' && r.path === '/devices');
    expect(new Set(registrations.map((r) => r.deviceId))).toEqual(new Set([deviceId]));
    expect((await agent.conversations()).map((c) => c.id)).toEqual([deviceId]);
    expect(await problems()).toEqual([]);
  });

  it('a new message after the reload continues the same conversation on the server', async () => {
    const { page } = state;
    await page.goto(`${baseUrl}/`);
    const w = widget(page);
    await w.launcher.click();
    await sendFromComposer(page, 'First visit');
    const deviceId = await deviceIdOf();
    await page.reload();
    await w.launcher.click();
    await w.userMessage('First visit').waitFor();
    await sendFromComposer(page, 'Second visit');
    const texts = (await agent.results(deviceId)).filter((m) => m.typeId === 1).map((m) => m.message);
    expect(texts).toEqual(['First visit', 'Second visit']);
    expect(await deviceIds()).toEqual([deviceId]);
    expect(await w.userMessages.count()).toBe(2);
  });
});
