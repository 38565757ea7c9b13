// The conformance suite of the Transport contract (src/transport/types.ts): what the session relies on, checked
// against any adapter with its fake backend. An adapter's test file calls `transportConformance` with a
// `ConformanceBackend`; the suite needs nothing of the backend's wire format.
import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../../src/chat/capabilities';
import { compareIds } from '../../src/chat/messages';
import { isTransportError, type Message, type RequestContext, type Transport } from '../../src/transport/types';

export type Fault =
  | { kind: 'server' }
  | { kind: 'rateLimited'; retryAfterS: number }
  | { kind: 'notRegistered' }
  | { kind: 'unauthorized' }
  /** The connection closes without an answer. */
  | { kind: 'dropped' }
  /** The answer comes only after `delayMs`. */
  | { kind: 'slow'; delayMs: number };

export interface ConformanceBackend {
  /** A transport to the backend whose calls give up after `timeoutMs`. */
  transport(options: { timeoutMs: number }): Transport;
  /** `count` earlier messages of the visitor in the conversation of `deviceId` ("Message 1", …), oldest first. */
  seed(deviceId: string, count: number): Promise<void>;
  /** The agent writes `text` to the visitor of `deviceId`. */
  agentWrites(deviceId: string, text: string): Promise<void>;
  /** The backend's next answer fails so. */
  fault(fault: Fault): Promise<void>;
  /** Whether the transport's own timeout is tested (an in-memory fake has none to give up on). */
  timesOut: boolean;
  /** Whether the transport marks seen and counts unseen (`markSeen`, `unseenCount`: optional in the contract). */
  seen: boolean;
}

let devices = 0;
const newVisitor = (): RequestContext => ({ deviceId: `conformance-${Date.now().toString(36)}-${++devices}` });

/** Registers the visitor, keeping the handle the transport may answer with, as the session does. */
async function register(transport: Transport, ctx: RequestContext): Promise<RequestContext> {
  const answer = await transport.register(ctx);
  return answer ? { ...ctx, conversation: answer.conversation } : ctx;
}

/** Every message of the conversation, from the latest page back through `older` to the first. */
async function everything(transport: Transport, ctx: RequestContext): Promise<Message[]> {
  let page = await transport.latest(ctx);
  const all = [...page.messages];
  while (page.older !== null && page.messages.length) {
    page = await transport.older(ctx, page.older);
    all.unshift(...page.messages);
  }
  return all;
}

/** In the conversation's order: by time, then by id. */
function expectOrdered(messages: readonly Message[]): void {
  for (let i = 1; i < messages.length; i++) {
    const [a, b] = [messages[i - 1]!, messages[i]!];
    expect(a.time < b.time || (a.time === b.time && compareIds(a.id, b.id) < 0), `${a.id} before ${b.id}`).toBe(true);
  }
}

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('it resolved');
    },
    (error: unknown) => error,
  );

let keys = 0;
const sendText = (transport: Transport, ctx: RequestContext, text: string) =>
  transport.send(ctx, { text }, { clientKey: `local:conformance-${++keys}` });

