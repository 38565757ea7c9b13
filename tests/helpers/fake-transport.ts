// An in-memory Transport for session and element tests: one conversation, latest 50 per page, `older` 50 older,
// `newer` everything newer. It records every call, can fail the next calls of a method, delay them, or hold them
// until the test releases them. It comes in two styles:
// - `parley`: numeric string ids as cursors, typing, `send` answers with the id, `register` with nothing;
// - `neutral`, deliberately unlike Parley: UUID ids, time cursors, no typing, `send` answers without an id (the
//   listed copy carries the client key), and `register` answers with a conversation handle that every later call
//   must carry.
// Both styles mark seen and count unseen (`markSeen`, `unseenCount`) unless made with `{ seen: false }`.
// The style is `FAKE_TRANSPORT` of the environment (vitest.config.ts runs the session tests in both), else parley.
import { capabilitiesOf } from '../../src/chat/capabilities';
import { withDefaults } from '../../src/chat/config';
import { randomId } from '../../src/chat/messages';
import {
  TransportError,
  type AgentState,
  type Capabilities,
  type ChatConfig,
  type Message,
  type MessagePage,
  type OutgoingContent,
  type RequestContext,
  type SendOptions,
  type Transport,
  type TransportErrorKind,
  type VisitorInfo,
} from '../../src/transport/types';

export type Method = Exclude<keyof Transport, 'capabilities'>;
export type FakeStyle = 'parley' | 'neutral';
export const FAKE_STYLE: FakeStyle = process.env.FAKE_TRANSPORT === 'neutral' ? 'neutral' : 'parley';

export interface Call {
  name: Method;
  args: unknown[];
}

/** A call that waits until the test resolves it. */
export interface Hold {
  /** Resolves once the held call has been made. */
  readonly started: Promise<void>;
  /** Lets the call go on (and answer). */
  release(): void;
  /** Makes the held call fail with this error instead. */
  fail(error: unknown): void;
}

interface Gate {
  /** `before`: the server processes the request only when released; `after`: it processes at once, the answer waits. */
  when: 'before' | 'after';
  opened: Promise<void>;
  open(): void;
  fail(error: unknown): void;
  markStarted(): void;
}

export const PAGE_SIZE = 50;

export const defaultConfig = (overrides: Partial<ChatConfig> = {}): ChatConfig =>
  withDefaults({ name: 'Support', ...overrides });

const abortError = () => new DOMException('The operation was aborted.', 'AbortError');

export class FakeTransport implements Transport {
  /** The server's conversation, oldest first. */
  conversation: Message[] = [];
  calls: Call[] = [];
  agent: AgentState = { name: 'Anna', avatar: null, isTyping: false };
  sticky: string | null = null;
  chatConfig: Partial<ChatConfig> = defaultConfig();
  /** A held or delayed call rejects with an AbortError when its signal aborts (like fetch). */
  honorAbort = true;
  /** While true, every call fails with a `network` TransportError, like fetch without a connection. */
  offline = false;
  /** While true, the backend has ended the conversation: every call but `register` fails as `ended`. */
  ended = false;
  /** What it declares it takes; nothing by default (the session's defaults). */
  capabilities: Partial<Capabilities> = {};
  /** The conversation handle `register` answers with (neutral style). */
  readonly handle: string | null;
  startTyping?: (ctx: RequestContext) => Promise<void>;
  stopTyping?: (ctx: RequestContext) => Promise<void>;
  markSeen?: (ctx: RequestContext, ids: string[]) => Promise<void>;
  unseenCount?: (ctx: RequestContext) => Promise<number>;
  /** The agent and info messages the visitor marked seen, by id; the visitor's own ids are ignored, as by Parley. */
  seenIds = new Set<string>();
  private nextId = 1;
  private lastTime = 0;
  private failures = new Map<Method, unknown[]>();
  private nextCallFailure: TransportError | undefined;
  private gates = new Map<Method, Gate[]>();
  private delays = new Map<Method, number>();

  constructor(
    readonly style: FakeStyle = FAKE_STYLE,
    { seen = true }: { seen?: boolean } = {},
  ) {
    this.handle = style === 'neutral' ? `conversation-${randomId()}` : null;
    if (style === 'parley') {
      this.startTyping = (ctx) => this.run('startTyping', [ctx], () => undefined);
      this.stopTyping = (ctx) => this.run('stopTyping', [ctx], () => undefined);
    }
    if (seen) {
      this.markSeen = (ctx, ids) => this.run('markSeen', [ctx, ids], () => this.mark(ids));
      this.unseenCount = (ctx) => this.run('unseenCount', [ctx], () => this.unseen().length);
    }
  }

