// The bench's pure parts: the accelerated clock's time conversions and the summary of runs.
import { describe, expect, it } from 'vitest';
import { type ClockSegment, pageTimeAt, REAL_CLOCK, realTimeAt } from '../../scripts/bench/clock.js';
import { median, summarise } from '../../scripts/bench/report.js';

// Real time until 1,000; ×60 from there; real speed from 1,010 (page 1,600) while a request is under way; ×60 again
// from 1,020 (page 1,610).
const clock: ClockSegment[] = [
  { real: 0, page: 0, rate: 1 },
  { real: 1000, page: 1000, rate: 60 },
  { real: 1010, page: 1600, rate: 1 },
  { real: 1020, page: 1610, rate: 60 },
];

describe('the accelerated clock', () => {
  it("gives the page's time at a real time, segment by segment", () => {
    expect(pageTimeAt(clock, 500)).toBe(500);
    expect(pageTimeAt(clock, 1005)).toBe(1300);
    expect(pageTimeAt(clock, 1015)).toBe(1605);
    expect(pageTimeAt(clock, 1030)).toBe(2210);
  });

  it('gives the real time at a page time, the inverse', () => {
    for (const real of [500, 1000, 1005, 1010, 1015, 1020, 1030, 5000]) {
      expect(realTimeAt(clock, pageTimeAt(clock, real))).toBeCloseTo(real, 9);
    }
  });

  it('is real time for a page without it', () => {
    expect(pageTimeAt(REAL_CLOCK, 1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(realTimeAt(REAL_CLOCK, 42)).toBe(42);
  });
});

describe('the summary of runs', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('summarises the runs that measured, and keeps the reasons of those that did not', () => {
    const figure = { name: 'x', unit: 'ms' };
    expect(summarise(figure, [3, { notMeasured: 'run 2 failed: timeout' }, 1, 2])).toEqual({
      figure,
      values: [3, 1, 2],
      reasons: ['run 2 failed: timeout'],
      median: 2,
      min: 1,
      max: 3,
    });
    expect(summarise(figure, [{ notMeasured: 'no file' }, { notMeasured: 'no file' }])).toMatchObject({
      median: null,
      reasons: ['no file'],
    });
  });
});
