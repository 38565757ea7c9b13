import { describe, expect, it } from 'vitest';
import { MessageRejectedError } from '../../src/chat/errors';
import { TransportError } from '../../src/transport/types';
import { advance, countText, flush, makeSession, openSession, useSessionHarness } from './harness';

useSessionHarness();

describe('send', () => {
  it('adds a pending message before the server answers, which turns sent with the server id', async () => {
    const { session, transport, events } = await openSession();
    const answer = transport.holdAnswer('send');
    const sending = session.send('hi');
    await flush();
    const [pending] = session.messages.value;
    expect(session.messages.value).toHaveLength(1);
    expect(pending).toMatchObject({ from: 'user', text: 'hi', status: 'pending' });
    expect(events).toEqual([]);

    answer.release();
    await sending;
    await advance(100); // a backend that gives no id confirms it by the listed copy
    const serverId = transport.conversation.at(-1)!.id;
    expect(session.messages.value).toHaveLength(1);
    expect(session.messages.value[0]).toMatchObject({ id: serverId, from: 'user', text: 'hi', status: 'sent' });
    expect(events.map((e) => [e.direction, e.message.text, e.message.id])).toEqual([['out', 'hi', serverId]]);
  });

  it('sends the text trimmed', async () => {
    const { session, transport } = await openSession();
    await session.send('  hello there \n');
    expect(transport.callsOf('send')[0]!.args[1]).toEqual({ text: 'hello there' });
  });

  it('the polled copy does not duplicate a message whose send answered first', async () => {
    const { session, transport, events } = await openSession();
    transport.addAgentMessage('Hi, how can I help?');
    await advance(10_000);
    // A poll goes out before the send; the server answers it only after the send was confirmed.
    const poll = transport.hold('newer');
    await advance(10_000);
    await poll.started;
    await session.send('hi');
    expect(countText(session, 'hi')).toBe(1);
    poll.release();
    await advance(10_000);
    expect(countText(session, 'hi')).toBe(1);
    expect(session.messages.value.find((m) => m.text === 'hi')?.status).toBe('sent');
    expect(events.filter((e) => e.direction === 'out')).toHaveLength(1);
  });

  it('the polled copy does not duplicate a message whose send answers after the poll', async () => {
    const { session, transport, events } = await openSession();
    transport.addAgentMessage('Hi, how can I help?');
    await advance(10_000);
    const answer = transport.holdAnswer('send');
    const sending = session.send('hi');
    await answer.started;
    await advance(10_000); // the poll returns the message the server already has
    expect(transport.count('newer')).toBeGreaterThan(0);
    expect(countText(session, 'hi')).toBe(1);
    // The polled copy replaced the local one.
    expect(session.messages.value.find((m) => m.text === 'hi')!.id).toBe(transport.conversation.at(-1)!.id);

    answer.release();
    await sending;
    await advance(10_000);
    expect(countText(session, 'hi')).toBe(1);
    const hi = session.messages.value.find((m) => m.text === 'hi')!;
    expect(hi.id).toBe(transport.conversation.at(-1)!.id);
    expect(hi.status).toBe('sent');
    expect(events.filter((e) => e.direction === 'out')).toHaveLength(1);
  });

  it('a send the server refuses keeps the message as failed, rejects with the TransportError, emits error; retry sends it', async () => {
    const { session, transport, errors } = await openSession();
    transport.failNext('send', 'invalid');
    const sending = session.send('hi');
    await expect(sending).rejects.toBeInstanceOf(TransportError);
    await expect(sending).rejects.toMatchObject({ kind: 'invalid' });
    expect(session.messages.value).toHaveLength(1);
    const failed = session.messages.value[0]!;
    expect(failed).toMatchObject({ text: 'hi', status: 'failed', from: 'user' });
    expect(errors.map((e) => e.kind)).toEqual(['invalid']);

    await session.retry(failed.id);
    await advance(100);
    expect(transport.count('send')).toBe(2);
    expect(session.messages.value).toHaveLength(1);
    expect(session.messages.value[0]).toMatchObject({
      text: 'hi',
      status: 'sent',
      id: transport.conversation.at(-1)!.id,
    });
  });

  it('rejects empty and too long text without sending anything', async () => {
    const { session, transport } = await openSession();
    for (const text of ['', '   ', '\n\t ']) {
      const error = await session.send(text).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MessageRejectedError);
      expect((error as MessageRejectedError).reason).toBe('empty');
    }
    const tooLong = await session.send('x'.repeat(5001)).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(MessageRejectedError);
    expect((tooLong as MessageRejectedError).reason).toBe('tooLong');
    await flush();
    expect(transport.count('send')).toBe(0);
    expect(session.messages.value).toEqual([]);

    await session.send('x'.repeat(5000));
    expect(transport.count('send')).toBe(1);
    expect(session.messages.value[0]!.text).toHaveLength(5000);
  });

  it('sends one message at a time, in order', async () => {
    const { session, transport } = await openSession();
    const first = transport.holdAnswer('send');
    const a = session.send('a');
    const b = session.send('b');
    const c = session.send('c');
    await flush();
    expect(transport.count('send')).toBe(1);
    expect(session.messages.value.map((m) => [m.text, m.status])).toEqual([
      ['a', 'pending'],
      ['b', 'pending'],
      ['c', 'pending'],
    ]);
    first.release();
    await Promise.all([a, b, c]);
    expect(transport.callsOf('send').map((call) => call.args[1])).toEqual([
      { text: 'a' },
      { text: 'b' },
      { text: 'c' },
    ]);
    expect(session.messages.value.map((m) => [m.text, m.status])).toEqual([
      ['a', 'sent'],
      ['b', 'sent'],
      ['c', 'sent'],
    ]);
  });

  it('a failed message does not block the ones after it', async () => {
    const { session, transport } = await openSession();
    transport.failNext('send', 'invalid');
    const a = session.send('a').catch((e: unknown) => e);
    const b = session.send('b');
    expect(await a).toBeInstanceOf(TransportError);
    await b;
    const status = Object.fromEntries(session.messages.value.map((m) => [m.text, m.status]));
    expect(status).toEqual({ a: 'failed', b: 'sent' });
    expect(transport.callsOf('send').map((call) => call.args[1])).toEqual([{ text: 'a' }, { text: 'b' }]);
  });

  it('sending before the chat was opened connects first (register before send)', async () => {
    const { session, transport } = makeSession();
    await session.ready;
    await session.send('hello');
    const names = transport.names();
    expect(names.indexOf('register')).toBe(0);
    expect(names.indexOf('send')).toBeGreaterThan(names.indexOf('latest'));
    expect(session.messages.value.map((m) => [m.text, m.status])).toEqual([['hello', 'sent']]);
  });
});
