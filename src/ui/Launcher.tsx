import { h, type Ref } from 'preact';
import { fill, type Strings } from './i18n';
import { ChatIcon } from './icons';
import type { ChatView } from './view';

interface Props extends Pick<ChatView, 'isOpen' | 'unread'> {
  t: Strings;
  onClick: () => void;
  /** App focuses the launcher again when the visitor closes the chat. */
  buttonRef: Ref<HTMLButtonElement>;
}

/** The floating button that opens and closes the chat, with the count of unread agent messages. */
export const Launcher = ({ isOpen, unread, t, onClick, buttonRef }: Props) => (
  <button
    ref={buttonRef}
    part="launcher"
    type="button"
    class="launch"
    aria-label={unread ? `${t.openChat}, ${fill(t.unread, unread)}` : t.openChat}
    aria-expanded={isOpen}
    onClick={onClick}
  >
    <ChatIcon />
    {unread > 0 && (
      <span part="badge" class="badge" aria-hidden>
        {unread > 99 ? '99+' : unread}
      </span>
    )}
  </button>
);
