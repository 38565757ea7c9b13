// Hostile or broken server data, seen from the page: the widget keeps rendering, shows each message once and in
// order, and the composer keeps working. Server data goes through the real Parley transport (wire JSON → map →
// session → UI) over a fake fetch; a transport breaking its contract is the fake transport.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ParleyChatElement } from '../../src/element/ParleyChatElement';
import { createParleyTransport } from '../../src/transport/parley';
import { fakeFetch, json, type Reply } from '../transport/parley/fake-fetch';
import { CONFIG_ANSWER, envelope, REGISTER_ANSWER, TYPING_ANSWER } from '../transport/parley/fixtures';
import { mount, mountOpen, pollNow, press, typeInto, uniqueApiUrl, useElementHarness } from './harness';

useElementHarness();

const wire = (id: unknown, message: unknown, fields: Record<string, unknown> = {}) => ({
  id,
  time: 1_700_000_000,
  message,
  image: null,
  typeId: 2,
  agent: { id: 1, name: 'Ann', avatar: null },
  ...fields,
});

/**
 * A Parley server answering GET /messages with `latest` and each GET /messages/after:… with the next of `polls`
 * (an empty list once they are used up); registering, the config, typing events and sends succeed.
 */
function parleyServer(latest: unknown[], polls: unknown[][] = []): Reply {
  let sent = 0;
  return (call) => {
    const path = new URL(call.url).pathname;
    const answer = path.endsWith('/devices')
      ? REGISTER_ANSWER
      : path.endsWith('/config')
        ? CONFIG_ANSWER
        : path.includes('/services/event/')
          ? TYPING_ANSWER
          : call.method === 'POST'
            ? envelope({ messageId: String(90_000 + ++sent) })
            : path.endsWith('/messages')
              ? envelope(latest, { paging: { before: '', after: '' } })
              : envelope(polls.shift() ?? []);
    return json(answer)(call);
  };
}

/** An open <parley-chat> on the Parley transport over `reply`, once its first list answer is rendered. */
async function openOnParley(reply: Reply) {
  const server = fakeFetch(reply);
  const el = document.createElement('parley-chat') as ParleyChatElement;
  const apiUrl = uniqueApiUrl();
  el.setAttribute('api-url', apiUrl);
  el.setAttribute('lang', 'en');
  el.setAttribute('open', '');
  el.transport = createParleyTransport({ apiUrl, fetch: server.fetch });
  const errors: unknown[] = [];
  el.addEventListener('parley-error', (e) => errors.push((e as CustomEvent).detail));
  document.body.append(el);
  const root = el.shadowRoot!;
  const parts = (name: string) => [...root.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
  await vi.waitFor(() => {
    expect(server.calls.some((c) => new URL(c.url).pathname.endsWith('/messages'))).toBe(true);
    expect(parts('messages')).toHaveLength(1);
  });
  return { el, root, server, errors, parts, part: (name: string) => parts(name)[0] ?? null };
}

const texts = (messages: HTMLElement[]) => messages.map((m) => m.querySelector('[part~="text"]')?.textContent);

// The widget's style rules, read from the file: happy-dom does no layout, and Vitest hands `?inline` CSS over empty.
const widgetRules = (() => {
  const sheet = new CSSStyleSheet();
  // In the order the shadow root adopts them: the launcher's sheet (loaded first), then the chat's.
  const css = ['launcher.css', 'styles.css'].map((file) =>
    readFileSync(join(import.meta.dirname, '../../src/ui', file)),
  );
  sheet.replaceSync(css.join('\n'));
  return [...sheet.cssRules].filter(
    (r): r is CSSStyleRule => r instanceof CSSStyleRule && !r.selectorText.startsWith(':host'),
  );
})();
/** Whether a long word in `el` may break anywhere: the nearest `overflow-wrap` of it or an ancestor decides. */
function wrapsAnywhere(el: Element): boolean {
  for (let node: Element | null = el; node; node = node.parentElement) {
    const wrap = widgetRules
      .filter((r) => node!.matches(r.selectorText))
      .map((r) => r.style.getPropertyValue('overflow-wrap'))
      .filter(Boolean)
      .at(-1);
    if (wrap) return wrap === 'anywhere' || wrap === 'break-word';
  }
  return false;
}

describe('hostile server data in the widget', () => {
  it('renders a page of 5,000 messages, each once, oldest first, and the composer still works', async () => {
    const latest = Array.from({ length: 5_000 }, (_, i) => wire(5_000 - i, `message ${5_000 - i}`)); // newest first
    const m = await openOnParley(parleyServer(latest));
    await vi.waitFor(() => expect(m.parts('message')).toHaveLength(5_000), { timeout: 20_000 });
    expect(texts(m.parts('message'))).toEqual(Array.from({ length: 5_000 }, (_, i) => `message ${i + 1}`));
    const input = m.part('input') as HTMLTextAreaElement;
    typeInto(input, 'still here');
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(false));
    expect(input.value).toBe('still here');
    expect(m.errors).toEqual([]);
  }, 30_000); // 5,000 rendered messages take seconds in happy-dom, more on a loaded machine

  it('shows a 100,000-character message whole, and a word that long may wrap, in a bubble and in an info line', async () => {
    const word = 'W'.repeat(100_000);
    const m = await openOnParley(parleyServer([wire(2, word), wire(1, word, { typeId: 3, agent: null })]));
    await vi.waitFor(() => expect(m.parts('message')).toHaveLength(2));
    for (const text of m.parts('text')) {
      expect(text.textContent).toHaveLength(100_000);
      expect(wrapsAnywhere(text)).toBe(true);
    }
    expect(m.errors).toEqual([]);
  });

  it('renders ids out of order and duplicated, within and across answers, in time order with no duplicate bubble', async () => {
    // Times out of step with the ids: the conversation is in time order (ties by id), and pages on by Parley's ids.
    const day = (n: number) => ({ time: 1_700_000_000 + n * 86_400 });
    const polls: unknown[][] = [];
    const m = await openOnParley(
      parleyServer(
        [
          wire(12, 'twelve', day(0)),
          wire(3, 'three', day(1)),
          wire('12', 'twelve again', day(0)),
          wire(7, 'seven', day(0)),
        ],
        polls,
      ),
    );
    await vi.waitFor(() => expect(texts(m.parts('message'))).toEqual(['seven', 'twelve', 'three']));
    polls.push([
      wire(15, 'fifteen', day(1)),
      wire(3, 'three again', day(1)),
      wire(14, 'fourteen', day(0)),
      wire(' 15 ', 'fifteen again', day(1)),
      wire(5, 'five', day(1)),
    ]);
    pollNow();
    // `three again` is the server's newer copy of id 3: it replaces the first one, never adds a bubble.
    await vi.waitFor(() =>
      expect(texts(m.parts('message'))).toEqual(['seven', 'twelve', 'fourteen', 'three again', 'five', 'fifteen']),
    );
    expect(m.server.calls.some((c) => c.url.endsWith('/messages/after:12'))).toBe(true);
    expect(m.errors).toEqual([]);
  });

  it('a time beyond the Date range shows the message instead of breaking the list', async () => {
    const m = await openOnParley(parleyServer([wire(1, 'from the far future', { time: 1e20 }), wire(2, 'and now')]));
    await vi.waitFor(() => expect(texts(m.parts('message'))).toEqual(['from the far future', 'and now']));
    expect(m.errors).toEqual([]);
  });
});

