import { describe, expect, it, vi } from 'vitest';
import { defineParleyChat } from '../../src/element/define';
import { ParleyChatElement } from '../../src/element/ParleyChatElement';
import { mount, useElementHarness } from './harness';

useElementHarness();

describe('<parley-chat> attributes and properties', () => {
  it('is registered as parley-chat; defining again does not throw', () => {
    expect(customElements.get('parley-chat')).toBe(ParleyChatElement);
    expect(() => defineParleyChat()).not.toThrow();
    expect(() => defineParleyChat()).not.toThrow();
    expect(customElements.get('parley-chat')).toBe(ParleyChatElement);
    expect(document.createElement('parley-chat')).toBeInstanceOf(ParleyChatElement);
  });

  it('maps api-url, device-id, lang, mode and position to properties both ways', () => {
    const el = document.createElement('parley-chat');
    el.setAttribute('api-url', 'https://api.example/one');
    el.setAttribute('device-id', 'device-id-0123456789');
    el.setAttribute('lang', 'nl');
    el.setAttribute('mode', 'inline');
    el.setAttribute('position', 'left');
    expect(el.apiUrl).toBe('https://api.example/one');
    expect(el.deviceId).toBe('device-id-0123456789');
    expect(el.lang).toBe('nl');
    expect(el.mode).toBe('inline');
    expect(el.position).toBe('left');

    el.apiUrl = 'https://api.example/two';
    el.deviceId = 'another-device-id-42';
    el.lang = 'en';
    el.mode = 'fullscreen';
    el.position = 'right';
    expect(el.getAttribute('api-url')).toBe('https://api.example/two');
    expect(el.getAttribute('device-id')).toBe('another-device-id-42');
    expect(el.getAttribute('lang')).toBe('en');
    expect(el.getAttribute('mode')).toBe('fullscreen');
    expect(el.getAttribute('position')).toBe('right');
  });

  it('defaults: mode launcher, position right, closed', () => {
    const el = document.createElement('parley-chat');
    expect(el.mode).toBe('launcher');
    expect(el.position).toBe('right');
    expect(el.open).toBe(false);
  });

  it('open is a boolean property reflected to the attribute', () => {
    const el = document.createElement('parley-chat');
    el.open = true;
    expect(el.hasAttribute('open')).toBe(true);
    el.open = false;
    expect(el.hasAttribute('open')).toBe(false);
    el.setAttribute('open', '');
    expect(el.open).toBe(true);
    el.removeAttribute('open');
    expect(el.open).toBe(false);
  });

  it('an element with the open attribute starts open', async () => {
    const m = await mount({ open: '' });
    await vi.waitFor(() => expect(m.part('panel')).not.toBeNull());
    expect(m.el.open).toBe(true);
    expect(m.eventsOf('parley-open')).toHaveLength(1);
    expect(m.eventsOf('parley-close')).toHaveLength(0);
  });

  it('an invalid mode warns once and falls back to launcher', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const m = await mount({ mode: 'sideways' });
    expect(m.el.mode).toBe('launcher');
    expect(m.el.mode).toBe('launcher');
    m.el.setAttribute('lang', 'nl'); // renders again
    m.el.setAttribute('mode', 'sideways'); // the same value again
    m.el.mode = 'inline'; // opens the chat, without a close button
    await vi.waitFor(() => expect(m.part('panel')).not.toBeNull());
    expect(m.part('close')).toBeNull();
    m.el.mode = 'sideways'; // and once more after a valid one: the launcher's panel, closable again
    await vi.waitFor(() => expect(m.part('close')).not.toBeNull());
    m.el.hide();
    await vi.waitFor(() => expect(m.part('launcher')).not.toBeNull());
    const modeWarnings = warn.mock.calls.filter((args) => String(args[0]).includes('sideways'));
    expect(modeWarnings).toHaveLength(1);
    expect(m.part('launcher')).not.toBeNull();
  });

  it('mode inline: no launcher, the panel is shown and the chat is open', async () => {
    const m = await mount({ mode: 'inline' });
    await vi.waitFor(() => expect(m.part('panel')).not.toBeNull());
    expect(m.part('launcher')).toBeNull();
    await vi.waitFor(() => expect(m.transport.count('latest')).toBeGreaterThan(0));
  });

  it('changing the lang attribute re-renders the accessible names', async () => {
    const m = await mount();
    expect(m.part('launcher')?.getAttribute('aria-label')).toBe('Open chat');
    m.el.lang = 'nl';
    await vi.waitFor(() => expect(m.part('launcher')?.getAttribute('aria-label')).toBe('Chat openen'));
  });
});
