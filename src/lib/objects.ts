/** An object with the same keys, each value passed through `change`. */
export const mapValues = <T, U>(object: object, change: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(object).map(([key, value]: [string, T]) => [key, change(value)]));
