import { describe, expect, it, vi } from 'vitest';
import { createEmitter } from '../../src/chat/emitter';
import * as inbox from '../../src/chat/inbox';
import { createState, type ChatEvents } from '../../src/chat/state';
import type { Message } from '../../src/transport/types';
import { FakeTransport } from '../helpers/fake-transport';
import { page, serverMessage } from '../helpers/messages';

function setup({ open = false } = {}) {
  const state = createState('device-1234', true);
  const events = createEmitter<ChatEvents>();
  const announced: ChatEvents['message'][] = [];
  events.on('message', (e) => announced.push(e));
  const isOpen = { value: open };
  const claimCopies = vi.fn<(added: readonly Message[]) => void>();
  const save = vi.fn();
  const transport = new FakeTransport();
  const c: inbox.InboxNeeds = {
    ...inbox.inboxFields(),
    state,
    events,
    transport: () => transport,
    anyOpen: () => isOpen.value,
    claimCopies,
    save,
  };
  const ids = () => state.messages.value.map((m) => m.id);
  return { state, announced, isOpen, claimCopies, save, c, ids };
}

const agent = (id: string) => serverMessage(id, 'agent');
const user = (id: string) => serverMessage(id, 'user');

describe('inbox', () => {
  it('merges a page into the messages once, in server order, and keeps the agent and the sticky notice', () => {
    const { state, c, ids } = setup();
    expect(inbox.receive(c, page([agent('2'), user('1')]))).toBe(2);
    const anna = { name: 'Anna', avatar: null, isTyping: true };
    expect(inbox.receive(c, { messages: [agent('2'), agent('3')], agent: anna, sticky: 'Back at 9' })).toBe(1);
    expect(inbox.receive(c, page([agent('3')]))).toBe(0);
    expect(ids()).toEqual(['1', '2', '3']);
    expect(state.messages.value[0]?.status).toBe('sent');
    expect(state.agent.value).toBeNull();

    inbox.receive(c, { messages: [], agent: anna, sticky: 'Back at 9' });
    expect([state.agent.value, state.sticky.value]).toEqual([anna, 'Back at 9']);
  });

  it("ends the agent's typing when the typing expiry passes without a page saying it again", () => {
    vi.useFakeTimers();
    try {
      const { state, c } = setup();
      const typing = { name: 'Anna', avatar: null, isTyping: true };
      inbox.receive(c, { messages: [], agent: typing });
      vi.advanceTimersByTime(20_000);
      inbox.receive(c, { messages: [], agent: { ...typing } }); // said again: 30 s from here
      inbox.receive(c, { messages: [agent('1')] }); // says nothing of the agent
      vi.advanceTimersByTime(29_999);
      expect(state.agent.value?.isTyping).toBe(true);
      vi.advanceTimersByTime(1);
      expect(state.agent.value).toEqual({ ...typing, isTyping: false });
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the agent and the sticky notice through a page that does not say, and clears them on null', () => {
    const { state, c } = setup();
    const anna = { name: 'Anna', avatar: null, isTyping: false };
    inbox.receive(c, { messages: [], agent: anna, sticky: 'Back at 9' });
    inbox.receive(c, { messages: [agent('1')] });
    expect([state.agent.value, state.sticky.value]).toEqual([anna, 'Back at 9']);
    inbox.receive(c, { messages: [], agent: null, sticky: null });
    expect([state.agent.value, state.sticky.value]).toEqual([null, null]);
  });

  it('announces what arrives live once per id, with its direction; what came before is history', () => {
    const { c, announced } = setup();
    inbox.receive(c, page([agent('1'), user('2')])); // the first page: not news
    expect(announced).toEqual([]);
    inbox.goLive(c);
    inbox.receive(c, page([agent('1'), agent('3'), user('4'), serverMessage('5', 'info')]));
    inbox.receive(c, page([agent('3'), user('4')]));
    inbox.announce(c, agent('3'));
    expect(announced.map((e) => [e.message.id, e.direction])).toEqual([
      ['3', 'in'],
      ['4', 'out'],
      ['5', 'in'],
    ]);
  });

  it('never announces messages taken as history, even when they arrive again live', () => {
    const { c, announced, ids } = setup();
    inbox.history(c, [agent('1'), agent('2')]);
    inbox.goLive(c);
    inbox.receive(c, page([agent('1'), agent('2'), agent('3')]));
    inbox.announce(c, agent('2'));
    expect(announced.map((e) => e.message.id)).toEqual(['3']);
    expect(ids()).toEqual(['1', '2', '3']);
  });

  it('counts agent messages as unread only when live and no tab has the chat open', () => {
    const { state, c, isOpen } = setup();
    inbox.receive(c, page([agent('1')]));
    expect(state.unread.value).toBe(0); // not live yet
    inbox.goLive(c);
    inbox.receive(c, page([agent('2'), user('3'), serverMessage('4', 'info'), agent('5')]));
    expect(state.unread.value).toBe(2);
    inbox.receive(c, page([agent('5')]));
    expect(state.unread.value).toBe(2); // known already
    isOpen.value = true;
    inbox.receive(c, page([agent('6')]));
    expect(state.unread.value).toBe(2);
  });

  it('hands claimCopies only the messages new to the conversation, and saves only when some were new', () => {
    const { c, claimCopies, save } = setup();
    inbox.receive(c, page([user('1')]));
    inbox.receive(c, page([user('1'), user('2')]));
    inbox.receive(c, page([user('2')]));
    expect(claimCopies.mock.calls.map(([added]) => added.map((m) => m.id))).toEqual([['1'], ['2'], []]);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('markRead clears the unread count and saves, and does nothing when nothing is unread', () => {
    const { state, c, save } = setup();
    inbox.markRead(c);
    expect(save).not.toHaveBeenCalled();
    state.unread.value = 3;
    inbox.markRead(c);
    expect(state.unread.value).toBe(0);
    expect(save).toHaveBeenCalledTimes(1);
  });
});
