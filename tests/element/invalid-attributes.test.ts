// Invalid attribute values: each gives exactly one console warning, never an exception, and a documented fallback.
// (An invalid `mode` is in attributes.test.ts.) Warnings are remembered per page, so every test uses values of its own.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParleyChatElement } from '../../src/element/ParleyChatElement';
import { mount, stubParley, tick, uniqueApiUrl, useElementHarness } from './harness';

useElementHarness();
afterEach(() => vi.unstubAllGlobals());

const silenceWarnings = () => vi.spyOn(console, 'warn').mockImplementation(() => {});
const warningsAbout = (warn: ReturnType<typeof silenceWarnings>, text: string) =>
  warn.mock.calls.filter((args) => String(args[0]).includes(text));

describe('invalid attributes', () => {
  it('never throw: creating, connecting, setting attributes and properties, opening', async () => {
    silenceWarnings();
    stubParley();
    const bad = {
      'api-url': 'javascript:void(0)',
      'device-id': 'x',
      mode: 'diagonal',
      position: 'top',
      lang: '!!',
      open: 'no',
    };
    let el!: ParleyChatElement;
    expect(() => {
      el = document.createElement('parley-chat');
      for (const [name, value] of Object.entries(bad)) el.setAttribute(name, value);
    }).not.toThrow();
    expect(() => document.body.append(el)).not.toThrow();
    await tick();
    expect(() => {
      for (const [name, value] of Object.entries(bad)) el.setAttribute(name, `${value}!`);
      el.mode = 'up';
      el.position = '';
      el.apiUrl = 'ftp://files.example';
      el.deviceId = ' ';
      el.toggle();
      el.show();
      el.hide();
      el.remove();
      document.body.append(el);
    }).not.toThrow();
    await tick();
    expect(el.mode).toBe('launcher');
    expect(el.position).toBe('right');
  });

  it('an unknown position warns once and puts the launcher on the right', async () => {
    const warn = silenceWarnings();
    const m = await mount({ position: 'middle' });
    expect(m.el.position).toBe('right');
    expect(m.part('launcher')?.closest('.root')?.classList.contains('right')).toBe(true);
    m.el.lang = 'nl'; // renders again
    m.el.setAttribute('position', 'middle'); // the same value again
    m.el.show();
    await vi.waitFor(() => expect(m.part('panel')).not.toBeNull());
    m.el.position = 'left';
    await vi.waitFor(() => expect(m.part('panel')?.closest('.root')?.classList.contains('left')).toBe(true));
    m.el.position = 'middle';
    await vi.waitFor(() => expect(m.part('panel')?.closest('.root')?.classList.contains('right')).toBe(true));
    expect(warningsAbout(warn, 'middle')).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a device-id shorter than 10 characters warns once; a generated id is used for every request', async () => {
    const warn = silenceWarnings();
    const m = await mount({ 'device-id': ' short-id ' });
    m.el.show();
    await vi.waitFor(() => expect(m.transport.count('latest')).toBeGreaterThan(0));
    m.el.setAttribute('device-id', ' short-id '); // the same value again
    m.el.setAttribute('lang', 'nl'); // renders again
    await m.el.send('hello');
    const used = new Set(m.transport.calls.map((c) => (c.args[0] as { deviceId: string }).deviceId));
    expect(used.size).toBe(1);
    const [generated] = used;
    expect(generated).not.toContain('short-id');
    expect(generated!.length).toBeGreaterThanOrEqual(10);
    expect(warningsAbout(warn, 'device-id')).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);

    // Exactly 10 characters is long enough.
    m.el.setAttribute('device-id', '0123456789');
    await m.el.send('again');
    expect(m.transport.lastContext('send')?.deviceId).toBe('0123456789');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a malformed api-url warns once, renders nothing and makes no request, also when open; a valid one later starts the chat', async () => {
    const warn = silenceWarnings();
    const server = stubParley();
    const values = ['not a url', 'javascript:alert(1)', 'ftp://x', '', '   '];
    const elements = values.map((value) => {
      const el = document.createElement('parley-chat');
      el.setAttribute('api-url', value);
      el.setAttribute('open', '');
      document.body.append(el);
      return el;
    });
    await tick();
    for (const [i, el] of elements.entries()) {
      el.setAttribute('api-url', values[i]!); // the same value again
      el.setAttribute('lang', 'nl');
      el.toggle();
      el.toggle();
    }
    await tick();
    for (const el of elements) {
      expect(el.shadowRoot!.querySelector('[part]')).toBeNull();
      expect(el.shadowRoot!.textContent).toBe('');
    }
    expect(server.calls).toEqual([]);
    for (const value of values.slice(0, 3)) expect(warningsAbout(warn, `"${value}"`)).toHaveLength(1);
    expect(warningsAbout(warn, 'api-url "   "')).toHaveLength(1);
    expect(warningsAbout(warn, 'api-url ""')).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(values.length);

    // The host fixes the attribute (e.g. a framework binds it once its config has loaded).
    const apiUrl = uniqueApiUrl();
    elements[0]!.setAttribute('api-url', apiUrl);
    await vi.waitFor(() => expect(elements[0]!.shadowRoot!.querySelector('[part~="panel"]')).not.toBeNull());
    await vi.waitFor(() => expect(server.calls.map((c) => `${c.method} ${c.url}`)).toContain(`POST ${apiUrl}/devices`));
    expect(warn).toHaveBeenCalledTimes(values.length);
    for (const el of elements) el.remove();
    await tick();
  });
});
