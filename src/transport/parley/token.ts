// The access token: a fixed string, or a function of the host page (it may fetch a token from its own backend).
// A function's result is kept until a request is refused with 401, then asked for once more.
import { transportError } from './errors';

export type AccessToken = string | (() => string | Promise<string>);

export interface TokenSource {
  /** True when `renew` can give a different token (the option is a function). */
  readonly renewable: boolean;
  get(): Promise<string | undefined>;
  /** A fresh token, unless another request already replaced `stale`: then that newer one. */
  renew(stale: Promise<string | undefined>): Promise<string | undefined>;
}

export function tokenSource(option: AccessToken | undefined): TokenSource {
  let cached: Promise<string | undefined> | undefined;
  const ask = (fn: () => string | Promise<string>): Promise<string | undefined> => {
    const pending = Promise.resolve()
      .then(fn)
      .then(
        (token) => (typeof token === 'string' && token !== '' ? token : undefined),
        (cause: unknown) => {
          throw transportError('unauthorized', { cause });
        },
      );
    // A failed token request is not kept: the next request asks again.
    pending.catch(() => {
      if (cached === pending) cached = undefined;
    });
    return pending;
  };
  const source: TokenSource = {
    renewable: typeof option === 'function',
    get: () => {
      if (typeof option !== 'function') return Promise.resolve(option || undefined);
      return (cached ??= ask(option));
    },
    renew: (stale) => {
      if (cached === stale) cached = undefined;
      return source.get();
    },
  };
  return source;
}
