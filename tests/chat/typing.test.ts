import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTypingNotifier } from '../../src/chat/typing';

function setup(expiresMs = 30_000) {
  const events: string[] = [];
  const notifier = createTypingNotifier(
    { start: () => events.push('start'), stop: () => events.push('stop') },
    () => expiresMs,
  );
  return { events, notifier };
}

describe('createTypingNotifier', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('starts on the first input', () => {
    const { events, notifier } = setup();
    expect(events).toEqual([]);
    notifier.input();
    expect(events).toEqual(['start']);
  });

  it('with a typing state of 30 s: does not start again within 20 s of continuous typing, and does after 20 s', () => {
    const { events, notifier } = setup();
    notifier.input();
    for (let t = 0; t < 19; t++) {
      vi.advanceTimersByTime(1_000);
      notifier.input();
    }
    expect(events).toEqual(['start']);
    vi.advanceTimersByTime(1_000); // 20 s after the first start
    notifier.input();
    expect(events).toEqual(['start', 'start']);
  });

  it('with a typing state that lasts 9 s: starts again after 6 s of continuous typing', () => {
    const { events, notifier } = setup(9_000);
    notifier.input();
    vi.advanceTimersByTime(5_000);
    notifier.input();
    expect(events).toEqual(['start']);
    vi.advanceTimersByTime(1_000); // 6 s after the first start
    notifier.input();
    expect(events).toEqual(['start', 'start']);
  });

  it('stops after 15 s without input, and not before', () => {
    const { events, notifier } = setup();
    notifier.input();
    vi.advanceTimersByTime(14_999);
    expect(events).toEqual(['start']);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['start', 'stop']);
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual(['start', 'stop']);
  });

  it('each input postpones the idle stop', () => {
    const { events, notifier } = setup();
    notifier.input();
    vi.advanceTimersByTime(10_000);
    notifier.input();
    vi.advanceTimersByTime(10_000);
    expect(events).toEqual(['start']);
    vi.advanceTimersByTime(5_000);
    expect(events).toEqual(['start', 'stop']);
  });

  it('starts again on input after an idle stop', () => {
    const { events, notifier } = setup();
    notifier.input();
    vi.advanceTimersByTime(15_000);
    notifier.input();
    expect(events).toEqual(['start', 'stop', 'start']);
  });

  it('stop() sends stop only while typing', () => {
    const { events, notifier } = setup();
    notifier.stop();
    expect(events).toEqual([]);
    notifier.input();
    notifier.stop();
    expect(events).toEqual(['start', 'stop']);
    notifier.stop();
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual(['start', 'stop']);
  });
});
