import { Component, Fragment, h } from 'preact';
import type { DeliveryStatus, Message } from '../transport/types';
import { formatTime } from './format';
import type { Strings } from './i18n';
import { MessageImage } from './lazy-images';
import { Buttons, Carousel, FileCard } from './lazy-rich';
import type { OpenImage } from './MessageImage';
import { RichText } from './RichText';
import type { ChatActions } from './view';

interface Props {
  message: Message;
  actions: Pick<ChatActions, 'retry' | 'cancel' | 'fetchImage' | 'fetchFile' | 'choose'>;
  lang: string;
  t: Strings;
  /** The agent's name is shown when the agent changes, not on every bubble. */
  showAgentName: boolean;
  onOpenImage: OpenImage;
  /** The message's choices can still be made (src/chat/choices.ts). */
  open: boolean;
  /** The reply the visitor chose in it. */
  chosen: string | null;
}

/** The marks of the visitor's message that the agent's side has: delivered (one tick), seen (two). */
const TICKS: Partial<Record<DeliveryStatus, string>> = { delivered: '✓', seen: '✓✓' };

/**
 * One message of the list. The list renders again on every session change, and the session keeps a message the
 * same object until it changes: a message whose props are all the same is not rendered again.
 */
export class MessageItem extends Component<Props> {
  override shouldComponentUpdate(next: Props): boolean {
    return (Object.keys(next) as (keyof Props)[]).some((name) => next[name] !== this.props[name]);
  }

  render({ message, actions, lang, t, showAgentName, onOpenImage, open, chosen }: Props) {
    const { from, title, buttons, attachment, cards } = message;
    const status = from === 'user' ? (message.status ?? 'sent') : undefined;
    // A reply that cannot be sent (closed, another tab was first) changes nothing: the set shows as it is.
    const choice = {
      open,
      chosen,
      t,
      choose: (reply: string) => void actions.choose(message.id, reply).catch(() => {}),
    };
    const content = (
      <>
        {title && (
          <h3 part="message-title" class="msg-title">
            {title}
          </h3>
        )}
        {(message.image || message.file) && (
          <MessageImage message={message} fetchImage={actions.fetchImage} t={t} onOpen={onOpenImage} />
        )}
        {message.text && (
          <div part="text" class="text">
            <RichText text={message.text} />
          </div>
        )}
        {attachment && <FileCard attachment={attachment} fetchFile={actions.fetchFile} lang={lang} t={t} />}
        {buttons && <Buttons buttons={buttons} {...choice} />}
      </>
    );
    const carousel = cards && (
      <Carousel message={{ ...message, cards }} actions={actions} lang={lang} onOpenImage={onOpenImage} {...choice} />
    );

    return (
      <div part={`message ${from}`} class={cards ? `msg ${from} wide` : `msg ${from}`} data-status={status}>
        {from === 'info' ? (
          <>
            {content}
            {carousel}
          </>
        ) : (
          <>
            {showAgentName && message.agent?.name && (
              <span part="agent-name" class="agent-name">
                {message.agent.name}
              </span>
            )}
            <div class="bubble">
              {content}
              <time part="time" dateTime={new Date(message.time).toISOString()}>
                {formatTime(message.time, lang)}
              </time>
              {/* "Sending…" and "Not sent" are shown; "Sent", "Delivered" and "Seen" are for screen readers, the
                  last two with a tick or two shown. */}
              {status && TICKS[status] && (
                <span class="status" aria-hidden>
                  {TICKS[status]}
                </span>
              )}
              {status && <span class={status === 'pending' || status === 'failed' ? 'status' : 'sr'}>{t[status]}</span>}
            </div>
            {carousel}
            {status === 'pending' && message.file && (
              <span class="upload">
                <progress part="progress" value={message.progress} aria-label={t.pending} />
                <button part="cancel" type="button" class="retry" onClick={() => actions.cancel(message.id)}>
                  {t.cancel}
                </button>
              </span>
            )}
            {status === 'failed' && (
              <span class="upload">
                <button
                  part="retry"
                  type="button"
                  class="retry"
                  onClick={() => actions.retry(message.id).catch(() => {})}
                >
                  {t.retry}
                </button>
                <button part="delete" type="button" class="retry" onClick={() => actions.cancel(message.id)}>
                  {t.delete}
                </button>
              </span>
            )}
          </>
        )}
      </div>
    );
  }
}
