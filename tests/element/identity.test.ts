// identify() on the element: kept until the chat starts (it loads nothing by itself), then sent when the device
// registers, and registered again when it changes.
import { describe, expect, it, vi } from 'vitest';
import { createGlobalApi } from '../../src/element/global-api';
import { mount, useElementHarness } from './harness';

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
