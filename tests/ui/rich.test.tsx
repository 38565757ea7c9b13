// Rich messages as the visitor sees them: headings, buttons, files, carousels and quick replies.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Attachment, Card, Message, MessageButton } from '../../src/transport/types';
import { agentMessage, container, setUp } from './harness';

// The rich chunk is a dynamic import: loaded before, each test sees the components at once.
beforeAll(() => import('../../src/ui/rich'));

const button = (action: MessageButton['action'], label: string, value: string | null = label): MessageButton => ({
  action,
  label,
  value,
});
const rich = (id: string, fields: Partial<Message>, text: string | null = null): Message => ({
  ...agentMessage(id, text ?? ''),
  text,
  ...fields,
});
const userMessage = (id: string, text: string): Message => ({ ...agentMessage(id, text), from: 'user', agent: null });
const PDF: Attachment = {
  ref: 'media/2026/12/3/a.pdf',
  name: 'a.pdf',
  label: 'Invoice',
  type: 'application/pdf',
  size: 1234,
};
const card = (title: string, buttons: MessageButton[] = []): Card => ({
  title,
  text: null,
  image: null,
  attachment: null,
  buttons,
});

const buttons = () => [...container.querySelectorAll<HTMLElement>('.msg [part~="button"], .msg .inert')];
const shown = async (ui: ReturnType<typeof setUp>, messages: Message[]) => {
  ui.show(messages);
  await vi.waitFor(() => expect(container.querySelector('.buttons, .file, .carousel, .quick')).not.toBeNull());
};

describe('a title', () => {
  it('is a heading in the bubble', () => {
    const ui = setUp();
    ui.show([rich('1', { title: 'Your order' }, 'It ships today.')]);
    const heading = container.querySelector('.bubble h3');
    expect(heading?.textContent).toBe('Your order');
  });
});

describe('buttons', () => {
  const MENU = rich('1', {
    buttons: [
      button('reply', 'Talk to sales', 'sales'),
      button('reply', 'No payload', null),
      button('link', 'Track my order', 'https://shop.example/track'),
      button('call', 'Call us', 'tel:+31123456789'),
      button('text', 'Old site'),
      button('unsupported', 'Buy'),
    ],
  });

  it('shows each kind: a reply, a disabled one, a link in a new tab, a tel: link, plain text, and an unsupported line', async () => {
    const ui = setUp();
    await shown(ui, [MENU]);
    const [reply, empty, link, call, text] = buttons();
    expect(reply).toMatchObject({ tagName: 'BUTTON', disabled: false, textContent: 'Talk to sales' });
    expect(empty).toMatchObject({ tagName: 'BUTTON', disabled: true });
    expect(link?.getAttribute('href')).toBe('https://shop.example/track');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link?.textContent).toBe('Track my order (opens in a new tab)');
    expect(call?.getAttribute('href')).toBe('tel:+31123456789');
    expect(text).toMatchObject({ tagName: 'SPAN', textContent: 'Old site' });
    expect(container.querySelector('.unsupported')?.textContent).toBe('This can’t be shown here.');
  });

  it('a reply answers the message through the session', async () => {
    const ui = setUp();
    await shown(ui, [MENU]);
    buttons()[0]!.click();
    expect(ui.session.choose).toHaveBeenCalledWith('1', 'sales');
  });

  it('after the choice, the set is decided and shows which was chosen', async () => {
    const ui = setUp();
    await shown(ui, [MENU, userMessage('2', 'sales')]);
    const [reply, empty] = buttons();
    expect(reply).toMatchObject({ disabled: true, className: 'choice chosen' });
    expect(reply?.getAttribute('aria-pressed')).toBe('true');
    expect(empty?.getAttribute('aria-pressed')).toBeNull();
  });

  it('a newer message closes the set without a choice; links still open', async () => {
    const ui = setUp();
    await shown(ui, [MENU, agentMessage('2', 'Anything else?')]);
    const [reply, , link] = buttons();
    expect(reply).toMatchObject({ disabled: true, className: 'choice' });
    expect(link?.tagName).toBe('A');
  });

  it('never links a URL that is not http(s) or tel:, whatever the transport says', async () => {
    const ui = setUp();
    await shown(ui, [
      rich('1', {
        buttons: [button('link', 'Bad', 'javascript:alert(1)'), button('call', 'Bad call', 'data:text/html,x')],
      }),
    ]);
    expect(container.querySelector('.msg a')).toBeNull();
    expect(buttons().map((b) => b.textContent)).toEqual(['Bad', 'Bad call']);
  });
});

