// A store that never answers: some WebViews and privacy modes leave `indexedDB.open` without success or error.
import { describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../helpers/fake-transport';
import { advance, texts, useSessionHarness } from './harness';

useSessionHarness();

/** An open request that never fires anything. */
const neverAnswers = () => ({}) as IDBOpenDBRequest;

/** `browserStore()` is shared per module: a fresh session module gets a fresh store, made after the stub. */
async function freshSessionModule() {
  vi.resetModules();
  return import('../../src/chat/session');
}

describe('when IndexedDB never answers', () => {
  it('the default store gives up waiting within 2 s: the session registers, loads, sends and receives', async () => {
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(neverAnswers);
    const { createChatSession } = await freshSessionModule();
    const transport = new FakeTransport();
    transport.addAgentMessage('Welcome!');
    const session = createChatSession({ transport, storageKey: 'never-answers' });
    try {
      session.open();
      await advance(2_000);
      expect(open).toHaveBeenCalledWith('parley-chat');
      expect(transport.names()[0]).toBe('register');
      expect(session.loadState.value).toBe('ready');
      expect(texts(session)).toEqual(['Welcome!']);

      const sending = session.send('hello');
      await advance(2_000);
      await sending;
      expect(transport.conversation.map((m) => m.text)).toEqual(['Welcome!', 'hello']);

      transport.addAgentMessage('How can I help?');
      await advance(10_000);
      expect(texts(session)).toEqual(['Welcome!', 'hello', 'How can I help?']);
      expect(session.messages.value.at(-2)?.status).toBe('sent');
    } finally {
      session.dispose();
    }
  });
});
