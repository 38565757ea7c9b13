import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/chat/storage';
import { visitorInfo } from '../../src/chat/visitor';
import { fakePage, installTabs } from '../helpers/fake-tabs';
import { FakeTransport } from '../helpers/fake-transport';
import { flush, makeSession, openSession, useSessionHarness } from './harness';

useSessionHarness();

const registrations = (transport: FakeTransport) =>
  transport.callsOf('register').map((call) => [(call.args[0] as { deviceId: string }).deviceId, call.args[1]]);

describe('what the host says of the visitor', () => {
  it('keeps plain strings only, trimmed and bounded; anything but an object or null is not an identity', () => {
    expect(visitorInfo({ name: ' Ann ', email: 'ann@example.com', age: 42, admin: true, note: '  ', x: null })).toEqual(
      { name: 'Ann', email: 'ann@example.com' },
    );
    expect(visitorInfo({ 'bad key!': 'x', ['k'.repeat(65)]: 'x', ok_key: 'v'.repeat(5_000) })).toEqual({
      ok_key: 'v'.repeat(1_000),
    });
    expect(
      Object.keys(visitorInfo(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])))!),
    ).toHaveLength(20);
    expect(visitorInfo(Object.create({ inherited: 'x' }))).toBeNull();
    expect(visitorInfo({})).toBeNull();
    expect(visitorInfo(null)).toBeNull();
    for (const wrong of ['Ann', 42, ['Ann'], undefined]) expect(visitorInfo(wrong)).toBeUndefined();
  });

  it('goes with the first registration when given before it', async () => {
    const made = makeSession({ visitor: { name: 'Ann' } });
    await made.session.ready;
    made.session.open();
    await flush();
    expect(registrations(made.transport)).toEqual([[made.session.deviceId.value, { name: 'Ann' }]]);
  });

  it('registers the same device again when it changes, and without it after identify(null)', async () => {
    const { session, transport } = await openSession();
    const device = session.deviceId.value;
    session.identify({ name: 'Ann', email: 'ann@example.com' });
    await flush();
    session.identify({ email: 'ann@example.com', name: 'Ann' }); // the same facts: nothing new to say
    await flush();
    session.identify(null);
    await flush();
    expect(registrations(transport)).toEqual([
      [device, undefined],
      [device, { name: 'Ann', email: 'ann@example.com' }],
      [device, undefined],
    ]);
    expect(() => session.identify('Ann' as never)).toThrow(TypeError);
  });

  it('before the device is registered, waits for the registration', async () => {
    const made = makeSession();
    await made.session.ready;
    made.session.identify({ name: 'Ann' });
    await flush();
    expect(made.transport.count('register')).toBe(0);
    made.session.open();
    await flush();
    expect(registrations(made.transport)).toEqual([[made.session.deviceId.value, { name: 'Ann' }]]);
  });
});

describe('identity in several tabs', () => {
  let uninstall: () => void;
  beforeEach(() => void (uninstall = installTabs()));
  afterEach(() => uninstall());

  it('an identity given in a following tab is registered by the leading one', async () => {
    const store = memoryStore();
    const transport = new FakeTransport();
    const a = makeSession({ transport, store, storageKey: 'shared', page: fakePage().page });
    await a.session.ready;
    a.session.open();
    await flush();
    const b = makeSession({ transport, store, storageKey: 'shared', page: fakePage().page });
    await b.session.ready;
    await flush();
    const before = transport.count('register');
    b.session.identify({ name: 'Ann' });
    await flush();
    expect(transport.count('register')).toBe(before + 1);
    expect(registrations(transport).at(-1)?.[1]).toEqual({ name: 'Ann' });
  });
});

describe('an account that takes only signed-in visitors (config authorizationRequired)', () => {
  it('without credentials: says so, fires an error, sends nothing; with them, the message goes', async () => {
    const transport = new FakeTransport();
    transport.chatConfig = { ...transport.chatConfig, authorizationRequired: true };
    let signedIn = false;
    const made = makeSession({ transport, signedIn: () => signedIn });
    await made.session.ready;
    made.session.open();
    await flush();
    expect(made.session.error.value).toMatchObject({
      kind: 'unauthorized',
      details: { code: 'authentication_required' },
    });
    expect(made.errors.map((e) => e.details.code)).toEqual(['authentication_required']);
    const sending = made.session.send('Where is my order?');
    await flush();
    expect(made.session.messages.value.at(-1)).toMatchObject({ text: 'Where is my order?', status: 'pending' });
    expect(transport.count('send')).toBe(0);

    signedIn = true;
    made.session.setTransport(transport);
    await sending;
    expect(transport.count('send')).toBe(1);
    expect(made.session.error.value).toBeNull();
  });

  it('with credentials, or an account that does not ask, nothing changes', async () => {
    const transport = new FakeTransport();
    transport.chatConfig = { ...transport.chatConfig, authorizationRequired: true };
    const { session } = await openSession({ transport, signedIn: () => true });
    await session.send('hi');
    expect(session.error.value).toBeNull();
    const other = await openSession({ signedIn: () => false });
    await other.session.send('hi');
    expect(other.transport.count('send')).toBe(1);
  });
});
