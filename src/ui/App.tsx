import { Component, createRef, h } from 'preact';
import { isOpenChoice } from '../chat/choices';
import type { ChatSession } from '../chat/session';
import type { Message } from '../transport/types';
import { Banner } from './Banner';
import { Composer } from './Composer';
import { Header } from './Header';
import { fill, type Strings, strings } from './i18n';
import { Launcher } from './Launcher';
import { ImageViewer } from './lazy-images';
import { QuickReplies } from './lazy-rich';
import type { OpenedImage } from './MessageImage';
import { MessageList } from './MessageList';
import { RichText } from './RichText';
import type { ChatActions, ChatView, ViewOptions } from './view';

export interface AppProps extends ViewOptions {
  session: ChatActions & Pick<ChatSession, 'on'>;
  view: ChatView;
}

interface AppState {
  /** The id of the message last read out by screen readers (the live region). */
  announced?: string;
  /** Files are dragged over the panel: it shows where to drop them. */
  dragging?: boolean;
  viewing?: OpenedImage | null;
  /** The connection came back a moment ago: the banner says so, then goes. */
  backOnline?: boolean;
}

const BACK_ONLINE_MS = 3_000;

const messageOf = ({ messages }: ChatView, id: string | undefined) => messages.find((message) => message.id === id);

/** A new message as screen readers hear it: who, what, and the replies it suggests. */
function spoken({ agent, title, text, image, attachment, quickReplies }: Message, t: Strings): string {
  const what = [title, text ?? (image ? t.image : attachment?.label)].filter(Boolean).join('. ');
  const replies = quickReplies ? ` ${fill(t.suggested, quickReplies.join(', '))}` : '';
  return `${agent?.name ?? t.newMessage}: ${what}${replies}`;
}

export class App extends Component<AppProps, AppState> {
  launcher = createRef<HTMLButtonElement>();
  input = createRef<HTMLTextAreaElement>();
  composer = createRef<Composer>();
  stopListening?: () => void;
  backOnlineTimer?: ReturnType<typeof setTimeout>;

  /** The viewer closes when its message leaves the view (a reset, in this tab or another). */
  static getDerivedStateFromProps({ view }: AppProps, { viewing }: AppState): AppState | null {
    return viewing && !messageOf(view, viewing.id) ? { viewing: null } : null;
  }

  override componentDidMount() {
    // New agent and info messages are read out politely by screen readers.
    this.stopListening = this.props.session.on('message', ({ message, direction }) => {
      if (direction === 'in') this.setState({ announced: message.id });
    });
  }

  override componentWillUnmount() {
    this.stopListening?.();
    clearTimeout(this.backOnlineTimer);
  }

  override componentDidUpdate(previous: AppProps) {
    const { connection } = this.props.view;
    if (connection !== previous.view.connection) {
      clearTimeout(this.backOnlineTimer);
      const back = connection === 'online';
      this.setState({ backOnline: back });
      if (back) this.backOnlineTimer = setTimeout(() => this.setState({ backOnline: false }), BACK_ONLINE_MS);
    }
    if (this.props.view.isOpen && !previous.view.isOpen && this.props.mode !== 'inline')
      this.input.current?.focus({ preventScroll: true });
  }

  openImage = (viewing: OpenedImage) => this.setState({ viewing });

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

  render({ session, view, lang, mode, position }: AppProps, { dragging, viewing, backOnline, announced }: AppState) {
    const t = strings(lang);
    const { isOpen: open, config } = view;
    const title = config?.name ?? t.title;
    const canClose = mode !== 'inline' && !config?.hideCloseButton;
    // Looked up at each render: the live region empties when its message leaves the view (a reset, in this tab or
    // another), and a follower tab, told of a message before the leader's state brings it, speaks once it comes.
    const announcement = messageOf(view, announced);
    const newest = view.messages[view.messages.length - 1];
    const intro = view.welcome ?? config?.intro;
    return (
      <div class={`root ${mode} ${position}`} lang={lang}>
        {mode !== 'inline' && (!open || !canClose) && (
          <Launcher {...view} buttonRef={this.launcher} t={t} onClick={open ? this.close : session.open} />
        )}
        {(open || mode === 'inline') && (
          <section
            part="panel"
            class="panel"
            role={mode === 'inline' ? 'region' : 'dialog'}
            aria-label={title}
            onPointerMove={session.activity}
            onFocusIn={session.activity}
            onKeyDown={(e) => {
              if (e.key !== 'Escape' || (!viewing && !canClose)) return;
              e.stopPropagation();
              if (viewing) this.closeViewer();
              else this.close();
            }}
            onDragOver={(e) => {
              if (!config?.allowImage || !e.dataTransfer?.types.includes('Files')) return;
              e.preventDefault();
              if (!dragging) this.setState({ dragging: true });
            }}
            onDrop={(e) => {
              e.preventDefault();
              this.setState({ dragging: false });
              void this.composer.current?.pick(e.dataTransfer?.files[0]);
            }}
          >
            <Header title={title} telephone={config?.telephone} t={t} onClose={canClose ? this.close : undefined} />
            <Banner {...view} backOnline={backOnline} t={t} startNew={session.startNew} />
            {view.sticky && (
              <div part="sticky" class="sticky">
                <RichText text={view.sticky} />
              </div>
            )}
            <div class="body">
              {intro && (
                <div part="intro" class="intro">
                  <RichText text={intro} />
                </div>
              )}
              {view.loadState === 'loading' ? (
                <div class="loading">{t.loading}</div>
              ) : (
                <MessageList actions={session} view={view} lang={lang} t={t} onOpenImage={this.openImage} />
              )}
            </div>
            {newest?.quickReplies && isOpenChoice(view.messages, newest) && (
              <QuickReplies
                replies={newest.quickReplies}
                t={t}
                choose={(reply) => void session.choose(newest.id, reply).catch(() => {})}
              />
            )}
            <Composer
              ref={this.composer}
              actions={session}
              t={t}
              input={this.input}
              allowImage={Boolean(config?.allowImage) && session.capabilities().maxImageBytes > 0}
            />
            {dragging && (
              // biome-ignore lint/a11y/noStaticElementInteractions: a mouse drop target; keyboards attach
              <div part="drop" class="drop" onDragLeave={() => this.setState({ dragging: false })}>
                {t.dropImage}
              </div>
            )}
            {viewing && <ImageViewer url={viewing.url} t={t} onClose={this.closeViewer} />}
          </section>
        )}
        <div class="sr" aria-live="polite">
          {announcement && spoken(announcement, t)}
        </div>
      </div>
    );
  }
}