describe('a transport that rejects with junk instead of a TransportError', () => {
  it('a string or undefined on opening: reported as invalid, the panel stays, and the next poll loads the conversation', async () => {
    const m = await mount();
    m.transport.addAgentMessage('Hello from support');
    const register = m.transport.hold('register');
    const latest = m.transport.hold('latest');
    m.el.show();
    await register.started;
    register.fail(undefined);
    await vi.waitFor(() => expect(m.eventsOf('parley-error').map((e) => e.detail.code)).toEqual(['invalid']));
    await latest.started; // the poller connects again, 2 s later
    latest.fail('Service exploded');
    await vi.waitFor(() =>
      expect(m.eventsOf('parley-error').map((e) => e.detail.code)).toEqual(['invalid', 'invalid']),
    );
    expect(m.part('panel')).not.toBeNull();
    expect(m.part('banner')).toBeNull();

    const input = m.part('input') as HTMLTextAreaElement;
    typeInto(input, 'a draft');
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(false));
    expect(input.value).toBe('a draft');

    pollNow();
    await vi.waitFor(() => expect(texts(m.parts('message'))).toEqual(['Hello from support']));
    expect((m.part('input') as HTMLTextAreaElement).value).toBe('a draft');
  });

  it('a string on sending: the message is marked failed with retry, the next draft stays, and retry sends it', async () => {
    const m = await mountOpen();
    const send = m.transport.hold('send');
    const input = m.part('input') as HTMLTextAreaElement;
    typeInto(input, 'first try');
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(false));
    press(input, 'Enter');
    await send.started;
    send.fail('500 Internal Server Error');
    await vi.waitFor(() => expect(m.part('user')?.getAttribute('data-status')).toBe('failed'));
    expect(m.eventsOf('parley-error').map((e) => e.detail.code)).toEqual(['invalid']);

    typeInto(input, 'next draft');
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(false));
    expect(input.value).toBe('next draft');

    m.part('retry')!.click();
    await vi.waitFor(() => expect(m.part('user')?.getAttribute('data-status')).toBe('sent'));
    expect(m.transport.callsOf('send').map((c) => c.args[1])).toEqual([{ text: 'first try' }, { text: 'first try' }]);
    expect(input.value).toBe('next draft');
  });
});
