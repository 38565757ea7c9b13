import { describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../helpers/fake-transport';
import { mount, mountOpen, tick, useElementHarness } from './harness';

useElementHarness();

const userTexts = (root: ShadowRoot) =>
  [...root.querySelectorAll('[part~="user"] [part~="text"]')].map((node) => node.textContent);

describe('element lifecycle', () => {
  it('two elements on one page have independent sessions', async () => {
    const a = await mountOpen();
    const b = await mountOpen();
    await a.el.send('only in a');
    await vi.waitFor(() => expect(userTexts(a.root)).toEqual(['only in a']));
    await tick(10);
    expect(userTexts(b.root)).toEqual([]);
    expect(a.transport.count('send')).toBe(1);
    expect(b.transport.count('send')).toBe(0);
    expect(a.eventsOf('parley-message')).toHaveLength(1);
    expect(b.eventsOf('parley-message')).toHaveLength(0);
    a.el.hide();
    await vi.waitFor(() => expect(a.part('panel')).toBeNull());
    expect(b.part('panel')).not.toBeNull();
    expect(b.el.open).toBe(true);
  });

  it('moving the element to another parent keeps its session', async () => {
    const m = await mountOpen();
    await m.el.send('before the move');
    await vi.waitFor(() => expect(userTexts(m.root)).toEqual(['before the move']));
    const registers = m.transport.count('register');
    const configs = m.transport.count('config');

    const other = document.createElement('div');
    document.body.append(other);
    other.append(m.el); // removed and inserted in the same task
    await tick(10);

    expect(m.transport.count('register')).toBe(registers);
    expect(m.transport.count('config')).toBe(configs);
    expect(userTexts(m.root)).toEqual(['before the move']);
    expect(m.el.open).toBe(true);
    expect(m.eventsOf('parley-ready')).toHaveLength(1);
    await m.el.send('after the move');
    await vi.waitFor(() => expect(userTexts(m.root)).toEqual(['before the move', 'after the move']));
    expect(m.transport.count('register')).toBe(registers);
  });

  it('the draft survives a move', async () => {
    const m = await mountOpen();
    const input = m.part('input') as HTMLTextAreaElement;
    input.value = 'half written';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    const other = document.createElement('section');
    document.body.append(other);
    other.append(m.el);
    await tick(10);
    expect((m.part('input') as HTMLTextAreaElement).value).toBe('half written');
  });

  it('a removed element stops its session: no more requests', async () => {
    const m = await mountOpen();
    m.el.remove();
    await tick(5);
    const calls = m.transport.calls.length;
    window.dispatchEvent(new Event('focus'));
    await new Promise((r) => setTimeout(r, 100));
    expect(m.transport.calls.length).toBe(calls);
  });

  it('send() called before the element started waits for the session', async () => {
    const transport = new FakeTransport();
    const el = document.createElement('parley-chat');
    el.setAttribute('api-url', 'https://api.example/parley/early-send');
    el.transport = transport;
    const sending = el.send('early bird');
    document.body.append(el);
    await sending;
    expect(transport.callsOf('send').map((c) => c.args[1])).toEqual([{ text: 'early bird' }]);
  });

  it('reset() starts a fresh conversation with a new device id', async () => {
    const m = await mountOpen();
    await m.el.send('old conversation');
    const oldDevice = m.transport.lastContext('register')!.deviceId;
    m.transport.conversation = [];
    await m.el.reset();
    await vi.waitFor(() => expect(m.transport.count('register')).toBe(2));
    expect(m.transport.lastContext('register')!.deviceId).not.toBe(oldDevice);
    await vi.waitFor(() => expect(userTexts(m.root)).toEqual([]));
  });

  it('uses the device-id attribute for every request', async () => {
    const m = await mount({ 'device-id': 'host-managed-device-1' });
    m.el.show();
    await vi.waitFor(() => expect(m.transport.count('register')).toBe(1));
    expect(m.transport.lastContext('register')!.deviceId).toBe('host-managed-device-1');
  });
});
