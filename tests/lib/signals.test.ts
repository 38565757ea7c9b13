// The script-tag bundle's signals (src/lib/signals.ts), which stand in for @preact/signals-core there. The
// session's, element's and UI tests also run against them (the "lite" project in vitest.config.ts).
import { describe, expect, it } from 'vitest';
import { batch, effect, signal } from '../../src/lib/signals';

describe('the script-tag bundle’s signals', () => {
  it('run an effect at once, and again when a signal it read changes to another value', () => {
    const count = signal(0);
    const seen: number[] = [];
    effect(() => void seen.push(count.value));
    count.value = 1;
    count.value = 1;
    count.value = 2;
    expect(seen).toEqual([0, 1, 2]);
  });

  it('track anew on each run: a signal no longer read no longer runs the effect', () => {
    const which = signal<'a' | 'b'>('a');
    const a = signal(0);
    const b = signal(0);
    let runs = 0;
    effect(() => {
      runs++;
      return which.value === 'a' ? a.value : b.value;
    });
    which.value = 'b';
    a.value = 1;
    expect(runs).toBe(2);
    b.value = 1;
    expect(runs).toBe(3);
  });

  it('run an effect once after a batch, with the final values, also in nested batches', () => {
    const x = signal(0);
    const y = signal(0);
    const seen: string[] = [];
    effect(() => void seen.push(`${x.value},${y.value}`));
    batch(() => {
      x.value = 1;
      batch(() => (y.value = 1));
      expect(seen).toEqual(['0,0']);
    });
    expect(seen).toEqual(['0,0', '1,1']);
  });

  it('run what an effect writes after it, until nothing changes', () => {
    const source = signal(1);
    const double = signal(0);
    const seen: number[] = [];
    effect(() => (double.value = source.value * 2));
    effect(() => void seen.push(double.value));
    source.value = 5;
    expect(seen).toEqual([2, 10]);
  });

  it('stop an effect once disposed, also when it was due', () => {
    const count = signal(0);
    let runs = 0;
    let stop = () => {};
    effect(() => {
      if (count.value === 1) stop();
      runs++;
    });
    stop = effect(() => {
      runs += count.value >= 0 ? 1 : 0;
    });
    runs = 0;
    count.value = 1;
    expect(runs).toBe(1);
    count.value = 2;
    expect(runs).toBe(2);
  });

  it('throw on a cycle, and run the other effects when one throws, throwing its error after', () => {
    const loop = signal(0);
    expect(() => effect(() => (loop.value = loop.value + 1))).toThrow('Cycle detected');

    const trigger = signal(0);
    const seen: number[] = [];
    effect(() => {
      if (trigger.value) throw new Error('broken effect');
    });
    effect(() => void seen.push(trigger.value));
    expect(() => (trigger.value = 1)).toThrow('broken effect');
    expect(seen).toEqual([0, 1]);
  });
});