export function transportConformance(name: string, backend: ConformanceBackend): void {
  describe(`the transport contract: ${name}`, () => {
    const connected = async () => {
      const transport = backend.transport({ timeoutMs: 2_000 });
      return { transport, ctx: await register(transport, newVisitor()) };
    };

    it('register may be called again: with its handle it finds the same conversation', async () => {
      const { transport, ctx } = await connected();
      await sendText(transport, ctx, 'before');
      const again = await register(transport, ctx);
      expect(again.conversation).toBe(ctx.conversation);
      const { messages } = await transport.latest(again);
      expect(messages.map((m) => m.text)).toEqual(['before']);
    });

    it('lists what was sent and what the agent wrote, in order, each once, with the id or key send gave', async () => {
      const { transport, ctx } = await connected();
      const clientKey = 'local:first';
      const first = await transport.send(ctx, { text: 'first' }, { clientKey });
      await backend.agentWrites(ctx.deviceId, 'an answer');
      const second = await sendText(transport, ctx, 'second');
      const { messages } = await transport.latest(ctx);
      expect(messages.map((m) => [m.from, m.text])).toEqual([
        ['user', 'first'],
        ['agent', 'an answer'],
        ['user', 'second'],
      ]);
      expectOrdered(messages);
      for (const [sent, listed] of [
        [first, messages[0]!],
        [second, messages[2]!],
      ] as const) {
        // Without an id from send, the session finds the listed copy by its key, or by its content.
        if (sent.id !== null) expect(listed.id).toBe(sent.id);
      }
      if (messages[0]!.clientKey !== undefined) expect(messages[0]!.clientKey).toBe(clientKey);
      expect(new Set(messages.map((m) => m.id)).size).toBe(3);
      expect(messages.every((m) => !m.id.startsWith('local:'))).toBe(true);
    });

    it('newer gives everything after its cursor, more than a page too, and then nothing', async () => {
      const { transport, ctx } = await connected();
      await sendText(transport, ctx, 'cursor');
      const { newer } = await transport.latest(ctx);
      expect(newer).toEqual(expect.any(String));
      await backend.seed(ctx.deviceId, 120);
      const page = await transport.newer(ctx, newer!);
      expect(page.messages.map((m) => m.text)).toEqual(Array.from({ length: 120 }, (_, i) => `Message ${i + 1}`));
      expectOrdered(page.messages);
      await backend.agentWrites(ctx.deviceId, 'after');
      const next = await transport.newer(ctx, page.newer!);
      expect(next.messages.map((m) => m.text)).toEqual(['after']);
      expect((await transport.newer(ctx, next.newer!)).messages).toEqual([]);
    });

    it('an empty conversation has no cursors; a page says nothing older once its first message is in', async () => {
      const { transport, ctx } = await connected();
      expect(await transport.latest(ctx)).toMatchObject({ messages: [], older: null, newer: null });
      await sendText(transport, ctx, 'only');
      expect(await transport.latest(ctx)).toMatchObject({ older: null, newer: expect.any(String) });
    });

    it('older pages reach the first message: every message once, in order, and then nothing older', async () => {
      const { transport, ctx } = await connected();
      await backend.seed(ctx.deviceId, 120);
      const latest = await transport.latest(ctx);
      expect(latest.older).toEqual(expect.any(String));
      const all = await everything(transport, ctx);
      expect(all.map((m) => m.text)).toEqual(Array.from({ length: 120 }, (_, i) => `Message ${i + 1}`));
      expect(new Set(all.map((m) => m.id)).size).toBe(120);
      expectOrdered(all);
    });

    it('a text as long as it declares it takes is listed whole', async () => {
      const { transport, ctx } = await connected();
      const text = 'ab '
        .repeat(capabilitiesOf(transport).maxTextLength)
        .slice(0, capabilitiesOf(transport).maxTextLength);
      await sendText(transport, ctx, text);
      expect((await transport.latest(ctx)).messages.map((m) => m.text)).toEqual([text]);
    });

    it('a cancelled call rejects with its AbortError, never a TransportError', async () => {
      const { transport, ctx } = await connected();
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(transport.latest({ ...ctx, signal: controller.signal }));
      expect(isTransportError(error)).toBe(false);
      expect((error as Error).name).toBe('AbortError');
    });

    it('each failure is its kind: server, rate limit (with its wait), unknown device, refusal, lost connection', async () => {
      const { transport, ctx } = await connected();
      const expectations: [Fault, object][] = [
        [{ kind: 'server' }, { name: 'TransportError', kind: 'server' }],
        [
          { kind: 'rateLimited', retryAfterS: 2 },
          { kind: 'rateLimited', details: { retryAfterMs: 2_000 } },
        ],
        [{ kind: 'notRegistered' }, { kind: 'notRegistered' }],
        [{ kind: 'unauthorized' }, { kind: 'unauthorized' }],
        [{ kind: 'dropped' }, { kind: 'network' }],
      ];
      for (const [fault, error] of expectations) {
        await backend.fault(fault);
        expect(await rejection(sendText(transport, ctx, 'x')), fault.kind).toMatchObject(error);
      }
    });

    it.skipIf(!backend.seen)(
      "counts the agent's messages unseen until marked; own or marked ids are no error",
      async () => {
        const { transport, ctx } = await connected();
        const { markSeen, unseenCount } = transport as Required<Transport>;
        await sendText(transport, ctx, 'a question');
        await backend.agentWrites(ctx.deviceId, 'first answer');
        await backend.agentWrites(ctx.deviceId, 'second answer');
        expect(await unseenCount.call(transport, ctx)).toBe(2);
        const [own, first, second] = (await transport.latest(ctx)).messages.map((m) => m.id);
        await markSeen.call(transport, ctx, [first!, own!]);
        expect(await unseenCount.call(transport, ctx)).toBe(1);
        await markSeen.call(transport, ctx, [first!, second!]);
        expect(await unseenCount.call(transport, ctx)).toBe(0);
      },
    );

    it.skipIf(!backend.timesOut)('a call slower than its timeout fails as a timeout', async () => {
      const transport = backend.transport({ timeoutMs: 200 });
      const ctx = await register(transport, newVisitor());
      await backend.fault({ kind: 'slow', delayMs: 1_000 });
      expect(await rejection(transport.latest(ctx))).toMatchObject({ kind: 'timeout' });
    });
  });
}
