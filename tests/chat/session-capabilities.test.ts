import { describe, expect, it } from 'vitest';
import { MessageRejectedError } from '../../src/chat/errors';
import { ImageRejectedError } from '../../src/chat/image';
import { FakeTransport } from '../helpers/fake-transport';
import { advance, flush, openSession, useSessionHarness } from './harness';

useSessionHarness();

const PNG = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])], {
  type: 'image/png',
});

describe("the transport's capabilities", () => {
  it('are the defaults where the transport declares none', async () => {
    const { session } = await openSession();
    expect(session.capabilities()).toEqual({
      typingExpiresMs: 30_000,
      maxImageBytes: 10_000_000,
      maxTextLength: 5_000,
    });
  });

  it('limit the text: one character over the declared length is refused, with the limit in its message', async () => {
    const transport = new FakeTransport();
    transport.capabilities = { maxTextLength: 100 };
    const { session } = await openSession({ transport });
    const refused = session.send('x'.repeat(101));
    await expect(refused).rejects.toBeInstanceOf(MessageRejectedError);
    await expect(refused).rejects.toThrow('longer than 100 characters');
    await expect(session.send('x'.repeat(100))).resolves.toBeUndefined();
    expect(transport.conversation.map((m) => m.text?.length)).toEqual([100]);
  });

  it('a backend that takes no images refuses every image before anything is queued', async () => {
    const transport = new FakeTransport();
    transport.capabilities = { maxImageBytes: 0 };
    const { session } = await openSession({ transport });
    await expect(session.sendImage(PNG)).rejects.toEqual(new ImageRejectedError('unsupported'));
    await flush();
    expect(session.messages.value).toEqual([]);
    expect(transport.names()).not.toContain('send');
  });

  it('typing follows the declared expiry: with 9 s, it starts again after 6 s of typing', async () => {
    const transport = new FakeTransport('parley');
    transport.capabilities = { typingExpiresMs: 9_000 };
    const { session } = await openSession({ transport });
    const starts = () => transport.names().filter((n) => n === 'startTyping').length;
    session.typing();
    await advance(5_000);
    session.typing();
    await flush();
    expect(starts()).toBe(1);
    await advance(1_000);
    session.typing();
    await flush();
    expect(starts()).toBe(2);
  });

  it('a transport without startTyping and stopTyping is told nothing of typing, and nothing fails', async () => {
    const transport = Object.assign(new FakeTransport(), { startTyping: undefined, stopTyping: undefined });
    const { session, errors } = await openSession({ transport });
    session.typing();
    await advance(20_000);
    session.close();
    await flush();
    expect(errors).toEqual([]);
    await expect(session.send('still sends')).resolves.toBeUndefined();
  });
});
