// What the element does before its chat has loaded (the script-tag loader's behaviour): the launcher alone, the chat
// loaded on intent, open, calls and for a returning visitor; calls made meanwhile honoured in order; a chat that
// cannot load said so on the launcher and loaded again on the next try or back online, losing nothing.
import { set } from 'idb-keyval';
import { createStore } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyChatElement } from '../../src/element/ParleyChatElement';
import { FakeTransport } from '../helpers/fake-transport';
import { tick, uniqueApiUrl, useElementHarness } from './harness';

/** The chat module's loads: each one waits until the test lets it through (or fails it). */
const loads = vi.hoisted(() => ({
  count: 0,
  holding: false,
  held: [] as { release(): void; fail(): void }[],
}));

vi.mock('../../src/element/load-chat', () => ({
  loadChat: () => {
    loads.count++;
    const chat = () => import('../../src/element/chat');
    if (!loads.holding) return chat();
    return new Promise((resolve, reject) =>
      loads.held.push({ release: () => resolve(chat()), fail: () => reject(new TypeError('Failed to fetch')) }),
    );
  },
}));

useElementHarness();

beforeEach(() => {
  loads.count = 0;
  loads.holding = true;
  loads.held = [];
});
afterEach(() => {
  for (const load of loads.held) load.release();
});

interface Placed {
  el: ParleyChatElement;
  transport: FakeTransport;
  part(name: string): HTMLElement | null;
}

