import { Component, Fragment, h } from 'preact';
import type { Message } from '../transport/types';
import { formatTime } from './format';
import type { Strings } from './i18n';
import { ImageBox } from './ImageBox';
import { lazy } from './lazy';
import { loadImages } from './load-images';
import type { OpenImage } from './MessageImage';
import { RichText } from './RichText';
import type { ChatActions } from './view';

interface Props {
  message: Message;
  actions: Pick<ChatActions, 'retry' | 'cancel' | 'fetchImage'>;
  lang: string;
  t: Strings;
  /** The agent's name is shown when the agent changes, not on every bubble. */
  showAgentName: boolean;
  onOpenImage: OpenImage;
}

const MessageImage = lazy(
  () => loadImages().then((images) => images.MessageImage),
  ({ t }, failed) => <ImageBox t={t} broken={failed} />,
);

/**
 * One message of the list. The list renders again on every session change, and the session keeps a message the
 * same object until it changes: a message whose props are all the same is not rendered again.
 */
export class MessageItem extends Component<Props> {
  override shouldComponentUpdate(next: Props): boolean {
    return (Object.keys(next) as (keyof Props)[]).some((name) => next[name] !== this.props[name]);
  }

  render({ message, actions, lang, t, showAgentName, onOpenImage }: Props) {
    const { from } = message;
    const status = from === 'user' ? (message.status ?? 'sent') : undefined;
    const content = (
      <>
        {(message.image || message.file) && (
          <MessageImage message={message} fetchImage={actions.fetchImage} t={t} onOpen={onOpenImage} />
        )}
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
              <time part="time" dateTime={new Date(message.time).toISOString()}>
                {formatTime(message.time, lang)}
              </time>
              {/* "Sent" is for screen readers only; "Sending…" and "Not sent" are shown. */}
              {status && <span class={status === 'sent' ? 'sr' : 'status'}>{t[status]}</span>}
            </div>
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
