import { Component, createRef, h } from 'preact';
import type { ChatSession } from '../chat/session';
import { Banner, bannerText } from './Banner';
import { Composer } from './Composer';
import { fill, strings } from './i18n';
import { ChatIcon, CloseIcon, PhoneIcon } from './icons';
import { MessageList } from './MessageList';
import { RichText } from './RichText';
import type { ChatView, ViewOptions } from './view';

// src/element/attributes.ts still imports these from here.
export type { Mode, Position } from './view';

export interface AppProps extends ViewOptions {
  session: ChatSession;
  view: ChatView;
}

interface AppState {
  announcement?: string;
  /** Files are dragged over the panel: it shows where to drop them. */
  dragging?: boolean;
  /** The image in the viewer, and the control that opened it (focus goes back there). */
  viewing?: { url: string; opener: HTMLElement } | null;
  /** The connection came back a moment ago: the banner says so, then goes. */
  backOnline?: boolean;
}

const BACK_ONLINE_MS = 3_000;

export class App extends Component<AppProps, AppState> {
  launcher = createRef<HTMLButtonElement>();
  input = createRef<HTMLTextAreaElement>();
  composer = createRef<Composer>();
  viewerClose = createRef<HTMLButtonElement>();
  stopListening?: () => void;
  backOnlineTimer?: ReturnType<typeof setTimeout>;

  override componentDidMount() {
    // New agent and info messages are read out politely by screen readers.
    this.stopListening = this.props.session.on('message', ({ message, direction }) => {
      const t = strings(this.props.lang);
      if (direction === 'in') this.setState({ announcement: `${message.agent?.name ?? t.newMessage}: ${message.text ?? t.image}` });
    });
  }

  override componentWillUnmount() {
    this.stopListening?.();
    clearTimeout(this.backOnlineTimer);
  }

  override componentDidUpdate(previous: AppProps, previousState: AppState) {
    const { connection } = this.props.view;
    if (connection !== previous.view.connection) {
      clearTimeout(this.backOnlineTimer);
      const back = connection === 'online';
      this.setState({ backOnline: back });
      if (back) this.backOnlineTimer = setTimeout(() => this.setState({ backOnline: false }), BACK_ONLINE_MS);
    }
    if (this.props.view.isOpen && !previous.view.isOpen && this.props.mode !== 'inline') this.input.current?.focus({ preventScroll: true });
    if (this.state.viewing && !previousState.viewing) this.viewerClose.current?.focus();
  }

  openImage = (url: string, opener: HTMLElement) => this.setState({ viewing: { url, opener } });

  closeViewer = () => {
    this.state.viewing?.opener.focus();
    this.setState({ viewing: null });
  };

  /** The visitor closes the chat (close button, Escape, launcher). */
  close = () => {
    this.props.session.close();
    // The launcher is rendered again by then; focus goes back where the visitor came from.
    queueMicrotask(() => this.launcher.current?.focus());
  };

  render({ session, view, lang, mode, position }: AppProps, { dragging, viewing, backOnline }: AppState) {
    const t = strings(lang);
    const allowImage = Boolean(view.config?.allowImage);
    const { isOpen: open, config, unread, error, connection } = view;
    const title = config?.name ?? t.title;
    const canClose = mode !== 'inline' && !config?.hideCloseButton;
    const showPanel = open || mode === 'inline';
    return (
      <div class={`root ${mode} ${position}`} lang={lang}>
        {mode !== 'inline' && (!open || !canClose) && (
          <button
            ref={this.launcher}
            part="launcher"
            type="button"
            class="launch"
            aria-label={unread ? `${t.openChat}, ${fill(t.unread, unread)}` : t.openChat}
            aria-expanded={open}
            onClick={() => (open ? this.close() : session.open())}
          >
            <ChatIcon />
            {unread > 0 && (
              <span part="badge" class="badge" aria-hidden>
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
              if (e.key !== 'Escape' || (!viewing && !canClose)) return;
              e.stopPropagation();
              if (viewing) this.closeViewer();
              else this.close();
            }}
            onDragOver={(e) => {
              if (!allowImage || !e.dataTransfer?.types.includes('Files')) return;
              e.preventDefault();
              if (!dragging) this.setState({ dragging: true });
            }}
            onDrop={(e) => {
              e.preventDefault();
              this.setState({ dragging: false });
              void this.composer.current?.pick(e.dataTransfer?.files[0]);
            }}
          >
            <header part="header" class="header">
              <h2 part="title" class="title">
                {title}
              </h2>
              {config?.telephone && (
                <a class="icon-button" href={`tel:${config.telephone.replace(/[^+\d]/g, '')}`} aria-label={fill(t.call, config.telephone)}>
                  <PhoneIcon />
                </a>
              )}
              {canClose && (
                <button part="close" type="button" class="icon-button" aria-label={t.closeChat} onClick={this.close}>
                  <CloseIcon />
                </button>
              )}
            </header>
            <Banner text={bannerText({ error, connection, backOnline }, t)} error={error} />
            {view.sticky && (
              <div part="sticky" class="sticky">
                <RichText text={view.sticky} />
              </div>
            )}
            <div class="body">
              {config?.intro && (
                <div part="intro" class="intro">
                  <RichText text={config.intro} />
                </div>
              )}
              {view.loadState === 'loading' ? (
                <div class="loading">{t.loading}</div>
              ) : (
                <MessageList session={session} view={view} lang={lang} t={t} onOpenImage={this.openImage} />
              )}
            </div>
            <Composer ref={this.composer} session={session} t={t} input={this.input} allowImage={allowImage} />
            {dragging && (
              <div part="drop" class="drop" onDragLeave={() => this.setState({ dragging: false })}>
                {t.dropImage}
              </div>
            )}
            {viewing && (
              <div part="viewer" class="viewer" role="dialog" aria-modal="true" aria-label={t.image}>
                <img src={viewing.url} alt="" />
                <a part="original" href={viewing.url} target="_blank" rel="noopener noreferrer">
                  {t.original}
                </a>
                <button ref={this.viewerClose} part="viewer-close" type="button" class="icon-button" aria-label={t.close} onClick={this.closeViewer}>
                  <CloseIcon />
                </button>
              </div>
            )}
          </section>
        )}
        <div class="sr" aria-live="polite">
          {this.state.announcement}
        </div>
      </div>
    );
  }
}
