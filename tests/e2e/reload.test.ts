// A returning visitor: after a reload the same device id, and the conversation shows from the browser's cache. Once
// per backend (backends.ts).
import { expect, it } from 'vitest';
import { forEachBackend } from './backends';
import {
  baseUrl,
  deviceIdOf,
  deviceIds,
  POLL_TIMEOUT,
  problems,
  sendFromComposer,
  useBrowser,
  widget,
  deliveryOf,
} from './browser';

const state = useBrowser();

forEachBackend('reload', (backend) => {
  const home = `${baseUrl}${backend.homePage}`;
  it('keeps the device id and shows the conversation from the cache before the network answers', async () => {
    const { page } = state;
    await page.goto(home);
    const w = widget(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await sendFromComposer(page, 'Before the reload');
    const deviceId = await deviceIdOf(backend.name);
    await backend.reply(deviceId, 'Before the reload', 'An answer from before the reload', 'Alex');
    await w.agentMessage('An answer from before the reload').waitFor({ timeout: POLL_TIMEOUT });

    // Every message request is slow from now on: what shows within 2 s after opening comes from the cache.
    await backend.fault({ method: 'GET', path: backend.paths.list, delayMs: 3000, count: 100 });
    const reloadedAt = Date.now();
    await page.reload();
    await w.launcher.click();
    const clickedAt = Date.now();
    await w.panel.waitFor();
    await w.userMessage('Before the reload').waitFor({ timeout: 2000 });
    await w.agentMessage('An answer from before the reload').waitFor({ timeout: 2000 });
    expect(Date.now() - clickedAt).toBeLessThan(2500);
    // No message request has been answered since the reload (they all take 3 s).
    const answered = (await backend.requests()).filter(
      (r) => r.time >= reloadedAt && (backend.isPoll(r) || backend.isOlder(r)) && r.status !== 0,
    );
    expect(answered).toEqual([]);
    await expect(
      w.agentMessage('An answer from before the reload').locator('[part~="agent-name"]').textContent(),
    ).resolves.toBe('Alex');

    // Once the network answers: the same conversation, nothing doubled.
    await expect
      .poll(
        async () =>
          (await backend.requests()).filter((r) => r.time >= reloadedAt && backend.isPoll(r) && r.status === 200)
            .length,
        { timeout: POLL_TIMEOUT },
      )
      .toBeGreaterThan(0);
    expect(await w.userMessage('Before the reload').count()).toBe(1);
    expect(await w.agentMessage('An answer from before the reload').count()).toBe(1);
    expect(await deliveryOf(w.userMessages)).toBe('sent');

    // One device for the whole test: after the reload the widget registered (if at all) under the same id.
    expect(await deviceIds(backend.name)).toEqual([deviceId]);
    const registrations = (await backend.requests()).filter(backend.isRegistration);
    expect(new Set(registrations.map((r) => r.deviceId))).toEqual(new Set([deviceId]));
    expect(await backend.visitors()).toEqual([deviceId]);
    expect(await problems()).toEqual([]);
  });

  it('a new message after the reload continues the same conversation on the server', async () => {
    const { page } = state;
    await page.goto(home);
    const w = widget(page);
    await w.launcher.click();
    await sendFromComposer(page, 'First visit');
    const deviceId = await deviceIdOf(backend.name);
    await page.reload();
    await w.launcher.click();
    await w.userMessage('First visit').waitFor();
    await sendFromComposer(page, 'Second visit');
    const texts = (await backend.results(deviceId)).filter((m) => m.typeId === 1).map((m) => m.message);
    expect(texts).toEqual(['First visit', 'Second visit']);
    expect(await deviceIds(backend.name)).toEqual([deviceId]);
    expect(await w.userMessages.count()).toBe(2);
  });
});
