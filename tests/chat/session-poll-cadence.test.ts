// What polling costs: the requests an open, a closed and a hidden chat make over time (issue 11), and what brings
// the fast cadence back.
import { describe, expect, it } from 'vitest';
import type { ChatSession } from '../../src/chat/session';
import { memoryStore } from '../../src/chat/storage';
import { fakePage } from '../helpers/fake-tabs';
import { FakeTransport } from '../helpers/fake-transport';
import { advance, flush, makeSession, openSession, untilNextCall, useSessionHarness } from './harness';

useSessionHarness();

const MINUTE = 60_000;
const polls = (transport: FakeTransport) => transport.count('latest') + transport.count('newer');

/** The polls in each of the next `minutes` minutes. */
async function perMinute(transport: FakeTransport, minutes: number): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < minutes; i++) {
    const before = polls(transport);
    await advance(MINUTE);
    counts.push(polls(transport) - before);
  }
  return counts;
}

/** The moments of the polls in the next `ms` (0: at once), to 100 ms. */
async function pollTimes(transport: FakeTransport, ms: number): Promise<number[]> {
  const times: number[] = [];
  let before = polls(transport);
  for (let t = 0; t <= ms; t += 100) {
    await (t ? advance(100) : flush());
    for (; before < polls(transport); before++) times.push(t);
  }
  return times;
}

/** An open chat left idle for 10 minutes, just after a poll: the next one is a minute away. */
async function idleOpenChat() {
  const transport = new FakeTransport();
  transport.seed(1);
  const made = await openSession({ transport });
  await advance(10 * MINUTE);
  await untilNextCall(made.transport, 'newer');
  return made;
}

describe('an open chat', () => {
  it("the first open: the latest page is the first poll, the next one comes 2 s after it, so the agent's first reply shows fast", async () => {
    const { session, transport } = makeSession();
    await session.ready;
    session.open();
    await flush();
    expect(transport.names()).toEqual(['register', 'config', 'latest']);
    transport.addAgentMessage('Hi, how can I help?');
    expect(await pollTimes(transport, 6_000)).toEqual([2_000, 4_000, 6_000]);
    expect(session.messages.value.map((m) => m.text)).toEqual(['Hi, how can I help?']);
  });

  it('left idle, slows down with the time since the last sign of life: 21, 5 and 1 requests in its 1st, 3rd and 10th minute', async () => {
    const { transport } = await openSession();
    const minutes = await perMinute(transport, 60);
    expect([minutes[0], minutes[2], minutes[9]]).toEqual([21, 5, 1]);
    expect(minutes.slice(10).every((n) => n === 1)).toBe(true);
    expect(minutes.reduce((sum, n) => sum + n)).toBeLessThan(100); // was 360 an hour
  });

  it.each([
    ['pointer activity over the panel', (s: ChatSession) => s.activity()],
    ['typing', (s: ChatSession) => s.typing()],
    ['focus', () => void window.dispatchEvent(new Event('focus'))],
  ])('fast again at once after 10 idle minutes on %s: within 2 s of the last poll, then every 2 s', async (_, act) => {
    const { session, transport } = await idleOpenChat();
    transport.addAgentMessage('Sorry for the wait');
    act(session);
    const times = await pollTimes(transport, 10_000);
    expect(times[0]).toBeLessThanOrEqual(2_000);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual(times.slice(1).map(() => 2_000));
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(session.messages.value.map((m) => m.text)).toEqual(['message 1', 'Sorry for the wait']);
  });

  it("fast again after the agent's message", async () => {
    const { transport } = await idleOpenChat();
    transport.addAgentMessage('Still there?');
    await untilNextCall(transport, 'newer'); // the slow poll brings it
    expect(await pollTimes(transport, 6_000)).toEqual([2_000, 4_000, 6_000]);
  });

  it("fast again after the visitor's message: a poll right after it is sent, then every 2 s", async () => {
    const { session, transport } = await idleOpenChat();
    const sent = session.send('Yes, I am');
    expect(await pollTimes(transport, 6_000)).toEqual([0, 2_000, 4_000, 6_000]);
    await sent;
  });
});

describe('a returning visitor with the chat closed', () => {
  /** A first page load that opened the chat, then a second page load on the same store and server. */
  async function returning(page = fakePage()) {
    const store = memoryStore();
    const transport = new FakeTransport();
    const first = await openSession({ store, transport });
    first.session.close();
    first.session.dispose();
    transport.calls = [];
    const made = makeSession({ store, transport, storageKey: first.storageKey, page: page.page });
    await made.session.ready;
    await flush();
    return { ...made, ...page };
  }

  it('backs off while nothing happens: every 30 s, then 1, 2 and 5 minutes apart', async () => {
    const { transport } = await returning();
    const minutes = await perMinute(transport, 60);
    expect(minutes.slice(0, 2)).toEqual([2, 2]);
    expect(minutes.slice(20).every((n) => n <= 1)).toBe(true);
    expect(minutes.slice(20).reduce((sum, n) => sum + n)).toBe(8); // every 5 minutes
    expect(1 + minutes.reduce((sum, n) => sum + n)).toBeLessThan(30); // was 120 an hour
  });

  it('pauses while its tab is hidden, polls at once when it is shown, and the badge counts what came', async () => {
    const { session, transport, show } = await returning();
    show(false);
    const before = polls(transport);
    await advance(2 * 60 * MINUTE);
    expect(polls(transport)).toBe(before);

    transport.addAgentMessage('We called you');
    show(true);
    await flush();
    expect(polls(transport)).toBe(before + 1);
    expect(session.unread.value).toBe(1);
  });
});

describe('an open chat in a hidden tab', () => {
  it("polls as a closed one does, so the host still hears of the agent's answer; as fast as before when shown", async () => {
    const tab = fakePage();
    const { session, transport, events } = makeSession({ page: tab.page });
    await session.ready;
    session.open();
    await flush();
    tab.show(false);
    transport.addAgentMessage('Here is your answer');
    await advance(30_000);
    expect(events.map((e) => e.message.text)).toEqual(['Here is your answer']);
    const hour = await perMinute(transport, 60);
    expect(hour.reduce((sum, n) => sum + n)).toBeLessThan(30); // was 120

    tab.show(true);
    expect(await pollTimes(transport, 4_000)).toEqual([0, 2_000, 4_000]);
  });
});
