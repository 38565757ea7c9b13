// The chat behind the element (ParleyChatElement.ts): the session, the backend's transport, the UI and its styles,
// and the wiring between them. The script-tag loader fetches it as a chunk once the visitor shows intent
// (load-chat.ts); the single-file and npm builds import it as a module. Everything else of the element stays light.
import { type ChatSession, type ChatSessionOptions, createChatSession } from '../chat/session';
import { mountChat } from '../ui/mount';
import css from '../ui/styles.css?inline';
import type { ViewOptions } from '../ui/view';
import { wireSession } from './wiring';

export { createTransport } from './backend';
export { addTranslation } from '../ui/i18n';

export interface RunningChat {
  session: ChatSession;
  update(view: ViewOptions): void;
  /** Ends the session and takes the UI and the element's wiring down. */
  stop(): void;
}

/**
 * Starts a chat in an element: the session (open when the element is, or inline), the element's events and theme
 * (`setTheme`), the UI in `container`.
 */
export function runChat(
  element: HTMLElement & { open: boolean },
  container: Element,
  options: ChatSessionOptions,
  setTheme: (rule: string) => void,
  view: ViewOptions,
): RunningChat {
  const session = createChatSession(options);
  if (element.open || view.mode === 'inline') session.open();
  const stops = wireSession(element, session, options.storageKey, setTheme);
  const ui = mountChat(container, session, view);
  return {
    session,
    update: ui.update,
    stop() {
      for (const stop of stops) stop();
      ui.unmount();
      session.dispose();
    },
  };
}

/** The chat's own stylesheet, after the launcher's. */
export const chatStyles = css;
