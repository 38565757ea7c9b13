import { Component, createRef, h } from 'preact';
import { chosenReply, isOpenChoice, repliesOf } from '../chat/choices';
import { dayKey, formatDay } from './format';
import type { Strings } from './i18n';
import type { OpenImage } from './MessageImage';
import { MessageItem } from './MessageItem';
import type { ChatActions, ChatView } from './view';

/** Within this many pixels of the bottom the visitor is "at the bottom" and follows new messages. */
const BOTTOM_SLACK = 48;
/** Older messages load when the visitor scrolls this close to the top. */
const TOP_SLACK = 120;
/**
 * The list first renders only the newest messages, enough to fill a tall panel: a conversation opens at the bottom,
 * and most visitors never scroll up. The older ones it has are added this many at a time as the visitor scrolls up
 * (or the list is not full yet), before any older page is asked of the server.
 */
const WINDOW = 20;

interface Props {
  actions: Pick<ChatActions, 'loadOlder' | 'retry' | 'cancel' | 'fetchImage' | 'fetchFile' | 'choose'>;
  view: ChatView;
  lang: string;
  t: Strings;
  onOpenImage: OpenImage;
}

export class MessageList extends Component<Props> {
  list = createRef<HTMLDivElement>();
  // Scroll memory between renders: whether the visitor was at the bottom, and the distance from the bottom,
  // so that older messages added above keep the visible ones where they are.
  atBottom = true;
  fromBottom = 0;
  firstId = '';
  /** How many of the oldest messages the session has are not rendered (yet); infinite until the first arrive. */
  hidden = Number.POSITIVE_INFINITY;

  /** The index of the first message rendered: `hidden`, but never hiding any of the newest WINDOW. */
  start(): number {
    return Math.min(this.hidden, Math.max(0, this.props.view.messages.length - WINDOW));
  }

  /** Renders WINDOW more of the messages the session has, or asks for an older page when all are rendered. */
  showOlder() {
    const start = this.start();
    if (start) {
      this.hidden = Math.max(0, start - WINDOW);
      this.forceUpdate();
    } else if (this.props.view.hasOlder && !this.props.view.loadingOlder) void this.props.actions.loadOlder();
  }

  remember() {
    const el = this.list.current!;
    this.fromBottom = el.scrollHeight - el.scrollTop;
    this.atBottom = this.fromBottom - el.clientHeight <= BOTTOM_SLACK;
  }

  override componentDidMount() {
    this.componentDidUpdate();
  }

  override componentDidUpdate() {
    const el = this.list.current!;
    // From the first messages on, the window stays where it is: new messages are added below it.
    if (this.hidden === Number.POSITIVE_INFINITY && this.props.view.messages.length) this.hidden = this.start();
    const firstId = this.props.view.messages[this.start()]?.id ?? '';
    if (this.firstId && firstId !== this.firstId && !this.atBottom) el.scrollTop = el.scrollHeight - this.fromBottom;
    else if (this.atBottom) el.scrollTop = el.scrollHeight;
    this.firstId = firstId;
    this.remember();
    // A list that does not fill the panel cannot be scrolled up: it shows the messages it holds back at once.
    if (this.start() && el.scrollHeight <= el.clientHeight + TOP_SLACK) this.showOlder();
  }

  onScroll = () => {
    this.remember();
    if (this.list.current!.scrollTop < TOP_SLACK) this.showOlder();
  };

  render({ actions, view, lang, t, onOpenImage }: Props) {
    const { agent, hasOlder, loadingOlder } = view;
    const start = this.start();
    // A date separator before the first message of each day; the agent's name when the agent changes.
    let day = '';
    let agentName: string | undefined | null = null; // null: no agent message yet
    const rows = view.messages.flatMap((message, index) => {
      const showAgentName = message.from === 'agent' && message.agent?.name !== agentName;
      if (message.from === 'agent') agentName = message.agent?.name;
      if (index < start) return [];
      const messageDay = dayKey(message.time);
      const item = (
        <MessageItem
          key={message.id}
          message={message}
          actions={actions}
          lang={lang}
          t={t}
          showAgentName={showAgentName}
          onOpenImage={onOpenImage}
          open={isOpenChoice(view.messages, message)}
          chosen={repliesOf(message).length ? chosenReply(view.messages, message) : null}
        />
      );
      if (messageDay === day) return item;
      day = messageDay;
      return [
        // biome-ignore lint/a11y/useSemanticElements: a separator with a text (the date), which an <hr> cannot hold
        <div key={`day-${day}`} class="day" role="separator">
          <span>{formatDay(message.time, lang, t)}</span>
        </div>,
        item,
      ];
    });
    return (
      <div
        ref={this.list}
        part="messages"
        class="messages"
        role="log"
        aria-label={t.messages}
        aria-live="off"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard
        tabIndex={0}
        onScroll={this.onScroll}
      >
        {(hasOlder || start > 0) && (
          <button type="button" class="older" disabled={loadingOlder} onClick={() => this.showOlder()}>
            {loadingOlder ? t.loading : t.loadOlder}
          </button>
        )}
        {rows}
        {agent?.isTyping && (
          <div
            part="typing"
            class="typing"
            role="status"
            aria-label={agent.name ? `${agent.name}: ${t.typing}` : t.typing}
          >
            <span aria-hidden>
              <i />
              <i />
              <i />
            </span>
          </div>
        )}
      </div>
    );
  }
}
