import { describe, expect, it, vi } from 'vitest';
import { createScope } from '../../src/chat/scope';

describe('scope', () => {
  it('is alive until it ends, and then never again', () => {
    const scope = createScope();
    expect(scope.alive).toBe(true);
    expect(scope.signal.aborted).toBe(false);
    scope.end();
    expect(scope.alive).toBe(false);
    scope.end();
    expect(scope.alive).toBe(false);
  });

  it('check passes while alive and throws an AbortError once ended', () => {
    const scope = createScope();
    expect(() => scope.check()).not.toThrow();
    scope.end();
    let thrown: unknown;
    try {
      scope.check();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DOMException);
    expect((thrown as DOMException).name).toBe('AbortError');
  });

  it('runs each onEnd callback once, when it ends, even when ended twice', () => {
    const scope = createScope();
    const first = vi.fn();
    const second = vi.fn();
    scope.onEnd(first);
    scope.onEnd(second);
    expect(first).not.toHaveBeenCalled();
    scope.end();
    scope.end();
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('aborts its signal when it ends, so a request made with it is aborted', () => {
    const scope = createScope();
    const aborted = vi.fn();
    scope.signal.addEventListener('abort', aborted);
    scope.end();
    expect(scope.signal.aborted).toBe(true);
    expect(aborted).toHaveBeenCalledTimes(1);
  });

  it('each scope ends on its own: a new conversation is not ended with the old one', () => {
    const old = createScope();
    const next = createScope();
    old.end();
    expect([old.alive, next.alive]).toEqual([false, true]);
    expect(next.signal).not.toBe(old.signal);
  });
});
