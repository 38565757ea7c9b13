import { describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../helpers/fake-transport';
import { mount, mountOpen, pollNow, press, typeInto, useElementHarness } from './harness';

useElementHarness();

describe('parts of the open chat', () => {
  it('has panel, header, title, close, messages (role log), composer, input and send', async () => {
    const m = await mountOpen();
    for (const name of ['launcher', 'panel', 'header', 'title', 'close', 'messages', 'composer', 'input', 'send']) {
      if (name === 'launcher') continue; // may be hidden while the panel is open
      expect(m.part(name), name).not.toBeNull();
    }
    expect(m.part('messages')!.getAttribute('role')).toBe('log');
    expect(m.part('header')!.contains(m.part('title'))).toBe(true);
    expect(m.part('header')!.contains(m.part('close'))).toBe(true);
    expect(m.part('composer')!.contains(m.part('input'))).toBe(true);
    expect(m.part('composer')!.contains(m.part('send'))).toBe(true);
    expect(m.part('title')!.textContent).toBe('Support'); // the config's name
  });

  it('renders user, agent and info messages with their parts', async () => {
    const m = await mount();
    m.transport.addInfoMessage('Welcome to support');
    m.transport.addUserMessage('I have a question');
    m.transport.addAgentMessage('Sure, ask away', { name: 'Anna' });
    m.el.show();
    await vi.waitFor(() => expect(m.parts('message')).toHaveLength(3));
    const [info, user, agent] = m.parts('message');
    expect(info!.getAttribute('part')!.split(/\s+/)).toContain('info');
    expect(user!.getAttribute('part')!.split(/\s+/)).toContain('user');
    expect(agent!.getAttribute('part')!.split(/\s+/)).toContain('agent');
    expect(user!.getAttribute('data-status')).toBe('sent');
    expect(agent!.hasAttribute('data-status')).toBe(false);
    expect(info!.querySelector('[part~="text"]')!.textContent).toBe('Welcome to support');
    expect(user!.querySelector('[part~="text"]')!.textContent).toBe('I have a question');
    expect(user!.querySelector('[part~="time"]')).not.toBeNull();
    expect(agent!.querySelector('[part~="time"]')).not.toBeNull();
    expect(agent!.querySelector('[part~="agent-name"]')!.textContent).toBe('Anna');
    expect(m.parts('user')).toHaveLength(1);
    expect(m.parts('agent')).toHaveLength(1);
    expect(m.parts('info')).toHaveLength(1);
  });

  it('user messages carry data-status pending, then sent; failed when the send failed', async () => {
    const m = await mountOpen();
    const answer = m.transport.holdAnswer('send');
    const sending = m.el.send('hello');
    await vi.waitFor(() => expect(m.part('user')?.getAttribute('data-status')).toBe('pending'));
    answer.release();
    await sending;
    await vi.waitFor(() => expect(m.part('user')?.getAttribute('data-status')).toBe('sent'));

    m.transport.failNext('send', 'invalid');
    await expect(m.el.send('again')).rejects.toMatchObject({ kind: 'invalid' });
    await vi.waitFor(() =>
      expect(
        m
          .parts('user')
          .map((u) => u.getAttribute('data-status'))
          .sort(),
      ).toEqual(['failed', 'sent']),
    );
  });

  it('a failed message has "Try again", which sends it, and "Delete", which removes it', async () => {
    const m = await mountOpen();
    m.transport.failNext('send', 'invalid', 2);
    await m.el.send('first').catch(() => {});
    await m.el.send('second').catch(() => {});
    await vi.waitFor(() => expect(m.parts('retry')).toHaveLength(2));
    expect(m.parts('delete').map((b) => b.textContent)).toEqual(['Delete', 'Delete']);

    m.parts('delete')[1]!.click();
    await vi.waitFor(() => expect(m.parts('user')).toHaveLength(1));
    m.part('retry')!.click();
    await vi.waitFor(() => expect(m.part('user')?.getAttribute('data-status')).toBe('sent'));
    expect(m.transport.conversation.map((c) => c.text)).toEqual(['first']);
    expect(m.part('retry')).toBeNull();
  });

  it('shows the typing indicator while the agent types', async () => {
    const m = await mountOpen();
    expect(m.part('typing')).toBeNull();
    m.transport.agent.isTyping = true;
    pollNow();
    await vi.waitFor(() => expect(m.part('typing')).not.toBeNull());
    m.transport.agent.isTyping = false;
    pollNow();
    await vi.waitFor(() => expect(m.part('typing')).toBeNull());
  });

  it('shows a banner when the browser goes offline', async () => {
    const m = await mountOpen();
    expect(m.part('banner')).toBeNull();
    window.dispatchEvent(new Event('offline'));
    try {
      await vi.waitFor(() => expect(m.part('banner')).not.toBeNull());
      expect(m.part('banner')!.textContent).toMatch(/offline/i);
    } finally {
      window.dispatchEvent(new Event('online'));
    }
    await vi.waitFor(() => expect(m.part('banner')!.textContent).toMatch(/back online/i));
    await vi.waitFor(() => expect(m.part('banner')).toBeNull(), { timeout: 5_000 });
  });

  it('renders Markdown of an agent message as elements, with safe links, and never HTML', async () => {
    const m = await mount();
    m.transport.addAgentMessage(
      '**bold** see [the docs](https://example.com/docs) <script>window.pwned = true</script> [bad](javascript:alert(1)) <img src=x onerror=alert(1)>',
    );
    m.el.show();
    await vi.waitFor(() => expect(m.part('agent')).not.toBeNull());
    const text = m.part('agent')!.querySelector('[part~="text"]')!;
    expect(text.querySelector('strong')!.textContent).toBe('bold');
    const links = [...text.querySelectorAll('a')];
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://example.com/docs');
    expect(links[0]!.textContent).toBe('the docs');
    expect(links[0]!.getAttribute('rel')).toContain('noopener');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(m.root.querySelector('script')).toBeNull();
    expect(m.root.querySelector('img')).toBeNull();
    expect(text.textContent).toContain('<script>window.pwned = true</script>');
    expect(text.textContent).toContain('<img src=x onerror=alert(1)>');
    expect((window as { pwned?: boolean }).pwned).toBeUndefined();
  });
});

describe('the composer', () => {
  it('Enter sends the draft; parley-message with direction out after the server confirmed', async () => {
    const m = await mountOpen();
    const input = m.part('input') as HTMLTextAreaElement;
    typeInto(input, 'Hello there');
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(false));
    const event = press(input, 'Enter');
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(m.eventsOf('parley-message')).toHaveLength(1));
    const [sent] = m.eventsOf('parley-message');
    expect(sent!.detail.direction).toBe('out');
    expect(sent!.detail.message.text).toBe('Hello there');
    expect(sent!.bubbles && sent!.composed).toBe(true);
    expect(m.transport.callsOf('send').map((c) => c.args[1])).toEqual([{ text: 'Hello there' }]);
    await vi.waitFor(() => expect((m.part('input') as HTMLTextAreaElement).value).toBe(''));
    await vi.waitFor(() => expect(m.part('user')?.querySelector('[part~="text"]')?.textContent).toBe('Hello there'));
  });

  it('the send button sends too', async () => {
    const m = await mountOpen();
    typeInto(m.part('input')!, 'via button');
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(false));
    m.part('send')!.click();
    await vi.waitFor(() => expect(m.transport.count('send')).toBe(1));
  });

  it('Shift+Enter does not send', async () => {
    const m = await mountOpen();
    const input = m.part('input') as HTMLTextAreaElement;
    typeInto(input, 'line one');
    press(input, 'Enter', { shiftKey: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(m.transport.count('send')).toBe(0);
    expect((m.part('input') as HTMLTextAreaElement).value).toBe('line one');
  });

  it('Enter that ends an IME composition does not send, also as Safari reports it (isComposing false, keyCode 229)', async () => {
    const m = await mountOpen();
    const input = m.part('input') as HTMLTextAreaElement;
    typeInto(input, 'にほんご');
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(false));
    expect(press(input, 'Enter', { isComposing: true }).defaultPrevented).toBe(false);
    // WebKit ends the composition before the Enter that confirms it: that keydown says isComposing false.
    expect(press(input, 'Enter', { keyCode: 229 }).defaultPrevented).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(m.transport.count('send')).toBe(0);
    expect(input.value).toBe('にほんご');
    press(input, 'Enter');
    await vi.waitFor(() => expect(m.transport.count('send')).toBe(1));
  });

  it('whitespace only does not send and the send button is disabled', async () => {
    const m = await mountOpen();
    const input = m.part('input') as HTMLTextAreaElement;
    expect((m.part('send') as HTMLButtonElement).disabled).toBe(true);
    typeInto(input, '   \n  ');
    press(input, 'Enter');
    await new Promise((r) => setTimeout(r, 50));
    expect(m.transport.count('send')).toBe(0);
    expect((m.part('send') as HTMLButtonElement).disabled).toBe(true);
  });

  it('over 5000 characters shows a message, disables send and keeps the draft', async () => {
    const m = await mountOpen();
    const input = m.part('input') as HTMLTextAreaElement;
    const long = 'x'.repeat(5001);
    typeInto(input, long);
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(true));
    const alert = m.part('composer')!.querySelector('[role="alert"]');
    expect(alert?.textContent).toMatch(/too long/i);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    press(input, 'Enter');
    await new Promise((r) => setTimeout(r, 50));
    expect(m.transport.count('send')).toBe(0);
    expect((m.part('input') as HTMLTextAreaElement).value).toBe(long);

    typeInto(input, 'x'.repeat(5000));
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(false));
    expect(m.part('composer')!.querySelector('[role="alert"]')).toBeNull();
  });

  it("the transport's declared text limit is the composer's: 101 of 100 characters say so, send is off", async () => {
    const transport = new FakeTransport();
    transport.capabilities = { maxTextLength: 100 };
    const m = await mountOpen({}, { transport });
    typeInto(m.part('input')!, 'x'.repeat(101));
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(true));
    expect(m.part('composer')!.querySelector('[role="alert"]')?.textContent).toContain('101 of 100');
  });

  it('a backend that takes no images gets no attach button, whatever its config says', async () => {
    const transport = new FakeTransport();
    transport.chatConfig.allowImage = true;
    const withImages = await mountOpen({}, { transport });
    await vi.waitFor(() => expect(withImages.part('attach')).not.toBeNull());
    withImages.el.remove();
    const none = new FakeTransport();
    none.chatConfig.allowImage = true;
    none.capabilities = { maxImageBytes: 0 };
    const m = await mountOpen({}, { transport: none });
    await new Promise((r) => setTimeout(r, 50)); // the config is in (mountOpen waited for the latest page)
    expect(m.part('attach')).toBeNull();
  });

  it('typing in the input sends startTyping', async () => {
    const m = await mountOpen({}, { transport: new FakeTransport('parley') });
    typeInto(m.part('input')!, 'h');
    await vi.waitFor(() => expect(m.transport.count('startTyping')).toBe(1));
  });
});

