// The App on its own, with a view and a stand-in session: what another tab's reset or a follower tab looks like
// to the UI (the view changes; the session is not asked).
import { describe, expect, it, vi } from 'vitest';
import type { DeliveryStatus } from '../../src/transport/types';
import { addTranslation } from '../../src/ui/i18n';
import dutch from '../../src/ui/lang/nl';
import { defaultConfig } from '../helpers/fake-transport';
import { agentMessage, container, setUp } from './harness';

describe('the greeting', () => {
  it("is the backend's welcome message when it has one, else the config's intro", () => {
    const ui = setUp();
    const config = { ...defaultConfig(), intro: 'Ask us anything' };
    ui.show([], 'en', { config });
    expect(ui.part('intro')?.textContent).toBe('Ask us anything');
    ui.show([], 'en', { config, welcome: 'Welcome to KPN' });
    expect(ui.part('intro')?.textContent).toBe('Welcome to KPN');
  });
});

describe('the live region', () => {
  it('reads out a new agent message', async () => {
    const ui = setUp();
    const hello = agentMessage('7', 'Hello there');
    ui.show([hello]);
    ui.tell(hello);
    await ui.settle();
    expect(ui.liveRegion().textContent).toBe('Anna: Hello there');
  });

  it('reads out a message it was told of before the view had it (a follower tab hears of it first)', async () => {
    const ui = setUp();
    const hello = agentMessage('7', 'Hello there');
    ui.show([]);
    ui.tell(hello);
    await ui.settle();
    ui.show([hello]);
    expect(ui.liveRegion().textContent).toBe('Anna: Hello there');
  });

  it('empties when its message leaves the view, as after a reset in another tab', async () => {
    const ui = setUp();
    const secret = agentMessage('7', 'Your code is 0815');
    ui.show([secret]);
    ui.tell(secret);
    await ui.settle();
    expect(ui.liveRegion().textContent).toBe('Anna: Your code is 0815');
    ui.show([]);
    expect(ui.liveRegion().textContent).toBe('');
    expect(container.textContent).not.toContain('0815');
  });
});

describe('the image viewer', () => {
  it('closes when its message leaves the view, as after a reset in another tab', async () => {
    // happy-dom's IntersectionObserver never reports: without one, a message's image loads at once.
    vi.stubGlobal('IntersectionObserver', undefined);
    const ui = setUp();
    ui.show([agentMessage('7', 'A photo', 'photo-7')]);
    await vi.waitFor(() => expect(ui.part('image-button')).not.toBeNull());
    ui.part('image-button')!.click();
    await vi.waitFor(() => expect(ui.part('viewer')).not.toBeNull());
    ui.show([]);
    expect(ui.part('viewer')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('an image the transport gives as a URL', () => {
  it('shows an http(s) URL as it is and a link of any other scheme not at all', async () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const ui = setUp();
    vi.mocked(ui.session.fetchImage).mockImplementation(async (ref) =>
      ref === 'cdn' ? 'https://cdn.example/a.png' : 'javascript:alert(1)',
    );
    ui.show([agentMessage('7', 'A photo', 'cdn'), agentMessage('8', 'Another', 'script')]);
    await vi.waitFor(() =>
      expect(container.querySelector('img')?.getAttribute('src')).toBe('https://cdn.example/a.png'),
    );
    await vi.waitFor(() => expect(container.querySelector('[part~="image"].broken')).not.toBeNull());
    expect(container.querySelectorAll('img')).toHaveLength(1);
    ui.show([]);
    expect(revoke).not.toHaveBeenCalled(); // not an object URL: nothing to revoke
  });
});

const conversation = (n: number) =>
  Array.from({ length: n }, (_, i) => agentMessage(String(i + 1), `message ${i + 1}`));

describe('what a render costs', () => {
  it('makes the time formatter of a language once, when it first shows a time, and keeps it for every render', () => {
    const { DateTimeFormat } = Intl;
    // A function, not an arrow: the spy is called with `new`. It makes real formatters.
    function realFormatter(...args: ConstructorParameters<typeof DateTimeFormat>) {
      return new DateTimeFormat(...args);
    }
    const made = vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(realFormatter as typeof DateTimeFormat);
    const ui = setUp();
    ui.show([], 'nl');
    expect(made).not.toHaveBeenCalled();
    for (let n = 50; n <= 53; n++) ui.show(conversation(n), 'nl');
    expect(container.querySelectorAll('[part="time"]')).toHaveLength(53);
    expect(made).toHaveBeenCalledTimes(1);
    expect(made).toHaveBeenCalledWith('nl', { hour: '2-digit', minute: '2-digit' });
  });

  it('measures the text field (a forced layout) when its text changes, not when other things render', async () => {
    const ui = setUp();
    ui.show(conversation(1));
    const input = ui.part('input') as HTMLTextAreaElement;
    const measured = vi.fn(() => 40);
    Object.defineProperty(input, 'scrollHeight', { get: measured });
    input.value = 'Hello';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await ui.settle();
    expect(measured).toHaveBeenCalledTimes(1);
    expect(input.style.height).toBe('40px');
    for (let n = 2; n <= 5; n++) ui.show(conversation(n)); // new messages arrive while the visitor writes
    await ui.settle();
    expect(measured).toHaveBeenCalledTimes(1);
  });
});

describe("the visitor's activity", () => {
  it("tells the session of the visitor's pointer moving over the panel and of the focus coming into it", () => {
    const ui = setUp();
    ui.show(conversation(1));
    ui.part('messages')!.dispatchEvent(new PointerEvent('pointermove', { bubbles: true }));
    expect(ui.session.activity).toHaveBeenCalledTimes(1);
    ui.part('input')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(ui.session.activity).toHaveBeenCalledTimes(2);
  });
});

describe("the visitor's message", () => {
  const own = (id: string, status: DeliveryStatus) => ({
    ...agentMessage(id, `text ${id}`),
    from: 'user' as const,
    status,
    agent: null,
  });
  const STATUSES: DeliveryStatus[] = ['pending', 'sent', 'delivered', 'seen', 'failed'];

  it('says how far it got: ticks shown for delivered and seen, each state in words for screen readers', () => {
    const ui = setUp();
    ui.show(STATUSES.map((status, i) => own(String(i + 1), status)));
    const bubbles = [...container.querySelectorAll('[part~="user"]')];
    expect(bubbles.map((b) => b.getAttribute('data-status'))).toEqual(STATUSES);
    const shown = (b: Element) =>
      [...b.querySelectorAll('.status')].map((s) => [s.textContent, s.getAttribute('aria-hidden')]);
    expect(bubbles.map(shown)).toEqual([
      [['Sending…', null]],
      [],
      [['✓', 'true']],
      [['✓✓', 'true']],
      [['Not sent', null]],
    ]);
    expect(bubbles.map((b) => b.querySelector('.sr')?.textContent ?? null)).toEqual([
      null,
      'Sent',
      'Delivered',
      'Seen',
      null,
    ]);
  });

  it('says it in Dutch', () => {
    addTranslation('nl', dutch);
    const ui = setUp();
    ui.show([own('1', 'delivered'), own('2', 'seen')], 'nl');
    expect([...container.querySelectorAll('[part~="user"] .sr')].map((s) => s.textContent)).toEqual([
      'Afgeleverd',
      'Gelezen',
    ]);
  });
});
