import { describe, expect, it, vi } from 'vitest';
import { browserPage, type PageHandlers } from '../../src/chat/page';

const handlers = () => {
  const fns = { online: vi.fn(), offline: vi.fn(), focus: vi.fn(), visibility: vi.fn(), pagehide: vi.fn() };
  return fns satisfies PageHandlers;
};

const fire = (target: EventTarget, type: string) => target.dispatchEvent(new Event(type));

describe('browserPage', () => {
  it('calls each handler on its event: online, offline, focus and pagehide of the window, visibilitychange', () => {
    const h = handlers();
    const stop = browserPage().listen(h);
    fire(window, 'online');
    fire(window, 'offline');
    fire(window, 'offline');
    fire(window, 'focus');
    fire(window, 'pagehide');
    fire(document, 'visibilitychange');
    stop();
    expect(h.online).toHaveBeenCalledTimes(1);
    expect(h.offline).toHaveBeenCalledTimes(2);
    expect(h.focus).toHaveBeenCalledTimes(1);
    expect(h.pagehide).toHaveBeenCalledTimes(1);
    expect(h.visibility).toHaveBeenCalledTimes(1);
  });

  it('listens for visibilitychange on the document, not on the window', () => {
    const h = handlers();
    const stop = browserPage().listen(h);
    fire(window, 'visibilitychange');
    expect(h.visibility).not.toHaveBeenCalled();
    stop();
  });

  it('the function listen returns removes every listener', () => {
    const h = handlers();
    browserPage().listen(h)();
    for (const type of ['online', 'offline', 'focus', 'pagehide']) fire(window, type);
    fire(document, 'visibilitychange');
    for (const fn of Object.values(h)) expect(fn).not.toHaveBeenCalled();
  });

  it('removes only its own listeners: another listen goes on', () => {
    const first = handlers();
    const second = handlers();
    const stopFirst = browserPage().listen(first);
    const stopSecond = browserPage().listen(second);
    stopFirst();
    fire(window, 'online');
    fire(document, 'visibilitychange');
    stopSecond();
    expect([first.online, first.visibility].map((fn) => fn.mock.calls.length)).toEqual([0, 0]);
    expect([second.online, second.visibility].map((fn) => fn.mock.calls.length)).toEqual([1, 1]);
  });

  it('reads online from navigator.onLine and visible from document.visibilityState, at each call', () => {
    const page = browserPage();
    expect([page.online(), page.visible()]).toEqual([true, true]);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    expect([page.online(), page.visible()]).toEqual([false, false]);
  });

  it('has the Web Locks of the navigator', () => {
    expect(browserPage().locks).toBe(navigator.locks);
  });
});
