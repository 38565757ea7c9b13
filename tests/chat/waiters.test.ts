import { describe, expect, it } from 'vitest';
import { createWaiters } from '../../src/chat/waiters';
import { TransportError } from '../../src/transport/types';

/** Whether the promise has settled by now, and how. */
async function outcome(promise: Promise<void>): Promise<string> {
  let result = 'waiting';
  promise.then(
    () => (result = 'sent'),
    (e: unknown) => (result = e instanceof Error ? `${e.name}: ${e.message}` : 'rejected'),
  );
  for (let i = 0; i < 3; i++) await Promise.resolve();
  return result;
}

describe('waiters', () => {
  it('resolves every caller waiting for a message when it was sent, and no one else', async () => {
    const waiters = createWaiters();
    const first = waiters.wait('local:a');
    const second = waiters.wait('local:a');
    const other = waiters.wait('local:b');
    waiters.settle('local:a');
    expect(await Promise.all([outcome(first), outcome(second), outcome(other)])).toEqual(['sent', 'sent', 'waiting']);
  });

  it('rejects the callers with the outcome when the message failed or was deleted', async () => {
    const waiters = createWaiters();
    const failed = waiters.wait('local:a');
    const deleted = waiters.wait('local:b');
    waiters.settle('local:a', new TransportError('invalid', 'refused'));
    waiters.settle('local:b', new DOMException('Cancelled.', 'AbortError'));
    await expect(failed).rejects.toBeInstanceOf(TransportError);
    await expect(deleted).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('ids lists the messages someone waits for; a settled one leaves, and settling it again does nothing', async () => {
    const waiters = createWaiters();
    expect(waiters.ids()).toEqual([]);
    const a = waiters.wait('local:a');
    void waiters.wait('local:b');
    expect(waiters.ids()).toEqual(['local:a', 'local:b']);
    waiters.settle('local:a');
    waiters.settle('local:a', new Error('late'));
    waiters.settle('local:unknown');
    expect(waiters.ids()).toEqual(['local:b']);
    expect(await outcome(a)).toBe('sent');
  });

  it('a caller waiting after the message settled waits for the next outcome (a retry)', async () => {
    const waiters = createWaiters();
    const first = waiters.wait('local:a');
    waiters.settle('local:a', new TransportError('server', 'down'));
    const retry = waiters.wait('local:a');
    expect(await outcome(retry)).toBe('waiting');
    waiters.settle('local:a');
    expect([await outcome(first), await outcome(retry)]).toEqual(['TransportError: down', 'sent']);
  });
});
