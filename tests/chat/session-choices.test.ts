import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chosenReply, isOpenChoice } from '../../src/chat/choices';
import { MessageRejectedError } from '../../src/chat/errors';
import type { ChatSession } from '../../src/chat/session';
import { memoryStore } from '../../src/chat/storage';
import type { Message, MessageButton } from '../../src/transport/types';
import { fakePage, installTabs } from '../helpers/fake-tabs';
import { FakeTransport } from '../helpers/fake-transport';
import { advance, flush, makeSession, openSession, useSessionHarness } from './harness';

useSessionHarness();

const reply = (value: string): MessageButton => ({ action: 'reply', label: value, value });
const MENU: Partial<Message> = {
  buttons: [reply('Sales'), reply('Support'), { action: 'link', label: 'Web', value: 'https://x.nl/' }],
};
const closed = expect.objectContaining({ name: 'MessageRejectedError', reason: 'closed' });

const onServer = (transport: FakeTransport, text: string) =>
  transport.conversation.filter((m) => m.from === 'user' && m.text === text).length;
const find = (session: ChatSession, id: string): Message => session.messages.value.find((m) => m.id === id)!;
const isOpen = (session: ChatSession, id: string) => isOpenChoice(session.messages.value, find(session, id));
const chosen = (session: ChatSession, id: string) => chosenReply(session.messages.value, find(session, id));

async function withMenu(rich: Partial<Message> = MENU) {
  const made = await openSession();
  const menu = made.transport.addAgentMessage('How can we help?', rich);
  await advance(3_000);
  return { ...made, menu };
}

describe('choices', () => {
  it('a reply button sends its value as the visitor message, once, and the set shows what was chosen', async () => {
    const { session, transport, menu } = await withMenu();
    expect(isOpen(session, menu.id)).toBe(true);
    await session.choose(menu.id, 'Support');
    expect(onServer(transport, 'Support')).toBe(1);
    expect(isOpen(session, menu.id)).toBe(false);
    expect(chosen(session, menu.id)).toBe('Support');
    await expect(session.choose(menu.id, 'Sales')).rejects.toEqual(closed);
    await advance(10_000);
    expect(onServer(transport, 'Sales') + onServer(transport, 'Support')).toBe(1);
  });

  it('a second tap before the first shows sends nothing more', async () => {
    const { session, transport, menu } = await withMenu();
    const first = session.choose(menu.id, 'Sales');
    const second = session.choose(menu.id, 'Sales');
    await expect(second).rejects.toBeInstanceOf(MessageRejectedError);
    await first;
    await advance(10_000);
    expect(onServer(transport, 'Sales')).toBe(1);
  });

  it('closes when anything newer arrives, and takes only the values the message offers', async () => {
    const { session, transport, menu } = await withMenu();
    await expect(session.choose(menu.id, 'Web')).rejects.toEqual(closed);
    await expect(session.choose(menu.id, 'https://x.nl/')).rejects.toEqual(closed);
    await expect(session.choose('nope', 'Sales')).rejects.toEqual(closed);
    transport.addAgentMessage('Are you still there?');
    await advance(10_000);
    expect(isOpen(session, menu.id)).toBe(false);
    expect(chosen(session, menu.id)).toBeNull();
    await expect(session.choose(menu.id, 'Sales')).rejects.toEqual(closed);
    expect(transport.count('send')).toBe(0);
  });

  it("answers quick replies and a card's reply buttons alike", async () => {
    const cards = [{ title: 'A', text: null, image: null, attachment: null, buttons: [reply('Phone A')] }];
    const { session, transport, menu } = await withMenu({ quickReplies: ['Yes', 'No'], cards });
    await session.choose(menu.id, 'Phone A');
    expect(onServer(transport, 'Phone A')).toBe(1);
    const next = transport.addAgentMessage('Sure?', { quickReplies: ['Yes', 'No'] });
    await advance(10_000);
    expect(isOpen(session, next.id)).toBe(true);
    await session.choose(next.id, 'No');
    expect(chosen(session, next.id)).toBe('No');
  });

  it('a choice made offline waits in the outbox and goes once, also across a reload', async () => {
    const store = memoryStore();
    const transport = new FakeTransport();
    const before = await openSession({ store, transport });
    const menu = transport.addAgentMessage('Pick', MENU);
    await advance(3_000);
    transport.offline = true;
    window.dispatchEvent(new Event('offline'));
    void before.session.choose(menu.id, 'Sales').catch(() => {});
    await flush();
    expect(before.session.messages.value.at(-1)).toMatchObject({ text: 'Sales', status: 'pending' });
    expect(isOpen(before.session, menu.id)).toBe(false);
    before.session.dispose();
    window.dispatchEvent(new Event('online'));
    transport.offline = false;

    const after = makeSession({ store, transport, storageKey: before.storageKey });
    await after.session.ready;
    after.session.open();
    await flush();
    expect(isOpen(after.session, menu.id)).toBe(false);
    await expect(after.session.choose(menu.id, 'Support')).rejects.toEqual(closed);
    await advance(10_000);
    expect(onServer(transport, 'Sales')).toBe(1);
    expect(onServer(transport, 'Support')).toBe(0);
    expect(chosen(after.session, menu.id)).toBe('Sales');
  });

  it('a failed answer that the visitor deletes opens the choice again', async () => {
    const { session, transport, menu } = await withMenu();
    transport.failNext('send', 'invalid');
    const answer = session.choose(menu.id, 'Sales');
    answer.catch(() => {});
    await advance(1_000);
    await expect(answer).rejects.toBeTruthy();
    const failed = session.messages.value.at(-1)!;
    expect(failed.status).toBe('failed');
    session.cancel(failed.id);
    await flush();
    expect(isOpen(session, menu.id)).toBe(true);
    await session.choose(menu.id, 'Support');
    expect(onServer(transport, 'Support')).toBe(1);
  });
});

describe('choices in several tabs', () => {
  let uninstall: () => void;
  beforeEach(() => void (uninstall = installTabs()));
  afterEach(() => uninstall());

  it('two tabs choosing at the same moment send one answer, and both show the set closed', async () => {
    const store = memoryStore();
    const transport = new FakeTransport();
    const a = makeSession({ transport, store, storageKey: 'shared', page: fakePage().page });
    await a.session.ready;
    await flush();
    const b = makeSession({ transport, store, storageKey: 'shared', page: fakePage().page });
    await b.session.ready;
    a.session.open();
    b.session.open();
    const menu = transport.addAgentMessage('Pick', MENU);
    await advance(5_000);
    expect([isOpen(a.session, menu.id), isOpen(b.session, menu.id)]).toEqual([true, true]);
    const answers = await Promise.allSettled([
      a.session.choose(menu.id, 'Sales'),
      b.session.choose(menu.id, 'Support'),
    ]);
    await advance(10_000);
    expect(onServer(transport, 'Sales') + onServer(transport, 'Support')).toBe(1);
    expect(answers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect([isOpen(a.session, menu.id), isOpen(b.session, menu.id)]).toEqual([false, false]);
    expect(chosen(a.session, menu.id)).toBe(chosen(b.session, menu.id));
  });
});
