// Shared set-up for the element tests: each element gets its own fake transport and API URL (so the stored state of
// one test never leaks into another), and every element is removed after the test.
import { afterEach, expect, vi } from 'vitest';
import { defineParleyChat } from '../../src/element/define';
import type { ParleyChatElement } from '../../src/element/ParleyChatElement';
import { FakeTransport } from '../helpers/fake-transport';
import { CONFIG_ANSWER, LIST_ANSWER, REGISTER_ANSWER } from '../transport/parley/fixtures';
import { fakeFetch, json } from '../transport/parley/fake-fetch';

defineParleyChat();

let counter = 0;

export const uniqueApiUrl = (): string => `https://api.example/parley/${Date.now()}-${++counter}`;

export interface Mounted {
  el: ParleyChatElement;
  transport: FakeTransport;
  root: ShadowRoot;
  part(name: string): HTMLElement | null;
  parts(name: string): HTMLElement[];
  /** Every parley-* event the element dispatched, in order. */
  events: CustomEvent[];
  eventsOf(type: string): CustomEvent[];
}

export function useElementHarness(): void {
  afterEach(async () => {
    document.body.replaceChildren();
    await Promise.resolve();
    await Promise.resolve();
  });
}

const EVENT_TYPES = ['parley-ready', 'parley-open', 'parley-close', 'parley-message', 'parley-unread', 'parley-error'];

/** Creates a <parley-chat>, sets the transport before appending, appends it and waits for parley-ready. */
export async function mount(
  attributes: Record<string, string> = {},
  options: { transport?: FakeTransport; parent?: Element; before?: (el: ParleyChatElement) => void } = {},
): Promise<Mounted> {
  const transport = options.transport ?? new FakeTransport();
  const el = document.createElement('parley-chat') as ParleyChatElement;
  el.setAttribute('api-url', uniqueApiUrl());
  el.setAttribute('lang', 'en');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.transport = transport;
  const events: CustomEvent[] = [];
  for (const type of EVENT_TYPES) el.addEventListener(type, (e) => events.push(e as CustomEvent));
  options.before?.(el);
  (options.parent ?? document.body).append(el);
  await vi.waitFor(() => expect(events.some((e) => e.type === 'parley-ready')).toBe(true));
  const root = el.shadowRoot!;
  return {
    el,
    transport,
    root,
    part: (name) => root.querySelector<HTMLElement>(`[part~="${name}"]`),
    parts: (name) => [...root.querySelectorAll<HTMLElement>(`[part~="${name}"]`)],
    events,
    eventsOf: (type) => events.filter((e) => e.type === type),
  };
}

/** Opens the panel and waits until the conversation has loaded. */
export async function mountOpen(
  attributes: Record<string, string> = {},
  options: Parameters<typeof mount>[1] = {},
): Promise<Mounted> {
  const m = await mount(attributes, options);
  m.el.show();
  await vi.waitFor(() => {
    expect(m.transport.count('latest')).toBeGreaterThan(0);
    expect(m.part('messages')).not.toBeNull();
    expect(m.part('input')).not.toBeNull();
  });
  return m;
}

/** Lets the session poll now (the window gaining focus wakes the poller). */
export const pollNow = (): void => void window.dispatchEvent(new Event('focus'));

export function typeInto(input: HTMLElement, value: string): void {
  (input as HTMLTextAreaElement).value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function press(target: HTMLElement, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true, ...init });
  target.dispatchEvent(event);
  return event;
}

export const tick = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** A Parley API on a fake global fetch (the element builds its own transport from `api-url`). */
export function stubParley(config: Record<string, unknown> = {}) {
  const configAnswer = { ...CONFIG_ANSWER, data: { ...CONFIG_ANSWER.data, ...config } };
  const answer = (url: string) =>
    url.endsWith('/devices') ? REGISTER_ANSWER : url.endsWith('/config') ? configAnswer : LIST_ANSWER;
  const server = fakeFetch((call) => json(answer(call.url))(call));
  vi.stubGlobal('fetch', server.fetch);
  return server;
}
