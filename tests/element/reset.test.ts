// After reset() nothing of the old conversation may remain in the shadow tree: not in the message list, not in
// the screen readers' live region, not in the image viewer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountOpen, pollNow, useElementHarness, type Mounted } from './harness';

useElementHarness();

const liveRegion = (m: Mounted) => m.root.querySelector('[aria-live="polite"]')!;

/** reset() with an empty conversation on the server, once the new device has registered. */
async function resetToEmpty(m: Mounted): Promise<void> {
  m.transport.conversation = [];
  await m.el.reset();
  await vi.waitFor(() => expect(m.transport.count('register')).toBe(2));
  await vi.waitFor(() => expect(m.parts('message')).toHaveLength(0));
}

afterEach(() => vi.unstubAllGlobals());

describe('reset() and what the old conversation left in the UI', () => {
  it('empties the live region that announced an agent message', async () => {
    const m = await mountOpen();
    m.transport.addAgentMessage('Your parcel 4711 ships tomorrow', { name: 'Anna' });
    pollNow();
    await vi.waitFor(() => expect(liveRegion(m).textContent).toBe('Anna: Your parcel 4711 ships tomorrow'));

    await resetToEmpty(m);
    expect(liveRegion(m).textContent).toBe('');
    expect(m.root.textContent).not.toContain('4711');
  });

  it('closes the image viewer opened on an agent image', async () => {
    // happy-dom's IntersectionObserver never reports: without one, a message's image loads at once.
    vi.stubGlobal('IntersectionObserver', undefined);
    const m = await mountOpen();
    m.transport.addAgentMessage('See the photo', { name: 'Anna' });
    m.transport.conversation.at(-1)!.image = 'photo-1';
    pollNow();
    await vi.waitFor(() => expect(m.part('image-button')).not.toBeNull());
    m.part('image-button')!.click();
    await vi.waitFor(() => expect(m.part('viewer')).not.toBeNull());

    await resetToEmpty(m);
    expect(m.part('viewer')).toBeNull();
    expect(m.root.querySelector('img')).toBeNull();
    expect(m.root.textContent).not.toContain('See the photo');
  });
});
