// The backend ended the conversation (the `ended` error kind): the visitor is told and offered a new one, and what
// they wrote after the end goes into the new conversation, not lost.
import { describe, expect, it, vi } from 'vitest';
import { mountOpen, pollNow, typeInto, press, useElementHarness } from './harness';

useElementHarness();

describe('an ended conversation', () => {
  it('says so, stops polling, keeps what the visitor writes, and starts a new conversation with it', async () => {
    const m = await mountOpen();
    m.transport.addAgentMessage('Goodbye!');
    pollNow();
    await vi.waitFor(() => expect(m.parts('message')).toHaveLength(1));
    m.transport.ended = true;
    pollNow();
    await vi.waitFor(() => expect(m.part('banner')?.textContent).toContain('This conversation has ended.'));
    expect(m.events.filter((e) => e.type === 'parley-error').map((e) => e.detail.code)).toEqual(['ended']);
    const polls = m.transport.count('newer') + m.transport.count('latest');

    typeInto(m.part('input')!, 'One more question');
    await vi.waitFor(() => expect((m.part('send') as HTMLButtonElement).disabled).toBe(false));
    press(m.part('input')!, 'Enter');
    await vi.waitFor(() => expect(m.part('user')?.dataset.status).toBe('pending'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(m.transport.count('send')).toBe(0);
    expect(m.transport.count('newer') + m.transport.count('latest')).toBe(polls);

    // The backend starts a new conversation for a new device.
    m.transport.ended = false;
    m.transport.conversation = [];
    const button = m.part('banner')!.querySelector('button')!;
    expect(button.textContent).toBe('Start a new conversation');
    const oldDevice = m.transport.lastContext('register')!.deviceId;
    button.click();
    await vi.waitFor(() => expect(m.transport.conversation.map((c) => c.text)).toEqual(['One more question']));
    expect(m.transport.lastContext('send')!.deviceId).not.toBe(oldDevice);
    await vi.waitFor(() => expect(m.part('banner')).toBeNull());
    expect(m.parts('message').map((p) => p.querySelector('[part~="text"]')?.textContent)).toEqual([
      'One more question',
    ]);
  });
});
