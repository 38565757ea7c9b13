import { effect } from '@preact/signals-core';
import { h, render } from 'preact';
import type { ChatSession } from '../chat/session';
import { App } from './App';
import { VIEW_SIGNALS, type ChatView, type ViewOptions } from './view';

/** Everything the UI shows, read from the session's signals in one place. */
const snapshot = (s: ChatSession) => Object.fromEntries(VIEW_SIGNALS.map((name) => [name, s[name].value])) as ChatView;

/**
 * Renders the chat into `container` and keeps it in sync: one signals effect re-renders the tree whenever the
 * session changes, and Preact's diff touches only what changed. Components get plain values, no subscriptions,
 * which keeps them simple and saves the script the hooks runtime.
 */
export function mountChat(container: Element, session: ChatSession, options: ViewOptions) {
  let current = options;
  const paint = () => render(h(App, { session, view: snapshot(session), ...current }), container);
  const stop = effect(paint);
  return {
    update(next: ViewOptions): void {
      current = next;
      paint();
    },
    unmount(): void {
      stop();
      render(null, container);
    },
  };
}
