import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ImageRejectedError, MAX_IMAGE_BYTES } from '../../src/chat/image';
import { advance, flush, openSession, useSessionHarness } from './harness';

useSessionHarness();

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0];
const GIF = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0, 0, 0, 0, 0];
const file = (head: number[], size = head.length, type = 'image/png') =>
  new Blob([new Uint8Array(head), new Uint8Array(Math.max(0, size - head.length))], { type });

// happy-dom cannot decode images: a small bitmap stands in, so nothing needs scaling.
beforeEach(() => vi.stubGlobal('createImageBitmap', async () => ({ width: 800, height: 600, close() {} })));
afterEach(() => vi.unstubAllGlobals());

describe('sendImage', () => {
  it('shows the picked image at once as a pending message, uploads it as a Blob, and keeps the bytes when sent', async () => {
    const { session, transport } = await openSession();
    const photo = file(PNG, 2000);
    const answer = transport.holdAnswer('send');
    const sending = session.sendImage(photo);
    await answer.started;
    await flush();
    expect(session.messages.value).toHaveLength(1);
    expect(session.messages.value[0]).toMatchObject({
      from: 'user',
      text: null,
      file: photo,
      status: 'pending',
      progress: 0.5,
    });
    expect(transport.callsOf('send')[0]!.args[1]).toEqual({ image: photo });

    answer.release();
    await sending;
    await advance(100); // a backend that gives no id confirms it by the listed copy
    expect(session.messages.value[0]).toMatchObject({
      id: transport.conversation.at(-1)!.id,
      status: 'sent',
      file: photo,
    });
    expect(session.messages.value[0]!.progress).toBeUndefined();
  });

  it('refuses anything that is not JPEG, PNG, GIF or WebP by its bytes, whatever its name or type says', async () => {
    const { session, transport } = await openSession();
    const fake = new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>'], { type: 'image/png' });
    await expect(session.sendImage(fake)).rejects.toMatchObject({ name: 'ImageRejectedError', reason: 'unsupported' });
    expect(session.messages.value).toEqual([]);
    expect(transport.count('send')).toBe(0);
  });

  it('refuses a GIF over the limit, since a GIF is never re-encoded', async () => {
    const { session, transport } = await openSession();
    const gif = file(GIF, MAX_IMAGE_BYTES + 1, 'image/gif');
    await expect(session.sendImage(gif)).rejects.toBeInstanceOf(ImageRejectedError);
    expect(session.messages.value).toEqual([]);
    expect(transport.count('send')).toBe(0);
  });

  it('an image with a caption goes first, the caption second, though checking the image takes a moment', async () => {
    const { session, transport } = await openSession();
    await Promise.all([session.sendImage(file(PNG)), session.send('my router')]);
    expect(transport.callsOf('send').map((c) => Object.keys(c.args[1] as object)[0])).toEqual(['image', 'text']);
    expect(session.messages.value.map((m) => m.text)).toEqual([null, 'my router']);
  });

  it('a failed upload keeps the image, marked failed, and retry sends the same bytes', async () => {
    const { session, transport } = await openSession();
    const photo = file(PNG, 500);
    transport.failNext('send', 'tooLarge');
    await expect(session.sendImage(photo)).rejects.toMatchObject({ kind: 'tooLarge' });
    expect(session.messages.value[0]).toMatchObject({ status: 'failed', file: photo });

    await session.retry(session.messages.value[0]!.id);
    expect(transport.callsOf('send').map((c) => c.args[1])).toEqual([{ image: photo }, { image: photo }]);
    expect(session.messages.value).toHaveLength(1);
    expect(session.messages.value[0]).toMatchObject({ status: 'sent' });
  });

  it('an image the browser cannot decode is removed and rejected, not left failing forever', async () => {
    vi.stubGlobal('createImageBitmap', async () => Promise.reject(new DOMException('broken', 'InvalidStateError')));
    const { session, transport } = await openSession();
    await expect(session.sendImage(file(PNG))).rejects.toMatchObject({ reason: 'unsupported' });
    expect(session.messages.value).toEqual([]);
    expect(transport.count('send')).toBe(0);
  });
});

describe('cancel', () => {
  it('aborts an upload in progress and removes the message', async () => {
    const { session, transport } = await openSession();
    const held = transport.hold('send');
    const sending = session.sendImage(file(PNG));
    await held.started;
    const { id } = session.messages.value[0]!;
    session.cancel(id);
    await expect(sending).rejects.toMatchObject({ name: 'AbortError' });
    expect(session.messages.value).toEqual([]);
    expect(transport.conversation).toEqual([]);
  });

  it('removes a message still waiting behind another, which is never sent', async () => {
    const { session, transport } = await openSession();
    const held = transport.hold('send');
    const first = session.send('first');
    const second = session.sendImage(file(PNG));
    await held.started;
    await flush();
    session.cancel(session.messages.value[1]!.id);
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    held.release();
    await first;
    expect(transport.callsOf('send')).toHaveLength(1);
    expect(session.messages.value.map((m) => m.text)).toEqual(['first']);
  });

  it('removes a failed message', async () => {
    const { session, transport } = await openSession();
    transport.failNext('send', 'invalid');
    await session.send('oops').catch(() => {});
    session.cancel(session.messages.value[0]!.id);
    expect(session.messages.value).toEqual([]);
  });
});

describe('fetchImage', () => {
  it('fetches the bytes of a message image through the transport, with the device id', async () => {
    const { session, transport } = await openSession();
    const blob = await session.fetchImage('media/1.png');
    expect(blob).toBeInstanceOf(Blob);
    expect((blob as Blob).type).toBe('image/png');
    expect(transport.lastContext('fetchImage')?.deviceId).toBe(session.deviceId.value);
  });
});