describe('a file', () => {
  it('shows its kind, label and size, and downloads its bytes through the session under its name', async () => {
    const ui = setUp();
    await shown(ui, [rich('1', { attachment: PDF }, 'Your invoice')]);
    const file = container.querySelector('.file')!;
    expect(file.querySelector('.file-icon')?.textContent).toBe('PDF');
    expect(file.querySelector('.file-name')?.textContent).toBe('Invoice1.2 kB');
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('a.pdf');
      expect(this.href).toMatch(/^blob:/);
    });
    file.querySelector<HTMLButtonElement>('[part="download"]')!.click();
    await vi.waitFor(() => expect(clicked).toHaveBeenCalledOnce());
    expect(ui.session.fetchFile).toHaveBeenCalledWith('media/2026/12/3/a.pdf', expect.any(AbortSignal));
    expect(file.querySelector('a')).toBeNull();
    clicked.mockRestore();
  });

  it('says so when the download fails, and can be tried again', async () => {
    const ui = setUp();
    vi.mocked(ui.session.fetchFile).mockRejectedValueOnce(new Error('offline'));
    await shown(ui, [rich('1', { attachment: PDF })]);
    const download = container.querySelector<HTMLButtonElement>('[part="download"]')!;
    download.click();
    await vi.waitFor(() => expect(container.querySelector('.file [role="alert"]')).not.toBeNull());
    expect(download.disabled).toBe(false);
  });
});

describe('a carousel', () => {
  it("shows the parent's text as a bubble, then the cards as a labelled group", async () => {
    const ui = setUp();
    const cards = [card('Phone A', [button('reply', 'Pick A')]), card('Phone B'), card('Phone C')];
    await shown(ui, [rich('1', { cards }, 'Our phones')]);
    expect(container.querySelector('.bubble .text')?.textContent).toBe('Our phones');
    const group = container.querySelector('.carousel')!;
    expect(group.getAttribute('role')).toBe('group');
    const items = [...group.querySelectorAll('li')];
    expect(items.map((li) => li.getAttribute('aria-label'))).toEqual(['1 of 3', '2 of 3', '3 of 3']);
    expect(items[0]?.querySelector('h4')?.textContent).toBe('Phone A');
    items[0]!.querySelector('button')!.click();
    expect(ui.session.choose).toHaveBeenCalledWith('1', 'Pick A');
  });
});

describe('quick replies', () => {
  const ASK = rich('1', { quickReplies: ['Yes', 'No'] }, 'Did that help?');
  const chips = () => [...container.querySelectorAll<HTMLButtonElement>('.quick button')];

  it('show above the composer for the newest message, and answer it', async () => {
    const ui = setUp();
    await shown(ui, [ASK]);
    expect(chips().map((c) => c.textContent)).toEqual(['Yes', 'No']);
    expect(container.querySelector('.quick')?.nextElementSibling?.matches('.composer, form')).toBe(true);
    chips()[1]!.click();
    expect(ui.session.choose).toHaveBeenCalledWith('1', 'No');
  });

  it('go when anything newer arrives; the message stays in the list', async () => {
    const ui = setUp();
    await shown(ui, [ASK]);
    ui.show([ASK, userMessage('2', 'Maybe')]);
    expect(chips()).toEqual([]);
    expect(container.querySelector('.msg .text')?.textContent).toBe('Did that help?');
  });

  it('are read out with the message', async () => {
    const ui = setUp();
    ui.show([ASK]);
    ui.tell(ASK);
    await ui.settle();
    expect(ui.liveRegion().textContent).toBe('Anna: Did that help? Suggested replies: Yes, No');
  });
});
