import { describe, expect, it } from 'vitest';
import { nextPollDelay, type PollConditions } from '../../src/chat/poll-policy';

const base: PollConditions = { online: true, active: true, watched: true, quietMs: 0 };
const delay = (over: Partial<PollConditions>) => nextPollDelay({ ...base, ...over });
const s = 1_000;
const min = 60 * s;

describe('nextPollDelay', () => {
  it('pauses (null) while offline, whatever else holds', () => {
    for (const active of [true, false])
      for (const watched of [true, false])
        for (const quietMs of [0, min, 60 * min]) expect(delay({ online: false, active, watched, quietMs })).toBeNull();
  });

  it('pauses while no tab is visible and none has the chat open', () => {
    for (const quietMs of [0, 5 * s, 10 * min]) expect(delay({ active: false, watched: false, quietMs })).toBeNull();
  });

  it('open and visible: a tenth of the quiet time, from 2 s (the first 20 s) to 60 s (from 10 minutes on)', () => {
    const ladder = [0, 20 * s, 100 * s, 5 * min, 10 * min, 24 * 60 * min].map((quietMs) => delay({ quietMs }));
    expect(ladder).toEqual([2 * s, 2 * s, 10 * s, 30 * s, 60 * s, 60 * s]);
  });

  it('closed, or open only in hidden tabs: a quarter of the quiet time, from 30 s (the first 2 minutes) to 5 minutes', () => {
    const ladder = [0, 2 * min, 4 * min, 8 * min, 20 * min, 24 * 60 * min].map((quietMs) =>
      delay({ active: false, quietMs }),
    );
    expect(ladder).toEqual([30 * s, 30 * s, min, 2 * min, 5 * min, 5 * min]);
  });

  it('never polls faster when it has been quiet longer', () => {
    for (const active of [true, false]) {
      let previous = 0;
      for (let quietMs = 0; quietMs < 60 * min; quietMs += 5 * s) {
        const next = delay({ active, quietMs })!;
        expect(next).toBeGreaterThanOrEqual(previous);
        previous = next;
      }
    }
  });
});
