import { describe, expect, it } from 'vitest';
import { advance, makeSession, openSession, useSessionHarness } from './harness';

useSessionHarness();

describe('edge cases', () => {
  it('reset() during the first open: every device id is registered before use, the forgotten one is never used after', async () => {
    const problems: string[] = [];
    // The race depends on where the first connect is when reset() runs: try each point.
    for (let yields = 0; yields <= 8; yields++) {
      const { session, transport } = makeSession();
      await session.ready;
      session.open();
      for (let i = 0; i < yields; i++) await Promise.resolve();
      await session.reset();
      const afterReset = transport.calls.length;
      await advance(10_000);
      const current = session.deviceId.value;
      const seen = new Set<unknown>();
      transport.calls.forEach((call, index) => {
        const id = (call.args[0] as { deviceId: unknown }).deviceId;
        if (typeof id !== 'string')
          problems.push(`after ${yields} microtasks: ${call.name} with device id ${String(id)}`);
        else if (!seen.has(id) && call.name !== 'register')
          problems.push(`after ${yields} microtasks: ${call.name} before register`);
        if (index >= afterReset && id !== current)
          problems.push(`after ${yields} microtasks: ${call.name} with the forgotten device id`);
        seen.add(id);
      });
      if (session.loadState.value !== 'ready') problems.push(`after ${yields} microtasks: not loaded`);
      session.dispose();
    }
    expect(problems).toEqual([]);
  });

  it('a connection lost for several tries is reported as one error event, and the message still goes', async () => {
    const { session, transport, errors } = makeSession();
    await session.ready;
    transport.failNext('register', 'network', 3);
    const sending = session.send('hi');
    await advance(20_000);
    await sending;
    expect(session.messages.value.map((m) => m.status)).toEqual(['sent']);
    expect(errors.map((e) => e.kind)).toEqual(['network']);
    expect(session.connection.value).toBe('online');
  });

  it('a message written while offline is sent once the browser is back online', async () => {
    const { session, transport } = await openSession();
    transport.offline = true;
    window.dispatchEvent(new Event('offline'));
    void session.send('written offline').catch(() => {});
    await advance(5_000);
    transport.offline = false;
    window.dispatchEvent(new Event('online'));
    await advance(5_000);
    expect(session.messages.value.map((m) => [m.text, m.status])).toEqual([['written offline', 'sent']]);
    expect(transport.conversation.filter((m) => m.text === 'written offline')).toHaveLength(1);
  });
});
