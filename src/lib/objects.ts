/** An object with the same keys, each value passed through `change`. */
export const mapValues = <T, U>(object: object, change: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(object).map(([key, value]: [string, T]) => [key, change(value)]));

/** The entries of `object` whose value is not undefined: spread over defaults, they leave the others' defaults. */
export const defined = <T extends object>(object: T): Partial<T> =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
