import { Fragment, h } from 'preact';
import type { ChatSession } from '../chat/session';
import type { Message } from '../transport/types';
import { formatTime } from './format';
import type { Strings } from './i18n';
import { RichText } from './RichText';

interface Props {
  message: Message;
  session: ChatSession;
  lang: string;
  t: Strings;
  /** The agent's name is shown when the agent changes, not on every bubble. */
  showAgentName: boolean;
}

export function MessageItem({ message, session, lang, t, showAgentName }: Props) {
  const { from } = message;
  const status = from === 'user' ? (message.status ?? 'sent') : undefined;
  const content = (
    <>
      {/* Images are shown by a later slice (lazy loading, reserved box, viewer); the bubble names them meanwhile. */}
      {message.image && <span part="image" class="image" role="img" aria-label={t.image} />}
      {message.text && (
        <div part="text" class="text">
          <RichText text={message.text} />
        </div>
      )}
    </>
  );

  return (
    <div part={`message ${from}`} class={`msg ${from}`} data-status={status}>
      {from === 'info' ? (
        content
      ) : (
        <>
          {showAgentName && message.agent?.name && (
            <span part="agent-name" class="agent-name">
              {message.agent.name}
            </span>
          )}
          <div class="bubble">
            {content}
            <span class="meta">
              <time part="time" dateTime={new Date(message.time).toISOString()}>
                {formatTime(message.time, lang)}
              </time>
              {/* "Sent" is for screen readers only; "Sending…" and "Not sent" are shown. */}
              {status && <span class={status === 'sent' ? 'sr' : 'status'}>{t[status]}</span>}
            </span>
          </div>
          {status === 'failed' && (
            <button type="button" class="retry" onClick={() => session.retry(message.id).catch(() => {})}>
              {t.retry}
            </button>
          )}
        </>
      )}
    </div>
  );
}
