// identify() on the element: kept until the chat starts (it loads nothing by itself), then sent when the device
// registers, and registered again when it changes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGlobalApi } from '../../src/element/global-api';
import type { ParleyChatElement } from '../../src/element/ParleyChatElement';
import { mount, stubParley, uniqueApiUrl, useElementHarness } from './harness';

useElementHarness();

describe('identify', () => {
  it('is kept until the chat starts, then registered with the device; a change registers again', async () => {
    const { el, transport } = await mount();
    el.identify({ name: 'Ann', email: 'ann@example.com', plan: 42 });
    expect(transport.count('register')).toBe(0);
    el.show();
    await vi.waitFor(() => expect(transport.count('register')).toBe(1));
    expect(transport.callsOf('register')[0]?.args[1]).toEqual({ name: 'Ann', email: 'ann@example.com' });
    el.identify(null);
    await vi.waitFor(() => expect(transport.count('register')).toBe(2));
    expect(transport.callsOf('register')[1]?.args[1]).toBeUndefined();
  });

  it('throws a TypeError for anything but an object or null, and keeps what it had', async () => {
    const { el, transport } = await mount();
    el.identify({ name: 'Ann' });
    expect(() => el.identify('Ann' as never)).toThrow(TypeError);
    expect(() => el.identify(['Ann'] as never)).toThrow(TypeError);
    el.show();
    await vi.waitFor(() => expect(transport.count('register')).toBe(1));
    expect(transport.callsOf('register')[0]?.args[1]).toEqual({ name: 'Ann' });
  });

  it('window.ParleyChat.identify acts on the first element', async () => {
    const { el, transport } = await mount();
    createGlobalApi().identify({ name: 'Ann' });
    el.show();
    await vi.waitFor(() => expect(transport.count('register')).toBe(1));
    expect(transport.callsOf('register')[0]?.args[1]).toEqual({ name: 'Ann' });
  });
});

describe('an account that takes only signed-in visitors', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('without an access token: the panel asks to sign in, parley-error fires, nothing is sent', async () => {
    const server = stubParley({ authorizationRequired: '1' });
    const el = document.createElement('parley-chat') as ParleyChatElement;
    el.setAttribute('api-url', uniqueApiUrl());
    el.setAttribute('lang', 'en');
    const errors: CustomEvent[] = [];
    el.addEventListener('parley-error', (e) => errors.push(e as CustomEvent));
    el.setAttribute('open', '');
    document.body.append(el);
    const banner = () => el.shadowRoot!.querySelector('[part~="banner"]')?.textContent;
    await vi.waitFor(() => expect(banner()).toBe('Sign in to chat with us.'));
    expect(errors.map((e) => e.detail.code)).toEqual(['unauthorized']);
    void el.send('Hello?').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/messages'))).toEqual([]);

    el.accessToken = 'token-of-a-signed-in-visitor';
    await vi.waitFor(() =>
      expect(server.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/messages'))).toHaveLength(1),
    );
    expect(server.calls.at(-1)?.headers.get('Authorization')).toBe('Bearer token-of-a-signed-in-visitor');
  });
});
