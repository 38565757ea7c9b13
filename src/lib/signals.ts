// `signal`, `effect` and `batch` in a few lines, for the script-tag bundle only: vite.config.ts puts this module in
// place of @preact/signals-core there (about 1,300 bytes gzipped less), because nothing outside that bundle sees
// its signals. The npm build keeps @preact/signals-core, whose signals its users may observe with their own
// effects. The two behave alike for what the widget does: tests/lib/signals.test.ts pins this one down, and the
// "lite" Vitest project runs the session's, element's and UI tests against it too.
//
// - Writing a different value (`!==`) runs, synchronously, each effect that read the signal in its last run;
//   writing the same value runs none.
// - An effect runs at once when created, and again after a change of any signal it read; it tracks anew each run.
// - In `batch` (and while effects run) effects wait until the outermost batch ends, then run once each; what they
//   write in turn runs further effects, until nothing changes (more than 100 rounds: a cycle, an Error).
// - An effect that throws does not stop the others; the first error is thrown when the round ends.

interface Reaction {
  run(): void;
  /** The subscriber sets of the signals read in the last run. */
  sources: Set<Set<Reaction>>;
}

let running: Reaction | undefined;
let depth = 0;
const due = new Set<Reaction>();

class Signal<T> {
  #value: T;
  #readers = new Set<Reaction>();
  constructor(value: T) {
    this.#value = value;
  }
  get value(): T {
    if (running) {
      this.#readers.add(running);
      running.sources.add(this.#readers);
    }
    return this.#value;
  }
  set value(next: T) {
    if (next === this.#value) return;
    this.#value = next;
    batch(() => this.#readers.forEach((r) => due.add(r)));
  }
}

export const signal = <T>(value: T): Signal<T> => new Signal(value);

export function batch<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    try {
      if (depth === 1) flush();
    } finally {
      depth--;
    }
  }
}

/** Runs the due effects, round after round, while still counted as in a batch. */
function flush(): void {
  let failure: { error: unknown } | undefined;
  for (let round = 0; due.size; round++) {
    if (round > 100) {
      due.clear();
      throw new Error('Cycle detected');
    }
    const now = [...due];
    due.clear();
    for (const reaction of now) {
      try {
        reaction.run();
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  if (failure) throw failure.error;
}

export function effect(fn: () => unknown): () => void {
  let disposed = false;
  const reaction: Reaction = {
    sources: new Set(),
    run() {
      if (disposed) return;
      untrack(reaction);
      const outer = running;
      running = reaction;
      try {
        batch(fn);
      } finally {
        running = outer;
      }
    },
  };
  reaction.run();
  return () => {
    disposed = true;
    due.delete(reaction);
    untrack(reaction);
  };
}

function untrack(reaction: Reaction): void {
  reaction.sources.forEach((readers) => readers.delete(reaction));
  reaction.sources.clear();
}
