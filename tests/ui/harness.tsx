// The App on its own, with a view and a stand-in session (see App.test.tsx).
import { h, render } from 'preact';
import { afterEach, vi } from 'vitest';
import { createEmitter } from '../../src/chat/emitter';
import type { ChatEvents } from '../../src/chat/session';
import type { Message } from '../../src/transport/types';
import { App, type AppProps } from '../../src/ui/App';
import type { ChatView } from '../../src/ui/view';

export const agentMessage = (id: string, text: string, image: string | null = null): Message => ({
  id,
  time: Date.now(),
  from: 'agent',
  text,
  image,
  agent: { name: 'Anna', avatar: null },
});

export const viewWith = (messages: Message[]): ChatView => ({
  messages,
  isOpen: true,
  unread: 0,
  agent: null,
  sticky: null,
  welcome: null,
  config: null,
  hasOlder: false,
  loadingOlder: false,
  loadState: 'ready',
  connection: 'online',
  error: null,
});

/** The element the App renders into, for the test that set it up. */
export let container: HTMLElement;
afterEach(() => {
  render(null, container);
  container.remove();
  vi.unstubAllGlobals();
});

export function setUp() {
  const events = createEmitter<ChatEvents>();
  const session: AppProps['session'] = {
    on: events.on,
    open: vi.fn(),
    close: vi.fn(),
    send: vi.fn(async () => {}),
    sendImage: vi.fn(async () => {}),
    typing: vi.fn(),
    activity: vi.fn(),
    retry: vi.fn(async () => {}),
    cancel: vi.fn(),
    fetchImage: vi.fn(async () => new Blob(['img'], { type: 'image/png' })),
    fetchFile: vi.fn(async () => new Blob(['%PDF-1.4'], { type: 'application/pdf' })),
    choose: vi.fn(async () => {}),
    loadOlder: vi.fn(async () => {}),
    capabilities: () => ({ typingExpiresMs: 30_000, maxImageBytes: 10_000_000, maxTextLength: 5_000 }),
    startNew: vi.fn(async () => {}),
  };
  container = document.createElement('div');
  document.body.append(container);
  const show = (messages: Message[], lang = 'en', view: Partial<ChatView> = {}) =>
    render(
      <App session={session} view={{ ...viewWith(messages), ...view }} lang={lang} mode="inline" position="right" />,
      container,
    );
  const tell = (message: Message) => events.emit('message', { message, direction: 'in' });
  const liveRegion = () => container.querySelector('[aria-live="polite"]')!;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const part = (name: string) => container.querySelector<HTMLElement>(`[part~="${name}"]`);
  return { session, show, tell, liveRegion, settle, part };
}
