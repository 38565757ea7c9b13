import { describe, expect, it, vi } from 'vitest';
import { mount, mountOpen, press, useElementHarness } from './harness';

useElementHarness();

describe('opening and closing', () => {
  it('show(), hide() and toggle() drive the open attribute and the panel', async () => {
    const m = await mount();
    expect(m.part('panel')).toBeNull();
    m.el.show();
    expect(m.el.hasAttribute('open')).toBe(true);
    await vi.waitFor(() => expect(m.part('panel')).not.toBeNull());
    m.el.hide();
    expect(m.el.hasAttribute('open')).toBe(false);
    await vi.waitFor(() => expect(m.part('panel')).toBeNull());
    m.el.toggle();
    expect(m.el.open).toBe(true);
    await vi.waitFor(() => expect(m.part('panel')).not.toBeNull());
    m.el.toggle();
    expect(m.el.open).toBe(false);
    await vi.waitFor(() => expect(m.part('panel')).toBeNull());
  });

  it('setting the open attribute opens the panel', async () => {
    const m = await mount();
    m.el.setAttribute('open', '');
    await vi.waitFor(() => expect(m.part('panel')).not.toBeNull());
    m.el.removeAttribute('open');
    await vi.waitFor(() => expect(m.part('panel')).toBeNull());
  });

  it('clicking the launcher opens the panel and reflects open', async () => {
    const m = await mount();
    m.part('launcher')!.click();
    await vi.waitFor(() => expect(m.part('panel')).not.toBeNull());
    expect(m.el.open).toBe(true);
    expect(m.el.hasAttribute('open')).toBe(true);
  });

  it('the close button closes the panel', async () => {
    const m = await mountOpen();
    m.part('close')!.click();
    await vi.waitFor(() => expect(m.part('panel')).toBeNull());
    expect(m.el.open).toBe(false);
  });

  it('dispatches parley-open and parley-close, bubbling and composed, on the element', async () => {
    const seen: Event[] = [];
    const listener = (e: Event) => seen.push(e);
    document.addEventListener('parley-open', listener);
    document.addEventListener('parley-close', listener);
    try {
      const m = await mount();
      expect(seen).toEqual([]);
      m.el.show();
      await vi.waitFor(() => expect(seen.map((e) => e.type)).toEqual(['parley-open']));
      m.el.hide();
      await vi.waitFor(() => expect(seen.map((e) => e.type)).toEqual(['parley-open', 'parley-close']));
      for (const e of seen) {
        expect(e.target).toBe(m.el);
        expect(e.bubbles).toBe(true);
        expect(e.composed).toBe(true);
        expect((e as CustomEvent).detail).toEqual({});
      }
    } finally {
      document.removeEventListener('parley-open', listener);
      document.removeEventListener('parley-close', listener);
    }
  });

  it('dispatches parley-ready once, bubbling and composed', async () => {
    const ready: Event[] = [];
    const listener = (e: Event) => ready.push(e);
    document.addEventListener('parley-ready', listener);
    try {
      const m = await mount();
      m.el.show();
      await vi.waitFor(() => expect(m.eventsOf('parley-open')).toHaveLength(1));
      m.el.hide();
      await vi.waitFor(() => expect(m.eventsOf('parley-close')).toHaveLength(1));
      const other = document.createElement('div');
      document.body.append(other);
      other.append(m.el);
      await new Promise((r) => setTimeout(r, 20));
      expect(ready).toHaveLength(1);
      expect(ready[0]!.target).toBe(m.el);
      expect(ready[0]!.bubbles && ready[0]!.composed).toBe(true);
    } finally {
      document.removeEventListener('parley-ready', listener);
    }
  });

  it('Escape in the open panel closes it and returns focus to the launcher', async () => {
    const m = await mountOpen();
    const input = m.part('input')!;
    input.focus();
    press(input, 'Escape');
    await vi.waitFor(() => expect(m.part('panel')).toBeNull());
    expect(m.el.open).toBe(false);
    await vi.waitFor(() => expect(m.root.activeElement).toBe(m.part('launcher')));
  });

  it('the close button returns focus to the launcher', async () => {
    const m = await mountOpen();
    m.part('close')!.focus();
    m.part('close')!.click();
    await vi.waitFor(() => expect(m.root.activeElement).toBe(m.part('launcher')));
  });
});

describe('accessible names', () => {
  it.each([
    { lang: 'en', launcher: 'Open chat', close: 'Close chat', input: 'Message', send: 'Send' },
    { lang: 'nl', launcher: 'Chat openen', close: 'Chat sluiten', input: 'Bericht', send: 'Versturen' },
  ])('are localized in $lang', async ({ lang, launcher, close, input, send }) => {
    const m = await mount({ lang });
    expect(m.part('launcher')!.getAttribute('aria-label')).toBe(launcher);
    m.el.show();
    await vi.waitFor(() => expect(m.part('panel')).not.toBeNull());
    expect(m.part('close')!.getAttribute('aria-label')).toBe(close);
    expect(m.part('input')!.getAttribute('aria-label')).toBe(input);
    expect(m.part('send')!.getAttribute('aria-label')).toBe(send);
  });

  it('a regional lang falls back to its base language', async () => {
    const m = await mount({ lang: 'nl-BE' });
    expect(m.part('launcher')!.getAttribute('aria-label')).toBe('Chat openen');
  });
});
