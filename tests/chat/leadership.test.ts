import { describe, expect, it } from 'vitest';
import { endConversation } from '../../src/chat/conversation';
import { createLeader, type Role } from '../../src/chat/leadership';
import { connect } from '../../src/chat/pages';
import { readOutbox } from '../../src/chat/queue';
import { snapshot } from '../../src/chat/state';
import { TransportError } from '../../src/transport/types';
import { cachedConversation, outboxEntry, serverMessage } from '../helpers/messages';
import { DEVICE, roleSetup, useRoleTests } from '../helpers/roles';
import { flush } from './harness';

const onCleanup = useRoleTests();

/** A leader that has told its first state already; `posted` is empty. */
async function setup(options: Parameters<typeof roleSetup>[0] = {}) {
  const made = roleSetup(options);
  const leader: Role = createLeader(made.deps);
  onCleanup(() => {
    leader.retire();
    endConversation(made.convo());
  });
  await flush();
  made.posted.length = 0;
  return { ...made, leader };
}

const sendTexts = (made: Awaited<ReturnType<typeof setup>>) =>
  made.transport.callsOf('send').map((call) => (call.args[1] as { text: string }).text);

describe('leader', () => {
  it('answers a tab message with a state message at once, and keeps the tab among its peers until bye', async () => {
    const { leader, state, posted, peers } = await setup();
    leader.receive({ type: 'tab', tab: 'other-tab', open: false, visible: true });
    expect(posted).toEqual([{ type: 'state', state: snapshot(state) }]);
    expect(peers.get('other-tab')).toMatchObject({ open: false, visible: true });
    leader.receive({ type: 'bye', tab: 'other-tab' });
    expect(peers.size).toBe(0);
  });

  it("answers only a new tab with its state: the others' reports (focus, typing, pointing) are not answered", async () => {
    const { leader, postedOf } = await setup();
    for (let i = 0; i < 5; i++) leader.receive({ type: 'tab', tab: 'other-tab', open: false, visible: true });
    await flush();
    expect(postedOf('state')).toHaveLength(1);
    leader.receive({ type: 'tab', tab: 'third-tab', open: false, visible: true });
    expect(postedOf('state')).toHaveLength(2);
  });

  it('loads the conversation and reads what was unread when another tab shows the chat open', async () => {
    const { leader, state, transport, postedOf } = await setup();
    transport.seed(2);
    state.unread.value = 2;
    leader.receive({ type: 'tab', tab: 'other-tab', open: true, visible: true });
    await flush();
    expect(transport.names().slice(0, 3)).toEqual(['register', 'config', 'latest']);
    expect([state.unread.value, state.loaded.value]).toEqual([0, true]);
    expect(postedOf('state').at(-1)?.state).toMatchObject({ unread: 0, loaded: true });
  });

  it('tells the other tabs its state once per task after changes, and its events as plain data', async () => {
    const { leader, state, events, posted, postedOf } = await setup();
    leader.receive({ type: 'tab', tab: 'other-tab', open: false, visible: true });
    posted.length = 0;
    state.unread.value = 3;
    state.sticky.value = 'Back at 9';
    await flush();
    expect(postedOf('state').map((m) => [m.state.unread, m.state.sticky])).toEqual([[3, 'Back at 9']]);

    posted.length = 0;
    const detail = { message: serverMessage('1'), direction: 'in' as const };
    events.emit('message', detail);
    events.emit('error', new TransportError('forbidden', 'no', { status: 403 }));
    expect(posted).toEqual([
      { type: 'message', detail },
      { type: 'error', error: { kind: 'forbidden', message: 'no', details: { status: 403 } } },
    ]);

    leader.retire();
    posted.length = 0;
    state.unread.value = 4;
    events.emit('message', detail);
    await flush();
    expect(posted).toEqual([]);
  });

  it('alone, posts no state: a tab that joins is told it then', async () => {
    const { leader, state, posted, postedOf } = await setup();
    state.unread.value = 3;
    await flush();
    expect(posted).toEqual([]);
    leader.receive({ type: 'tab', tab: 'late-tab', open: false, visible: true });
    expect(postedOf('state').map((m) => m.state.unread)).toEqual([3]);
  });

  it('stores and sends a message another tab handed over, under its device id when it has none', async () => {
    const made = await setup({ deviceId: null });
    const { leader, state, cache, transport, postedOf } = made;
    const entry = outboxEntry('theirs', 'from the other tab');
    const answer = transport.holdAnswer('send');
    leader.receive({ type: 'outbox', entry, device: 'device-5678' });
    await answer.started;
    expect(state.deviceId.value).toBe('device-5678');
    expect(await cache.device()).toBe('device-5678');
    expect((await cache.outbox('device-5678').read()).entries.map((e) => e.id)).toEqual([entry.id]);
    expect(sendTexts(made)).toEqual(['from the other tab']);

    answer.release();
    await flush();
    expect(postedOf('settled')).toEqual([{ type: 'settled', id: entry.id, error: undefined }]);
    expect(state.messages.value.map((m) => [m.text, m.status])).toEqual([['from the other tab', 'sent']]);
  });

  it('sends in the order written when a message is handed over while it reads the outbox it took over', async () => {
    const made = await setup();
    const { leader, cache, convo } = made;
    // Stored while this tab followed (the leader it handed to had gone), then one more as it began to lead.
    const earlier = outboxEntry('earlier', 'written first');
    const later = outboxEntry('later', 'written second');
    await cache.outbox(DEVICE).add(earlier);
    await cache.outbox(DEVICE).add(later);
    const reading = readOutbox(convo(), true);
    leader.deliver(later);
    await reading;
    await flush();
    expect(sendTexts(made)).toEqual(['written first', 'written second']);
  });

  it('sends a failed message again when another tab retries it', async () => {
    const made = await setup();
    const { leader, cache, convo, state } = made;
    const failed = outboxEntry('failed', 'try me again', { failed: 'invalid', attempts: 1 });
    await cache.outbox(DEVICE).add(failed);
    await readOutbox(convo(), false);
    leader.receive({ type: 'retry', id: failed.id });
    await flush();
    expect(sendTexts(made)).toEqual(['try me again']);
    expect(state.messages.value.map((m) => m.status)).toEqual(['sent']);
  });

  it('deletes a message another tab cancels: off the list and the store, its callers and the tabs told', async () => {
    const { leader, cache, convo, state, postedOf, transport } = await setup();
    state.connection.value = 'offline'; // it waits, not sent
    const entry = outboxEntry('pending', 'never mind');
    await cache.outbox(DEVICE).add(entry);
    await readOutbox(convo(), false);
    const waiting = convo().waiters.wait(entry.id);
    leader.receive({ type: 'cancel', id: entry.id });
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(state.messages.value).toEqual([]);
    expect((await cache.outbox(DEVICE).read()).entries).toEqual([]);
    expect(postedOf('settled')).toEqual([{ type: 'settled', id: entry.id, error: 'cancelled' }]);
    expect(transport.count('send')).toBe(0);
  });

  it('loads older messages for another tab, and resume clears a refusal and polls again', async () => {
    const { leader, state, transport, convo } = await setup();
    transport.seed(60);
    await connect(convo());
    leader.receive({ type: 'older' });
    await flush();
    expect(transport.callsOf('older').map((call) => call.args[1])).toEqual(['11']);
    expect(state.messages.value).toHaveLength(60);

    state.error.value = new TransportError('unauthorized', 'log in');
    convo().poller.stop();
    const polls = transport.count('newer');
    leader.receive({ type: 'resume' });
    await flush();
    expect(state.error.value).toBeNull();
    expect(transport.count('newer')).toBe(polls + 1);
  });

  it('a reset in another tab forgets the conversation, wipes what was stored and loads a new one if open', async () => {
    const { leader, state, cache, forget, transport, convo } = await setup();
    const old = convo();
    await cache.claimDevice(DEVICE);
    await cache.saveConversation(DEVICE, cachedConversation([serverMessage('1')], 1));
    await cache.outbox(DEVICE).add(outboxEntry('old'));
    state.isOpen.value = true;
    leader.receive({ type: 'reset' });
    await flush();
    expect(forget).toHaveBeenCalledTimes(1);
    expect(old.scope.alive).toBe(false);
    expect(await cache.conversation(DEVICE)).toBeNull();
    expect((await cache.outbox(DEVICE).read()).entries).toEqual([]);
    // The chat is open here: the new conversation loads, with a new device id.
    expect(state.deviceId.value).not.toBe(DEVICE);
    expect(transport.lastContext('register')?.deviceId).toBe(state.deviceId.value);
    expect(await cache.device()).toBe(state.deviceId.value);
  });
});
