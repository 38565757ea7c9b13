// What the message list costs the page: few elements per message, and a message that did not change is neither
// rendered again nor replaced in the DOM when older messages come in above it or a new one below it.
import { describe, expect, it, vi } from 'vitest';
import { MessageItem } from '../../src/ui/MessageItem';
import { FakeTransport } from '../helpers/fake-transport';
import { mountOpen, pollNow, useElementHarness, type Mounted } from './harness';

useElementHarness();

/** Opens a chat of `count` messages, alternating the visitor's and the agent's, and waits for the latest page. */
async function openConversation(count: number): Promise<Mounted> {
  const transport = new FakeTransport();
  transport.seed(count);
  const m = await mountOpen({}, { transport });
  await vi.waitFor(() => expect(m.parts('message')).toHaveLength(50));
  return m;
}

const textsOf = (m: Mounted) =>
  m.parts('message').map((message) => message.querySelector('[part~="text"]')!.textContent);

/** The ids of the messages rendered while `spy` watched. */
const renderedIds = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.map(([props]) => (props as MessageItem['props']).message.id);

describe('a message in the list', () => {
  it("is the message, its bubble, the text, the time and the visitor's status: five elements at most", async () => {
    const m = await openConversation(60);
    const [user, agent] = m.parts('message');
    // The first agent message of the page also has the agent's name.
    expect(user!.outerHTML).toMatch(
      /^<div part="message user" class="msg user" data-status="sent"><div class="bubble"><div part="text" class="text">message 11<\/div><time part="time" datetime="[^"]+">[^<]+<\/time><span class="sr">Sent<\/span><\/div><\/div>$/,
    );
    expect(agent!.querySelector('[part~="agent-name"]')!.textContent).toBe('Anna');
    const list = m.part('messages')!;
    // 50 messages, the day's separator (2) and "Show earlier messages"; with a wrapper more per message, 350 and up.
    expect(list.querySelectorAll('*').length).toBeLessThanOrEqual(50 * 5 + 3);
    for (const message of m.parts('message')) expect(message.querySelectorAll('*').length).toBeLessThan(5);
  });

  it('reads as its text, its time and, for the visitor, whether it was sent', async () => {
    const m = await openConversation(60);
    const [user, agent] = m.parts('message');
    const time = user!.querySelector('time')!;
    expect(time.textContent).toMatch(/\d\d:\d\d/);
    expect(user!.textContent).toBe(`message 11${time.textContent}Sent`);
    expect(agent!.textContent).toBe(`Annamessage 12${agent!.querySelector('time')!.textContent}`);
  });
});

describe('the list, when the conversation changes', () => {
  it('keeps the shown messages, neither rendered again nor replaced, when older ones come in above them', async () => {
    const m = await openConversation(120); // shown: 71 to 120
    const shown = m.parts('message');
    const render = vi.spyOn(MessageItem.prototype, 'render');
    m.root.querySelector<HTMLButtonElement>('.older')!.click();
    await vi.waitFor(() => expect(m.parts('message')).toHaveLength(100));
    expect(m.parts('message').slice(50)).toEqual(shown);
    m.parts('message')
      .slice(50)
      .forEach((message, i) => expect(message).toBe(shown[i]));
    // The older page, and 72, the first agent message so far, whose agent's name now shows on 22 above it.
    const ids = m.transport.conversation.map((message) => message.id);
    expect(renderedIds(render).sort()).toEqual([...ids.slice(20, 70), ids[71]].sort());
    expect(shown[1]!.querySelector('[part~="agent-name"]')).toBeNull();
    expect(textsOf(m)[0]).toBe('message 21');
  });

  it('renders only the new message when one arrives', async () => {
    const m = await openConversation(60);
    const shown = m.parts('message');
    const render = vi.spyOn(MessageItem.prototype, 'render');
    const reply = m.transport.addAgentMessage('A new answer');
    pollNow();
    await vi.waitFor(() => expect(m.parts('message')).toHaveLength(51));
    expect(renderedIds(render)).toEqual([reply.id]);
    m.parts('message')
      .slice(0, 50)
      .forEach((message, i) => expect(message).toBe(shown[i]));
    expect(textsOf(m).at(-1)).toBe('A new answer');
  });

  it("renders a message again when it changes: the visitor's, from pending to sent", async () => {
    const m = await openConversation(60);
    const answer = m.transport.holdAnswer('send');
    const sending = m.el.send('hello');
    await vi.waitFor(() => expect(m.parts('user').at(-1)?.getAttribute('data-status')).toBe('pending'));
    const render = vi.spyOn(MessageItem.prototype, 'render');
    answer.release();
    await sending;
    await vi.waitFor(() => expect(m.parts('user').at(-1)?.getAttribute('data-status')).toBe('sent'));
    expect(new Set(renderedIds(render)).size).toBe(1);
    expect(textsOf(m).at(-1)).toBe('hello');
  });
});

describe('the list on a first open', () => {
  /** happy-dom has no layout: each rendered message is 60 px high in a list 300 px high. */
  function layOut() {
    const height = (el: HTMLElement) => (el.getAttribute('part') === 'messages' ? el.children.length * 60 : 0);
    vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return height(this);
    });
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.getAttribute('part') === 'messages' ? 300 : 0;
    });
  }

  const scrollToTop = (m: Mounted) => {
    const list = m.part('messages')!;
    list.scrollTop = 0;
    list.dispatchEvent(new Event('scroll'));
  };

  it('renders only the newest 20 of the 50 it has; scrolling up shows the rest, then asks for an older page', async () => {
    layOut();
    const transport = new FakeTransport();
    transport.seed(120);
    const m = await mountOpen({}, { transport });
    await vi.waitFor(() => expect(m.parts('message')).toHaveLength(20));
    expect(textsOf(m)[0]).toBe('message 101');
    expect(m.root.querySelector('.older')).not.toBeNull();
    scrollToTop(m);
    await vi.waitFor(() => expect(m.parts('message')).toHaveLength(40));
    expect(transport.count('older')).toBe(0);
    scrollToTop(m);
    await vi.waitFor(() => expect(m.parts('message')).toHaveLength(50));
    expect(transport.count('older')).toBe(0);
    scrollToTop(m);
    await vi.waitFor(() => expect(m.parts('message')).toHaveLength(100));
    expect(transport.count('older')).toBe(1);
  });

  it('shows all it has at once when that does not fill the list', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(2_000);
    const m = await openConversation(60);
    expect(textsOf(m)[0]).toBe('message 11');
  });
});
