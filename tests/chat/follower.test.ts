import { describe, expect, it } from 'vitest';
import { endConversation } from '../../src/chat/conversation';
import { createFollower } from '../../src/chat/follower';
import { createState, snapshot, type ChatEvents } from '../../src/chat/state';
import { TransportError } from '../../src/transport/types';
import { outboxEntry, serverMessage } from '../helpers/messages';
import { DEVICE, roleSetup, useRoleTests } from '../helpers/roles';
import { flush } from './harness';

const onCleanup = useRoleTests();

function setup(options: Parameters<typeof roleSetup>[0] = {}) {
  const made = roleSetup({ tabId: 'follower-tab', ...options });
  const follower = createFollower(made.deps);
  onCleanup(() => endConversation(made.convo()));
  return { ...made, follower };
}

/** What a leader with these messages would tell. */
function leaderState(messages = [serverMessage('1'), serverMessage('2')]) {
  const leader = createState(DEVICE, true);
  leader.messages.value = messages;
  leader.unread.value = 1;
  leader.error.value = new TransportError('forbidden', 'no', { status: 403 });
  return snapshot(leader);
}

describe('follower', () => {
  it('hands the leader what its visitor does, as tab messages, and sends nothing itself', async () => {
    const { follower, posted, state, transport } = setup();
    state.messages.value = [serverMessage('local:failed', 'user', { status: 'failed' })];
    const entry = outboxEntry('new', 'hello');
    follower.deliver(entry);
    follower.retryMessage('local:failed');
    follower.deleteMessage('local:other');
    await follower.loadOlderPage();
    follower.resume();
    await flush();
    expect(posted).toEqual([
      { type: 'outbox', entry, image: undefined, device: DEVICE },
      { type: 'retry', id: 'local:failed' },
      { type: 'cancel', id: 'local:other' },
      { type: 'older' },
      { type: 'resume' },
    ]);
    expect(state.messages.value[0]?.status).toBe('pending'); // shown retrying at once
    expect(transport.calls).toEqual([]);
  });

  it('tells the leader whether its chat is open and visible, also when its visitor acts, and says bye when it goes', () => {
    const { follower, posted, state, visible } = setup();
    follower.opened();
    state.isOpen.value = true;
    visible.value = false;
    follower.focused();
    follower.receive({ type: 'hello' });
    visible.value = true;
    follower.acted();
    follower.leave();
    expect(posted).toEqual([
      { type: 'tab', tab: 'follower-tab', open: false, visible: true },
      { type: 'tab', tab: 'follower-tab', open: true, visible: false },
      { type: 'tab', tab: 'follower-tab', open: true, visible: false },
      { type: 'tab', tab: 'follower-tab', open: true, visible: true },
      { type: 'bye', tab: 'follower-tab' },
    ]);
  });

  it("shows the leader's state with the error restored, its own messages after it, and its own isOpen", () => {
    const { follower, state, convo } = setup();
    state.isOpen.value = true;
    const mine = serverMessage('local:mine', 'user', { status: 'pending' });
    const handedOver = serverMessage('local:handed', 'user', { status: 'pending' });
    convo().own.set(mine.id, mine);
    convo().own.set(handedOver.id, handedOver);
    follower.receive({ type: 'state', state: leaderState([serverMessage('1'), handedOver]) });
    expect(state.messages.value.map((m) => m.id)).toEqual(['1', 'local:handed', 'local:mine']);
    expect(state.error.value).toBeInstanceOf(TransportError);
    expect(state.error.value).toMatchObject({ kind: 'forbidden', details: { status: 403 } });
    expect([state.unread.value, state.isOpen.value]).toEqual([1, true]);
    // The leader has that one now: it is no longer this tab's to show.
    expect([...convo().own.keys()]).toEqual(['local:mine']);
  });

  it("emits the leader's message and error events, the error as a TransportError", () => {
    const { follower, events } = setup();
    const seen: (ChatEvents['message'] | TransportError)[] = [];
    events.on('message', (e) => seen.push(e));
    events.on('error', (e) => seen.push(e));
    const detail = { message: serverMessage('3'), direction: 'in' as const };
    follower.receive({ type: 'message', detail });
    follower.receive({ type: 'error', error: { kind: 'network', message: 'down', details: {} } });
    expect(seen[0]).toEqual(detail);
    expect(seen[1]).toBeInstanceOf(TransportError);
    expect(seen[1]).toMatchObject({ kind: 'network', message: 'down' });
  });

  it("settles its callers' waits as the leader says: sent, failed with the error, or cancelled", async () => {
    const { follower, convo } = setup();
    const sent = convo().waiters.wait('local:a');
    const failed = convo().waiters.wait('local:b');
    const cancelled = convo().waiters.wait('local:c');
    follower.receive({ type: 'settled', id: 'local:a' });
    follower.receive({ type: 'settled', id: 'local:b', error: { kind: 'invalid', message: 'no', details: {} } });
    follower.receive({ type: 'settled', id: 'local:c', error: 'cancelled' });
    await expect(sent).resolves.toBeUndefined();
    await expect(failed).rejects.toMatchObject({ name: 'TransportError', kind: 'invalid' });
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('cancel removes the message here and settles it; from the store only when the leader has not got it', async () => {
    const { follower, cache, convo, state } = setup();
    const box = cache.outbox(DEVICE);
    const [handed, mine] = [outboxEntry('handed'), outboxEntry('mine')];
    await box.add(handed);
    await box.add(mine);
    convo().own.set(mine.id, serverMessage(mine.id, 'user', { status: 'pending' }));
    state.messages.value = [serverMessage(handed.id, 'user'), serverMessage(mine.id, 'user')];
    const waiting = convo().waiters.wait(mine.id);
    follower.deleteMessage(handed.id);
    follower.deleteMessage(mine.id);
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(state.messages.value).toEqual([]);
    await flush();
    // The leader removes the one it has; the one only this tab knew is this tab's to remove.
    expect((await box.read()).entries.map((e) => e.id)).toEqual([handed.id]);
  });

  it('a reset in another tab forgets the conversation here', () => {
    const { follower, forget, convo } = setup();
    const old = convo();
    follower.receive({ type: 'reset' });
    expect(forget).toHaveBeenCalledTimes(1);
    expect(old.scope.alive).toBe(false);
    expect(convo()).not.toBe(old);
  });
});
