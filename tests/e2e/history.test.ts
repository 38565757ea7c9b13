// A long conversation: older pages load as the visitor scrolls up, in order, without duplicates or jumps. Once per
// backend (backends.ts), the history seeded on that backend.
import { expect, it } from 'vitest';
import { forEachBackend } from './backends';
import { gotoTestPage, POLL_TIMEOUT, useBrowser, widget } from './browser';

const state = useBrowser();
const DEVICE = 'e2e-device-0001';
const COUNT = 130;
const expected = Array.from({ length: COUNT }, (_, i) => `Message ${i + 1}`);

forEachBackend('history', (backend) => {
  async function openSeeded() {
    const { page } = state;
    await backend.seed(DEVICE, COUNT);
    await gotoTestPage(page, backend.element(`device-id="${DEVICE}" open`), { script: backend.script });
    const w = widget(page);
    await w.panel.waitFor();
    await w.message(`Message ${COUNT}`).waitFor({ timeout: POLL_TIMEOUT });
    return w;
  }

  it('loads all 130 messages, oldest first, each once, when the visitor scrolls up', async () => {
    const w = await openSeeded();
    // The first page is the newest messages; the list starts at the bottom.
    const first = await w.texts();
    expect(first.length).toBeLessThan(COUNT);
    expect(first.at(-1)).toBe(`Message ${COUNT}`);
    expect(await w.message(`Message ${COUNT}`).isVisible()).toBe(true);

    for (let round = 0; round < 10; round++) {
      const before = (await w.texts()).length;
      if (before >= COUNT && (await w.olderButton.count()) === 0) break;
      await w.list.evaluate((el) => {
        el.scrollTop = 0;
      });
      await expect
        .poll(async () => (await w.texts()).length > before || (await w.olderButton.count()) === 0, {
          timeout: POLL_TIMEOUT,
        })
        .toBe(true);
    }
    await expect.poll(() => w.olderButton.count(), { timeout: POLL_TIMEOUT }).toBe(0);
    const texts = await w.texts();
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts).toEqual(expected);
    // Each older page was asked for once.
    const older = (await backend.requests()).filter(backend.isOlder);
    expect(older.length).toBeGreaterThan(0);
    expect(new Set(older.map((r) => r.path)).size).toBe(older.length);
  });

  it('loads all 130 messages with the "Show earlier messages" button', async () => {
    const w = await openSeeded();
    for (let round = 0; round < 10 && (await w.olderButton.count()) > 0; round++) {
      const before = (await w.texts()).length;
      // The button itself, not its text: a page may be loading already (the list starts near its top), and then the
      // text is "Loading…" until the click can go through (Playwright waits while the button is disabled).
      await w.olderButton.click();
      await expect
        .poll(async () => (await w.texts()).length > before || (await w.olderButton.count()) === 0, {
          timeout: POLL_TIMEOUT,
        })
        .toBe(true);
    }
    expect(await w.texts()).toEqual(expected);
  });

  it('keeps the visible messages in place while an older page loads above them', async () => {
    const { page } = state;
    const w = await openSeeded();
    const oldest = (await w.texts())[0]!;
    const anchor = w.message(oldest);
    const count = (await w.texts()).length;
    // Scroll to the top: the oldest loaded message is in view, and the next older page is asked for.
    const top = await w.list.evaluate((el, text) => {
      el.scrollTop = 0;
      const root = el.getRootNode() as ShadowRoot;
      const message = [...root.querySelectorAll('[part~="message"]')].find(
        (m) => m.querySelector('[part~="text"]')?.textContent === text,
      )!;
      return message.getBoundingClientRect().top;
    }, oldest);
    await expect.poll(async () => (await w.texts()).length, { timeout: POLL_TIMEOUT }).toBeGreaterThan(count);
    // Wait for the frame after the update before measuring.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const after = await anchor.evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(after - top)).toBeLessThanOrEqual(4);
    expect(await anchor.isVisible()).toBe(true);
  });
});
