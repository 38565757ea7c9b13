import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatSession } from '../chat/session';
import { Composer } from './Composer';
import { strings, type Strings } from './i18n';
import { ChatIcon, CloseIcon, PhoneIcon } from './icons';
import { MessageList } from './MessageList';
import { RichText } from './RichText';
import { useValue } from './use-value';

export type Mode = 'launcher' | 'inline' | 'fullscreen';
export type Position = 'left' | 'right';

export interface AppProps {
  session: ChatSession;
  lang: string;
  mode: Mode;
  position: Position;
}

export function App({ session, lang, mode, position }: AppProps) {
  const t = strings(lang);
  const open = useValue(session.isOpen);
  const config = useValue(session.config);
  const unread = useValue(session.unread);
  const sticky = useValue(session.sticky);
  const loadState = useValue(session.loadState);
  const launcherRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLTextAreaElement | null>(null);
  const announcement = useAnnouncement(session, t);
  const title = config?.name ?? t.title;
  const canClose = mode !== 'inline' && !config?.hideCloseButton;
  const showPanel = open || mode === 'inline';

  useEffect(() => {
    if (open && mode !== 'inline') inputRef.current?.focus({ preventScroll: true });
  }, [open]);

  const closeByVisitor = () => {
    session.close();
    // The launcher is rendered again by then; focus goes back where the visitor came from.
    queueMicrotask(() => launcherRef.current?.focus());
  };

  return (
    <div class={`root ${mode} ${position}${showPanel ? ' is-open' : ''}`} lang={lang}>
      {mode !== 'inline' && (!open || !canClose) && (
        <button
          ref={launcherRef}
          part="launcher"
          type="button"
          class="launcher"
          aria-label={unread ? `${t.openChat}, ${t.unread(unread)}` : t.openChat}
          aria-expanded={open}
          onClick={() => (open ? closeByVisitor() : session.open())}
        >
          <ChatIcon />
          {unread > 0 && (
            <span part="badge" class="badge" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </button>
      )}
      {showPanel && (
        <section
          part="panel"
          class="panel"
          role={mode === 'inline' ? 'region' : 'dialog'}
          aria-label={title}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && canClose) {
              e.stopPropagation();
              closeByVisitor();
            }
          }}
        >
          <header part="header" class="header">
            <h2 part="title" class="title">
              {title}
            </h2>
            {config?.telephone && (
              <a class="icon-button" href={`tel:${config.telephone.replace(/[^+\d]/g, '')}`} aria-label={t.call(config.telephone)}>
                <PhoneIcon />
              </a>
            )}
            {canClose && (
              <button part="close" type="button" class="icon-button" aria-label={t.closeChat} onClick={closeByVisitor}>
                <CloseIcon />
              </button>
            )}
          </header>
          <Banner session={session} t={t} />
          {sticky && (
            <div part="sticky" class="sticky">
              <RichText text={sticky} />
            </div>
          )}
          <div class="body">
            {config?.intro && (
              <div part="intro" class="intro">
                <RichText text={config.intro} />
              </div>
            )}
            {loadState === 'loading' ? <div class="loading">{t.loading}</div> : <MessageList session={session} lang={lang} t={t} />}
          </div>
          <Composer session={session} t={t} inputRef={inputRef} />
        </section>
      )}
      <div class="sr" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}

/** The notice about the connection or a lasting error; nothing while all is well. */
function Banner({ session, t }: { session: ChatSession; t: Strings }) {
  const error = useValue(session.error);
  const connection = useValue(session.connection);
  const text =
    error?.kind === 'unauthorized'
      ? t.unauthorized
      : error?.kind === 'forbidden'
        ? t.forbidden
        : connection === 'offline'
          ? t.offline
          : connection === 'reconnecting'
            ? t.reconnecting
            : null;
  if (!text) return null;
  return (
    <div part="banner" class={`banner ${error ? 'error' : connection}`} role="status">
      {text}
    </div>
  );
}

/** New agent and info messages read out politely by screen readers, one at a time. */
function useAnnouncement(session: ChatSession, t: Strings): string {
  const [text, setText] = useState('');
  useEffect(
    () =>
      session.on('message', ({ message, direction }) => {
        if (direction === 'in') setText(t.newMessage(message.agent?.name ?? null, message.text ?? t.image));
      }),
    [session, t],
  );
  return text;
}
