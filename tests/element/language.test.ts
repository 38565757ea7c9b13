// The backend is asked for its own texts (the pinned notice, the welcome) in the widget's language.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParleyChatElement } from '../../src/element/ParleyChatElement';
import { stubParley, uniqueApiUrl, useElementHarness } from './harness';

useElementHarness();
afterEach(() => vi.unstubAllGlobals());

describe('Accept-Language', () => {
  it("is the widget's language on every request, and follows a change of lang", async () => {
    const server = stubParley();
    const el = document.createElement('parley-chat') as ParleyChatElement;
    el.setAttribute('api-url', uniqueApiUrl());
    el.setAttribute('lang', 'nl');
    el.setAttribute('open', '');
    document.body.append(el);
    await vi.waitFor(() => expect(server.calls.some((c) => c.url.includes('/messages'))).toBe(true));
    expect(new Set(server.calls.map((c) => c.headers.get('Accept-Language')))).toEqual(new Set(['nl']));
    const before = server.calls.length;
    el.setAttribute('lang', 'en');
    el.shadowRoot!.querySelector<HTMLElement>('[part~="input"]')?.focus();
    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(server.calls.length).toBeGreaterThan(before));
    expect(server.calls.at(-1)?.headers.get('Accept-Language')).toBe('en');
  });

  it('leaves the host its own Accept-Language in `headers`', async () => {
    const server = stubParley();
    const el = document.createElement('parley-chat') as ParleyChatElement;
    el.setAttribute('api-url', uniqueApiUrl());
    el.headers = { 'Accept-Language': 'fr-BE' };
    el.setAttribute('open', '');
    document.body.append(el);
    await vi.waitFor(() => expect(server.calls.length).toBeGreaterThan(0));
    expect(server.calls[0]?.headers.get('Accept-Language')).toBe('fr-BE');
  });
});
