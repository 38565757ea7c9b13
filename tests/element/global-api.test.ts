// window.ParleyChat and the auto-mount of the script-tag build (src/embed.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyChatElement } from '../../src/element/ParleyChatElement';
import { FakeTransport } from '../helpers/fake-transport';
import { mount, tick, useElementHarness } from './harness';

useElementHarness();

async function loadEmbed(script?: HTMLScriptElement) {
  vi.resetModules();
  delete window.ParleyChat;
  Object.defineProperty(document, 'currentScript', { value: script ?? null, configurable: true });
  try {
    await import('../../src/embed');
  } finally {
    Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
  }
  return window.ParleyChat!;
}

describe('window.ParleyChat', () => {
  beforeEach(() => void vi.spyOn(console, 'warn').mockImplementation(() => {}));
  afterEach(() => void delete window.ParleyChat);

  it('acts on the first <parley-chat> of the page', async () => {
    const api = await loadEmbed();
    expect(api.element).toBeNull();
    const m = await mount();
    expect(api.element).toBe(m.el);
    api.open();
    expect(m.el.open).toBe(true);
    api.close();
    expect(m.el.open).toBe(false);
    api.toggle();
    expect(m.el.open).toBe(true);
    await api.send('through the global');
    expect(m.transport.callsOf('send').map((c) => c.args[1])).toEqual([{ text: 'through the global' }]);
  });

  it('on/off take event names without the parley- prefix', async () => {
    const api = await loadEmbed();
    const m = await mount();
    const opened: unknown[] = [];
    const fn = (detail: unknown) => opened.push(detail);
    api.on('open', fn);
    m.el.show();
    await vi.waitFor(() => expect(opened).toEqual([{}]));
    api.off('open', fn);
    m.el.hide();
    m.el.show();
    await vi.waitFor(() => expect(m.eventsOf('parley-open')).toHaveLength(2));
    expect(opened).toEqual([{}]);
  });

  it('send() without an element rejects', async () => {
    const api = await loadEmbed();
    await expect(api.send('nobody home')).rejects.toThrow();
  });

  it('loading the script twice keeps the first global and does not throw', async () => {
    const first = await loadEmbed();
    vi.resetModules();
    await expect(import('../../src/embed')).resolves.toBeDefined();
    expect(window.ParleyChat).toBe(first);
  });
});

describe('auto-mount from the script tag', () => {
  afterEach(() => void delete window.ParleyChat);

  it('appends a <parley-chat> with the data-* attributes mapped', async () => {
    const script = document.createElement('script');
    script.dataset.apiUrl = 'https://api.example/secure-messenger';
    script.dataset.lang = 'nl';
    script.dataset.position = 'left';
    // No network in tests: a transport is set as soon as the element exists, before it starts.
    const observer = new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLElement && node.localName === 'parley-chat')
            (node as ParleyChatElement).transport = new FakeTransport();
    });
    observer.observe(document.body, { childList: true });
    try {
      await loadEmbed(script);
      await tick();
    } finally {
      observer.disconnect();
    }
    const elements = document.querySelectorAll('parley-chat');
    expect(elements).toHaveLength(1);
    const el = elements[0] as ParleyChatElement;
    expect(el.getAttribute('api-url')).toBe('https://api.example/secure-messenger');
    expect(el.getAttribute('lang')).toBe('nl');
    expect(el.getAttribute('position')).toBe('left');
    expect(window.ParleyChat!.element).toBe(el);
  });

  it('does not add a second element when the page already has one', async () => {
    const m = await mount();
    const script = document.createElement('script');
    script.dataset.apiUrl = 'https://api.example/secure-messenger';
    await loadEmbed(script);
    expect(document.querySelectorAll('parley-chat')).toHaveLength(1);
    expect(window.ParleyChat!.element).toBe(m.el);
  });
});