  // ---- test controls -------------------------------------------------------------------------------------

  /** Adds an agent message to the server conversation and returns it; `rich`: its buttons, cards and so on. */
  addAgentMessage(text: string | null, options: { name?: string } & Partial<Message> = {}): Message {
    const { name = this.agent.name, ...rich } = options;
    return this.add({ from: 'agent', text, agent: { name, avatar: null }, ...rich });
  }

  addUserMessage(text: string): Message {
    return this.add({ from: 'user', text, agent: null });
  }

  addInfoMessage(text: string): Message {
    return this.add({ from: 'info', text, agent: null });
  }

  /** Fills the conversation with `count` messages, alternating user and agent ("message 1", …). */
  seed(count: number): void {
    for (let i = 1; i <= count; i++) {
      if (i % 2) this.addUserMessage(`message ${i}`);
      else this.addAgentMessage(`message ${i}`);
    }
  }

  /** The next `times` calls of `name` reject with a TransportError of this kind. */
  failNext(name: Method, kind: TransportErrorKind, times = 1): void {
    const list = this.failures.get(name) ?? [];
    for (let i = 0; i < times; i++) list.push(new TransportError(kind, `fake ${kind} on ${name}`));
    this.failures.set(name, list);
  }

  /** The next call, of whichever method, rejects with `error`. */
  failNextCall(error: TransportError): void {
    this.nextCallFailure = error;
  }

  /** Every later call of `name` answers after `ms` milliseconds (0 to stop). */
  delay(name: Method, ms: number): void {
    this.delays.set(name, ms);
  }

  /** The next call of `name` waits before the server processes it. */
  hold(name: Method): Hold {
    return this.addGate(name, 'before');
  }

  /** The server processes the next call of `name` at once, but its answer waits. */
  holdAnswer(name: Method): Hold {
    return this.addGate(name, 'after');
  }

  count(name: Method): number {
    return this.calls.filter((c) => c.name === name).length;
  }

  names(): Method[] {
    return this.calls.map((c) => c.name);
  }

  callsOf(name: Method): Call[] {
    return this.calls.filter((c) => c.name === name);
  }

  /** The ids of every markSeen call, in order. */
  seenCalls(): string[][] {
    return this.callsOf('markSeen').map((c) => c.args[1] as string[]);
  }

  /** The agent and info messages not marked seen, oldest first. */
  unseen(): Message[] {
    return this.conversation.filter((m) => m.from !== 'user' && !this.seenIds.has(m.id));
  }

  /** The RequestContext of the last call of `name`. */
  lastContext(name: Method): RequestContext | undefined {
    return this.callsOf(name).at(-1)?.args[0] as RequestContext | undefined;
  }

  // ---- Transport -----------------------------------------------------------------------------------------

  register(ctx: RequestContext, visitor?: VisitorInfo): Promise<{ conversation: string } | undefined> {
    return this.run('register', [ctx, visitor], () => (this.handle ? { conversation: this.handle } : undefined));
  }

  config(ctx: RequestContext): Promise<Partial<ChatConfig>> {
    return this.run('config', [ctx], () => structuredClone(this.chatConfig));
  }

  latest(ctx: RequestContext): Promise<MessagePage> {
    return this.run('latest', [ctx], () => this.page(this.conversation.slice(-PAGE_SIZE)));
  }

  older(ctx: RequestContext, cursor: string): Promise<MessagePage> {
    return this.run('older', [ctx, cursor], () => {
      const before = this.conversation.filter((m) => this.order(m) < this.order(cursor));
      return this.page(before.slice(-PAGE_SIZE));
    });
  }

  newer(ctx: RequestContext, cursor: string): Promise<MessagePage> {
    return this.run('newer', [ctx, cursor], () => {
      const after = this.conversation.filter((m) => this.order(m) > this.order(cursor));
      // A page of newer messages says nothing about older ones.
      return { ...this.page(after), older: null, newer: this.cursorOf(after.at(-1)) ?? cursor };
    });
  }