/** A `<parley-chat>` on the page, started (its launcher shows), with a fake backend. */
async function place(attributes: Record<string, string> = {}, apiUrl = uniqueApiUrl()): Promise<Placed> {
  const el = document.createElement('parley-chat');
  el.setAttribute('api-url', apiUrl);
  el.setAttribute('lang', 'en');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  const transport = new FakeTransport();
  el.transport = transport;
  document.body.append(el);
  await tick();
  return { el, transport, part: (name) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`) };
}

/** The CSS of the element's shadow root. */
const sheetText = (el: ParleyChatElement) =>
  el.shadowRoot!.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n');

const launcher = (p: Placed) => p.part('launcher') as HTMLButtonElement;

describe('before the chat has loaded', () => {
  it('a new visitor gets the launcher, parley-ready and no chat: nothing loads, nothing is asked of the backend', async () => {
    const ready = vi.fn();
    document.addEventListener('parley-ready', ready, { once: true });
    const p = await place();
    expect(ready).toHaveBeenCalledTimes(1);
    expect(launcher(p).getAttribute('aria-label')).toBe('Open chat');
    expect(launcher(p).getAttribute('aria-expanded')).toBe('false');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(loads.count).toBe(0);
    expect(p.transport.calls).toEqual([]);
    expect(p.part('panel')).toBeNull();
  });

  it('the launcher speaks the page language', async () => {
    const p = await place({ lang: 'nl' });
    expect(launcher(p).getAttribute('aria-label')).toBe('Chat openen');
  });

  it.each(['pointerover', 'focus', 'touchstart'])('%s on the launcher loads the chat, once', async (type) => {
    const p = await place();
    launcher(p).dispatchEvent(new Event(type));
    launcher(p).dispatchEvent(new Event(type));
    expect(loads.count).toBe(1);
    loads.held[0]!.release();
    // The chat's own launcher takes over: still one launcher, and still nothing asked of the backend.
    await vi.waitFor(() =>
      expect(p.el.shadowRoot!.querySelector('[part~="launcher"]:not([aria-busy])')).not.toBeNull(),
    );
    expect(p.el.shadowRoot!.querySelectorAll('[part~="launcher"]')).toHaveLength(1);
    expect(p.transport.count('register')).toBe(0);
  });

  it('a click while the chat loads: the launcher is busy, then the panel opens with the focus in the text field', async () => {
    const p = await place();
    launcher(p).click();
    expect(launcher(p).getAttribute('aria-busy')).toBe('true');
    expect(loads.count).toBe(1);
    loads.held[0]!.release();
    await vi.waitFor(() => expect(p.part('input')).not.toBeNull());
    expect(p.el.open).toBe(true);
    expect(p.el.shadowRoot!.activeElement).toBe(p.part('input'));
  });

  it('a press on the launcher while the chat arrives is not lost: its click opens the chat', async () => {
    const p = await place();
    const standIn = launcher(p);
    standIn.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    standIn.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    loads.held[0]!.release();
    await vi.waitFor(() => expect(p.el.shadowRoot!.querySelectorAll('[part~="launcher"]')).toHaveLength(2));
    await tick();
    expect(standIn.isConnected).toBe(true);
    standIn.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    standIn.click();
    await vi.waitFor(() => expect(p.part('input')).not.toBeNull());
    expect(p.el.open).toBe(true);
    await vi.waitFor(() => expect(standIn.isConnected).toBe(false));
  });

  it('the inline mode, an open attribute and a returning visitor load the chat at once', async () => {
    loads.holding = false;
    const inline = await place({ mode: 'inline' });
    await vi.waitFor(() => expect(inline.part('panel')).not.toBeNull());
    const open = await place({ open: '' });
    await vi.waitFor(() => expect(open.part('panel')).not.toBeNull());

    const apiUrl = uniqueApiUrl();
    await set(`transport:${apiUrl}:device`, 'device-of-a-returning-visitor', createStore('parley-chat', 'state'));
    const returning = await place({}, apiUrl);
    // At idle time its chat loads and polls for unread messages; the panel stays closed.
    await vi.waitFor(() =>
      expect(returning.transport.count('latest') + returning.transport.count('newer')).toBeGreaterThan(0),
    );
    expect(returning.part('panel')).toBeNull();
    expect(loads.count).toBe(3);
  });

  it("a returning visitor's launcher has the account's colours before the chat has loaded", async () => {
    const apiUrl = uniqueApiUrl();
    const first = await place({ open: '' }, apiUrl);
    first.transport.chatConfig.colors = { navBackground: '#123456' };
    loads.held[0]!.release();
    await vi.waitFor(() => expect(sheetText(first.el)).toMatch(/--parley-nav-background:\s*#123456/));
    first.el.remove();

    const next = await place({}, apiUrl); // the next page: the loader alone (its chat load is held)
    expect(next.el.shadowRoot!.adoptedStyleSheets).toHaveLength(1);
    expect(sheetText(next.el)).toMatch(/--parley-nav-background:\s*#123456/);
    // Another account's launcher keeps the default colours.
    expect(sheetText((await place()).el)).not.toContain('#123456');
  });

  it("with the host's device id, a visitor whose conversation this browser keeps is returning; another is not", async () => {
    loads.holding = false;
    const device = 'device-of-the-host-0001';
    const apiUrl = uniqueApiUrl();
    await set(
      `transport:${apiUrl}:${device}:conversation`,
      { messages: [], unread: 0 },
      createStore('parley-chat', 'state'),
    );
    const returning = await place({ 'device-id': device }, apiUrl);
    await vi.waitFor(() => expect(loads.count).toBe(1));
    expect(returning.part('panel')).toBeNull();

    await place({ 'device-id': 'device-new-to-this-browser' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(loads.count).toBe(1);
  });

  it('calls made before the chat loaded are honoured once it has, in order', async () => {
    const p = await place();
    const sent = [p.el.send('first'), p.el.send('second')];
    p.el.show();
    expect(loads.count).toBe(1);
    loads.held[0]!.release();
    await Promise.all(sent);
    expect(p.transport.callsOf('send').map((c) => c.args[1])).toEqual([{ text: 'first' }, { text: 'second' }]);
    await vi.waitFor(() => expect(p.part('panel')).not.toBeNull());
  });

  it('a chat that cannot load: the launcher says so; the next click loads again and nothing waiting is lost', async () => {
    const p = await place();
    const sent = p.el.send('written before the chat could load');
    launcher(p).click();
    loads.held[0]!.fail();
    await vi.waitFor(() =>
      expect(p.el.shadowRoot!.querySelector('[role="alert"]')?.textContent).toBe('The chat could not load. Try again.'),
    );
    expect(launcher(p).getAttribute('aria-busy')).toBe('false');

    launcher(p).click();
    expect(p.el.shadowRoot!.querySelector('[role="alert"]')).toBeNull();
    expect(loads.count).toBe(2);
    loads.held[1]!.release();
    await sent;
    expect(p.transport.callsOf('send').map((c) => c.args[1])).toEqual([{ text: 'written before the chat could load' }]);
    await vi.waitFor(() => expect(p.part('input')).not.toBeNull());
  });

  it('a chat that could not load loads again when the browser is back online', async () => {
    const p = await place();
    const sent = p.el.send('queued while offline');
    loads.held[0]!.fail();
    await vi.waitFor(() => expect(p.el.shadowRoot!.querySelector('[role="alert"]')).not.toBeNull());
    window.dispatchEvent(new Event('online'));
    expect(loads.count).toBe(2);
    loads.held[1]!.release();
    await sent;
    expect(p.transport.count('send')).toBe(1);
  });
});