describe('events', () => {
  it('parley-unread with {count} and the badge, for agent messages while closed', async () => {
    const m = await mountOpen();
    m.el.hide();
    await vi.waitFor(() => expect(m.part('panel')).toBeNull());
    expect(m.part('badge')).toBeNull();
    m.transport.addAgentMessage('Are you still there?');
    pollNow();
    await vi.waitFor(() => expect(m.eventsOf('parley-unread').map((e) => e.detail)).toEqual([{ count: 1 }]));
    const unread = m.eventsOf('parley-unread')[0]!;
    expect(unread.bubbles && unread.composed).toBe(true);
    await vi.waitFor(() => expect(m.part('badge')?.textContent).toBe('1'));
    expect(m.part('launcher')!.contains(m.part('badge'))).toBe(true);
    expect(m.part('launcher')!.getAttribute('aria-label')).toContain('Open chat');
    const incoming = m.eventsOf('parley-message').map((e) => [e.detail.direction, e.detail.message.text]);
    expect(incoming).toEqual([['in', 'Are you still there?']]);

    m.el.show();
    await vi.waitFor(() =>
      expect(m.eventsOf('parley-unread').map((e) => e.detail)).toEqual([{ count: 1 }, { count: 0 }]),
    );
    m.el.hide();
    await vi.waitFor(() => expect(m.part('launcher')).not.toBeNull());
    expect(m.part('badge')).toBeNull();
  });

  it('parley-error with {code, message}, and a banner for a lasting error', async () => {
    const m = await mount();
    m.transport.failNext('register', 'forbidden', 5);
    m.el.show();
    await vi.waitFor(() => expect(m.eventsOf('parley-error').length).toBeGreaterThan(0));
    const error = m.eventsOf('parley-error')[0]!;
    expect(error.detail).toEqual({ code: 'forbidden', message: expect.any(String) });
    expect(error.bubbles && error.composed).toBe(true);
    await vi.waitFor(() => expect(m.part('banner')).not.toBeNull());
  });

  it('parley-message is not dispatched for history', async () => {
    const server = new FakeTransport();
    server.seed(60);
    const m = await mountOpen({}, { transport: server });
    await vi.waitFor(() => expect(m.parts('message').length).toBe(50));
    await new Promise((r) => setTimeout(r, 50));
    expect(m.eventsOf('parley-message')).toEqual([]);
  });
});

describe('theming from the config', () => {
  it('sets --parley-nav-background from colors.navBackground', async () => {
    const m = await mount();
    m.transport.chatConfig.colors = { navBackground: '#123456', userBackground: 'red; color: blue' };
    m.el.show();
    const cssText = () =>
      [
        ...m.root.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)),
        ...[...m.root.querySelectorAll('style')].map((style) => style.textContent ?? ''),
      ].join('\n');
    await vi.waitFor(() => expect(cssText()).toMatch(/--parley-nav-background:\s*#123456/));
    // A value that is not a colour is never written into the stylesheet.
    expect(cssText()).not.toContain('color: blue');
  });
});
