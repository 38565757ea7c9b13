import { describe, expect, it } from 'vitest';
import { nextPollDelay, type PollConditions } from '../../src/chat/poll-policy';

const base: PollConditions = { online: true, visible: true, open: true, quietPolls: 0 };
const delay = (over: Partial<PollConditions>) => nextPollDelay({ ...base, ...over });

describe('nextPollDelay', () => {
  it('pauses (null) while offline, whatever else holds', () => {
    for (const open of [true, false])
      for (const visible of [true, false])
        for (const quietPolls of [0, 3, 100]) expect(delay({ online: false, open, visible, quietPolls })).toBeNull();
  });

  it.each([
    { open: false, visible: true },
    { open: true, visible: false },
    { open: false, visible: false },
  ])('polls every 30 s when closed or hidden (%o)', (over) => {
    for (const quietPolls of [0, 1, 5, 50]) expect(delay({ ...over, quietPolls })).toBe(30_000);
  });

  it('polls every 2 s when open and visible and something just happened', () => {
    expect(delay({ quietPolls: 0 })).toBe(2_000);
  });

  it('slows down with quiet polls, never faster than before and never slower than 10 s', () => {
    const delays = Array.from({ length: 30 }, (_, quietPolls) => delay({ quietPolls })!);
    expect(delays[0]).toBe(2_000);
    expect(delays[1]).toBeGreaterThan(2_000);
    for (let i = 1; i < delays.length; i++) {
      expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
      expect(delays[i]).toBeLessThanOrEqual(10_000);
    }
    expect(delays.at(-1)).toBe(10_000);
  });

  it('treats a negative quiet count like zero', () => {
    expect(delay({ quietPolls: -3 })).toBe(2_000);
  });
});
