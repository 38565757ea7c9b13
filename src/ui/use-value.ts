import type { ReadonlySignal } from '@preact/signals-core';
import { useEffect, useState } from 'preact/hooks';

/**
 * Re-renders the component when the signal changes. Ten lines instead of the @preact/signals integration,
 * which would cost the script a kilobyte gzipped for the same result here.
 */
export function useValue<T>(source: ReadonlySignal<T>): T {
  const [, setVersion] = useState(0);
  useEffect(() => source.subscribe(() => setVersion((v) => v + 1)), [source]);
  return source.peek();
}