  send(ctx: RequestContext, content: OutgoingContent, options?: SendOptions): Promise<{ id: string | null }> {
    return this.run('send', [ctx, content], () => {
      if ('image' in content && content.image.size > capabilitiesOf(this).maxImageBytes)
        throw new TransportError('tooLarge', 'fake: the image is too large');
      if ('image' in content) options?.onProgress?.(0.5);
      const text = 'text' in content ? content.text : null;
      const image = 'image' in content ? 'image-ref' : null;
      const clientKey = this.style === 'neutral' ? options?.clientKey : undefined;
      const message = this.add({ from: 'user', text, image, agent: null, ...(clientKey && { clientKey }) });
      return { id: this.style === 'neutral' ? null : message.id };
    });
  }

  fetchImage(ctx: RequestContext, ref: string): Promise<Blob> {
    return this.run('fetchImage', [ctx, ref], () => new Blob(['img'], { type: 'image/png' }));
  }

  // ---- internals -----------------------------------------------------------------------------------------

  private mark(ids: string[]): void {
    for (const m of this.conversation) if (m.from !== 'user' && ids.includes(m.id)) this.seenIds.add(m.id);
  }

  private add(partial: Pick<Message, 'from' | 'text' | 'agent'> & Partial<Message>): Message {
    const id = this.style === 'neutral' ? randomId() : String(this.nextId++);
    // Neutral times never tie, as its ids do not order.
    const time = this.style === 'neutral' ? (this.lastTime = Math.max(Date.now(), this.lastTime + 1)) : Date.now();
    const message: Message = { id, time, image: null, ...partial };
    this.conversation.push(message);
    return structuredClone(message);
  }

  /** A message's cursor: its id (parley) or its time (neutral). */
  cursorOf(message: Message | undefined): string | null {
    return message ? (this.style === 'neutral' ? `t${message.time}` : message.id) : null;
  }

  /** Where a message or a cursor is in the conversation: its id (parley) or its time (neutral). */
  private order(at: Message | string): number {
    if (typeof at !== 'string') return this.style === 'neutral' ? at.time : Number(at.id);
    return Number(this.style === 'neutral' ? at.slice(1) : at);
  }

  private page(messages: Message[]): MessagePage {
    const oldest = messages[0];
    const hasOlder = oldest !== undefined && this.conversation[0] !== oldest;
    return {
      messages: structuredClone(messages),
      older: hasOlder ? this.cursorOf(oldest) : null,
      newer: this.cursorOf(messages.at(-1)),
      agent: { ...this.agent },
      sticky: this.sticky,
    };
  }

  private addGate(name: Method, when: Gate['when']): Hold {
    let open!: () => void;
    let fail!: (error: unknown) => void;
    let markStarted!: () => void;
    const opened = new Promise<void>((resolve, reject) => {
      open = resolve;
      fail = reject;
    });
    opened.catch(() => {});
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const gate: Gate = { when, opened, open, fail, markStarted };
    this.gates.set(name, [...(this.gates.get(name) ?? []), gate]);
    return { started, release: open, fail };
  }

  private async run<T>(name: Method, args: unknown[], handler: () => T): Promise<T> {
    this.calls.push({ name, args });
    const ctx = args[0] as RequestContext;
    const gate = this.gates.get(name)?.shift();
    const failure = this.nextCallFailure ?? this.failures.get(name)?.shift();
    this.nextCallFailure = undefined;
    const delay = this.delays.get(name) ?? 0;
    gate?.markStarted();
    if (this.handle && name !== 'register' && ctx.conversation !== this.handle)
      throw new TransportError('invalid', `fake: ${name} without the conversation handle register gave`);

    // Like fetch: a call answers asynchronously, and an aborted signal rejects it.
    await Promise.resolve();
    if (gate?.when === 'before') await this.wait(gate.opened, ctx);
    if (delay) await this.wait(new Promise((resolve) => setTimeout(resolve, delay)), ctx);
    if (failure) throw failure;
    if (this.offline) throw new TransportError('network', `fake: offline (${name})`);
    if (this.ended && name !== 'register') throw new TransportError('ended', 'fake: the conversation has ended');
    const result = handler();
    if (gate?.when === 'after') await this.wait(gate.opened, ctx);
    if (this.honorAbort && ctx.signal?.aborted) throw abortError();
    return result;
  }

  private wait<T>(promise: Promise<T>, ctx: RequestContext): Promise<T> {
    const signal = ctx.signal;
    if (!this.honorAbort || !signal) return promise;
    if (signal.aborted) return Promise.reject(abortError());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(abortError());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
