// The conformance suite of the Transport contract (src/transport/types.ts): what the session relies on, checked
// against any adapter with its fake backend. An adapter's test file calls `transportConformance` with a
// `ConformanceBackend`; the suite needs nothing of the backend's wire format.
import { describe, expect, it } from 'vitest';
import { isTransportError, type Message, type RequestContext, type Transport } from '../../src/transport/types';

export type Fault =
  | { kind: 'server' }
  | { kind: 'rateLimited'; retryAfterS: number }
  | { kind: 'notRegistered' }
  /** The answer comes only after `delayMs`. */
  | { kind: 'slow'; delayMs: number };

export interface ConformanceBackend {
  /** A transport to the backend whose calls give up after `timeoutMs`. */
  transport(options: { timeoutMs: number }): Transport;
  /** `count` earlier messages of the visitor in the conversation of `deviceId`, oldest first. */
  seed(deviceId: string, count: number): Promise<void>;
  /** The agent writes `text` to the visitor of `deviceId`. */
  agentWrites(deviceId: string, text: string): Promise<void>;
  /** The backend's next answer fails so. */
  fault(fault: Fault): Promise<void>;
  /** Whether the transport's own timeout is tested (an in-memory fake has none to give up on). */
  timesOut: boolean;
}

let devices = 0;
const visitor = (): RequestContext => ({ deviceId: `conformance-${Date.now().toString(36)}-${++devices}` });

/** Every message of the conversation, from the latest page back through `older` to the first. */
async function everything(transport: Transport, ctx: RequestContext): Promise<Message[]> {
  let page = await transport.latest(ctx);
  const all = [...page.messages];
  while (page.hasOlder && page.messages.length) {
    page = await transport.older(ctx, all[0]!.id);
    all.unshift(...page.messages);
  }
  return all;
}

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('it resolved');
    },
    (error: unknown) => error,
  );

export function transportConformance(name: string, backend: ConformanceBackend): void {
  describe(`the transport contract: ${name}`, () => {
    const connected = async () => {
      const transport = backend.transport({ timeoutMs: 2_000 });
      const ctx = visitor();
      await transport.register(ctx);
      return { transport, ctx };
    };

    it('register may be called again for the same device', async () => {
      const { transport, ctx } = await connected();
      await expect(transport.register(ctx)).resolves.toBeUndefined();
      await expect(transport.latest(ctx)).resolves.toMatchObject({ messages: [] });
    });

    it('lists what was sent and what the agent wrote, oldest first, each once, with the id send gave', async () => {
      const { transport, ctx } = await connected();
      const first = await transport.send(ctx, { text: 'first' });
      await backend.agentWrites(ctx.deviceId, 'an answer');
      const second = await transport.send(ctx, { text: 'second' });
      const { messages } = await transport.latest(ctx);
      expect(messages.map((m) => [m.from, m.text])).toEqual([
        ['user', 'first'],
        ['agent', 'an answer'],
        ['user', 'second'],
      ]);
      expect(messages.map((m) => m.id)).toEqual([first.id, expect.any(String), second.id]);
      expect(new Set(messages.map((m) => m.id)).size).toBe(3);
      expect(messages.every((m) => !m.id.startsWith('local:'))).toBe(true);
    });

    it('newer gives everything after its cursor and nothing before it', async () => {
      const { transport, ctx } = await connected();
      const { id } = await transport.send(ctx, { text: 'cursor' });
      for (let i = 1; i <= 3; i++) await backend.agentWrites(ctx.deviceId, `after ${i}`);
      const page = await transport.newer(ctx, id);
      expect(page.messages.map((m) => m.text)).toEqual(['after 1', 'after 2', 'after 3']);
      const last = page.messages.at(-1)!.id;
      expect((await transport.newer(ctx, last)).messages).toEqual([]);
    });

    it('older pages reach the first message: every message once, in order, and then nothing older', async () => {
      const { transport, ctx } = await connected();
      await backend.seed(ctx.deviceId, 120);
      const latest = await transport.latest(ctx);
      expect(latest.hasOlder).toBe(true);
      const all = await everything(transport, ctx);
      expect(all.map((m) => m.text)).toEqual(Array.from({ length: 120 }, (_, i) => `Message ${i + 1}`));
      expect(new Set(all.map((m) => m.id)).size).toBe(120);
    });

    it('a cancelled call rejects with its AbortError, never a TransportError', async () => {
      const { transport, ctx } = await connected();
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(transport.latest({ ...ctx, signal: controller.signal }));
      expect(isTransportError(error)).toBe(false);
      expect((error as Error).name).toBe('AbortError');
    });

    it('a server error, a rate limit (with its wait) and an unknown device are their kinds', async () => {
      const { transport, ctx } = await connected();
      await backend.fault({ kind: 'server' });
      expect(await rejection(transport.latest(ctx))).toMatchObject({ name: 'TransportError', kind: 'server' });
      await backend.fault({ kind: 'rateLimited', retryAfterS: 2 });
      expect(await rejection(transport.latest(ctx))).toMatchObject({
        kind: 'rateLimited',
        details: { retryAfterMs: 2_000 },
      });
      await backend.fault({ kind: 'notRegistered' });
      expect(await rejection(transport.send(ctx, { text: 'x' }))).toMatchObject({ kind: 'notRegistered' });
    });

    it.skipIf(!backend.timesOut)('a call slower than its timeout fails as a timeout', async () => {
      const transport = backend.transport({ timeoutMs: 200 });
      const ctx = visitor();
      await transport.register(ctx);
      await backend.fault({ kind: 'slow', delayMs: 1_000 });
      expect(await rejection(transport.latest(ctx))).toMatchObject({ kind: 'timeout' });
    });
  });
}
