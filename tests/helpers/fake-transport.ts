// An in-memory Transport for session and element tests: one conversation with numeric string ids, paged like
// Parley (latest 50, `older(before)` 50 older with `hasOlder`, `newer(after)` everything newer). It records every
// call, can fail the next calls of a method, delay them, or hold them until the test releases them.
import { withDefaults } from '../../src/chat/config';
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
} from '../../src/transport/types';

export type Method = Exclude<keyof Transport, never>;

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
  /** What it declares it takes; nothing by default (the session's defaults). */
  capabilities: Partial<Capabilities> = {};
  private nextId = 1;
  private failures = new Map<Method, unknown[]>();
  private nextCallFailure: TransportError | undefined;
  private gates = new Map<Method, Gate[]>();
  private delays = new Map<Method, number>();

  // ---- test controls -------------------------------------------------------------------------------------

  /** Adds an agent message to the server conversation and returns it. */
  addAgentMessage(text: string, options: { name?: string } = {}): Message {
    const name = options.name ?? this.agent.name;
    return this.add({ from: 'agent', text, agent: { name, avatar: null } });
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

  /** The RequestContext of the last call of `name`. */
  lastContext(name: Method): RequestContext | undefined {
    return this.callsOf(name).at(-1)?.args[0] as RequestContext | undefined;
  }

  // ---- Transport -----------------------------------------------------------------------------------------

  register(ctx: RequestContext): Promise<void> {
    return this.run('register', [ctx], () => undefined);
  }

  config(ctx: RequestContext): Promise<Partial<ChatConfig>> {
    return this.run('config', [ctx], () => structuredClone(this.chatConfig));
  }

  latest(ctx: RequestContext): Promise<MessagePage> {
    return this.run('latest', [ctx], () => this.page(this.conversation.slice(-PAGE_SIZE)));
  }

  older(ctx: RequestContext, beforeId: string): Promise<MessagePage> {
    return this.run('older', [ctx, beforeId], () => {
      const before = this.conversation.filter((m) => Number(m.id) < Number(beforeId));
      return this.page(before.slice(-PAGE_SIZE));
    });
  }

  newer(ctx: RequestContext, afterId: string): Promise<MessagePage> {
    return this.run('newer', [ctx, afterId], () => {
      const after = this.conversation.filter((m) => Number(m.id) > Number(afterId));
      // A page of newer messages says nothing about older ones.
      return { ...this.page(after), hasOlder: false };
    });
  }

  send(ctx: RequestContext, content: OutgoingContent, options?: SendOptions): Promise<{ id: string }> {
    return this.run('send', [ctx, content], () => {
      if ('image' in content) options?.onProgress?.(0.5);
      const text = 'text' in content ? content.text : null;
      const image = 'image' in content ? 'image-ref' : null;
      const message = this.add({ from: 'user', text, image, agent: null });
      return { id: message.id };
    });
  }

  startTyping(ctx: RequestContext): Promise<void> {
    return this.run('startTyping', [ctx], () => undefined);
  }

  stopTyping(ctx: RequestContext): Promise<void> {
    return this.run('stopTyping', [ctx], () => undefined);
  }

  fetchImage(ctx: RequestContext, ref: string): Promise<Blob> {
    return this.run('fetchImage', [ctx, ref], () => new Blob(['img'], { type: 'image/png' }));
  }

  // ---- internals -----------------------------------------------------------------------------------------

  private add(partial: Pick<Message, 'from' | 'text' | 'agent'> & Partial<Message>): Message {
    const message: Message = { id: String(this.nextId++), time: Date.now(), image: null, ...partial };
    this.conversation.push(message);
    return structuredClone(message);
  }

  private page(messages: Message[]): MessagePage {
    const oldest = messages[0];
    const hasOlder = oldest ? this.conversation.some((m) => Number(m.id) < Number(oldest.id)) : false;
    return {
      messages: structuredClone(messages),
      hasOlder,
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

    // Like fetch: a call answers asynchronously, and an aborted signal rejects it.
    await Promise.resolve();
    if (gate?.when === 'before') await this.wait(gate.opened, ctx);
    if (delay) await this.wait(new Promise((resolve) => setTimeout(resolve, delay)), ctx);
    if (failure) throw failure;
    if (this.offline) throw new TransportError('network', `fake: offline (${name})`);
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
