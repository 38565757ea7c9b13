import { h, type Ref } from 'preact';
import { fill, type Strings } from './i18n';
import { ChatIcon } from './icons';

interface Props {
  open: boolean;
  unread: number;
  t: Strings;
  onClick: () => void;
  /** App focuses the launcher again when the visitor closes the chat. */
  buttonRef: Ref<HTMLButtonElement>;
}

/** The floating button that opens and closes the chat, with the count of unread agent messages. */
export function Launcher({ open, unread, t, onClick, buttonRef }: Props) {
  return (
    <button
      ref={buttonRef}
      part="launcher"
      type="button"
      class="launch"
      aria-label={unread ? `${t.openChat}, ${fill(t.unread, unread)}` : t.openChat}
      aria-expanded={open}
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
}
