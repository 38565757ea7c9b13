import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAdmission } from '../../src/chat/admission';
import { endConversation } from '../../src/chat/conversation';
import { MAX_TEXT_LENGTH, MessageRejectedError } from '../../src/chat/errors';
import { ImageRejectedError, imageFile } from '../../src/chat/image';
import type { OutboxEntry } from '../../src/chat/outbox';
import { DEVICE, roleSetup } from '../helpers/roles';
import { flush } from './harness';

// The image checks are a chunk loaded when first needed: loaded before, the tests time the widget, not the loader.
beforeAll(() => imageFile());

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const GIF = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0, 0, 0, 0, 0]);

function setup({ started = Promise.resolve() as Promise<unknown>, deviceId = DEVICE as string | null } = {}) {
  const made = roleSetup({ deviceId });
  const delivered: [OutboxEntry, Blob | undefined][] = [];
  const deliver = vi.fn((entry: OutboxEntry, image?: Blob) => void delivered.push([entry, image]));
  const admit = createAdmission({ state: made.state, cache: made.cache, started, conversation: made.convo, deliver });
  const stored = async () => (await made.cache.outbox(made.state.deviceId.value ?? DEVICE).read()).entries;
  const shown = () => made.state.messages.value.map((m) => [m.text, m.status]);
  return { ...made, admit, deliver, delivered, stored, shown };
}

/** Whether the promise has settled by now. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await flush();
  return done;
}

describe('admission', () => {
  it('stores a text in the outbox before it shows and is delivered; it resolves when it was sent', async () => {
    const { admit, stored, shown, delivered, deliver, convo, state } = setup();
    state.messages.value = [];
    const sending = admit.text('  hi  ');
    expect(shown()).toEqual([]); // a text shows once it is stored
    await flush();
    const [entry] = await stored();
    expect(entry).toMatchObject({ text: 'hi', attempts: 0 });
    expect(shown()).toEqual([['hi', 'pending']]);
    expect(delivered).toEqual([[entry, undefined]]);
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(convo().own.has(entry!.id)).toBe(true);

    expect(await settled(sending)).toBe(false);
    convo().settle(entry!.id);
    await expect(sending).resolves.toBeUndefined();
  });

  it('admits messages in the order written, once the stored state has been read, with a device id', async () => {
    let read!: () => void;
    const started = new Promise<void>((resolve) => (read = resolve));
    const { admit, delivered, state, cache } = setup({ started, deviceId: null });
    void admit.text('one');
    void admit.image(new Blob([GIF], { type: 'image/gif' }));
    void admit.text('three');
    await flush();
    expect(delivered).toEqual([]);
    read();
    await flush();
    expect(delivered.map(([entry, image]) => [entry.text, image?.type])).toEqual([
      ['one', undefined],
      [null, 'image/gif'],
      ['three', undefined],
    ]);
    expect(state.deviceId.value).toMatch(/^[0-9a-f-]{36}$/);
    expect(await cache.device()).toBe(state.deviceId.value);
  });

  it('refuses an empty or too long text, or a file that is no image, and queues nothing', async () => {
    const { admit, stored, shown, delivered } = setup();
    await expect(admit.text('   ')).rejects.toMatchObject({ reason: 'empty' });
    await expect(admit.text('x'.repeat(MAX_TEXT_LENGTH + 1))).rejects.toBeInstanceOf(MessageRejectedError);
    const svg = new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>'], { type: 'image/png' });
    await expect(admit.image(svg)).rejects.toBeInstanceOf(ImageRejectedError);
    // A refused message does not hold up the next one.
    void admit.text('fine');
    await flush();
    expect(shown()).toEqual([['fine', 'pending']]);
    expect((await stored()).map((e) => e.text)).toEqual(['fine']);
    expect(delivered).toHaveLength(1);
  });

  it('shows an image at once with the picked bytes, before it is stored', async () => {
    const { admit, state, stored } = setup();
    const picked = new Blob([GIF], { type: 'image/gif' });
    void admit.image(picked);
    await flush();
    const [message] = state.messages.value;
    expect(message).toMatchObject({ text: null, status: 'pending', file: picked });
    expect((await stored()).map((e) => e.id)).toEqual([message?.id]);
  });

  it('a message whose conversation ended before it was stored rejects, is not stored and is not delivered', async () => {
    const { admit, stored, shown, delivered, convo } = setup();
    const outcome = admit.text('too late').catch((e: Error) => e.name);
    endConversation(convo());
    await flush();
    expect(await outcome).toBe('AbortError');
    expect(delivered).toEqual([]);
    expect(await stored()).toEqual([]);
    expect(shown()).toEqual([]);
  });
});
