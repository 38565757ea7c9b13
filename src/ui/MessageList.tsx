import { Component, createRef, h } from 'preact';
import { dayKey, formatDay } from './format';
import type { Strings } from './i18n';
import type { OpenImage } from './MessageImage';
import { MessageItem } from './MessageItem';
import type { ChatActions, ChatView } from './view';

/** Within this many pixels of the bottom the visitor is "at the bottom" and follows new messages. */
const BOTTOM_SLACK = 48;
/** Older messages load when the visitor scrolls this close to the top. */
const TOP_SLACK = 120;

interface Props {
  actions: Pick<ChatActions, 'loadOlder' | 'retry' | 'cancel' | 'fetchImage'>;
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
    const firstId = this.props.view.messages[0]?.id ?? '';
    if (this.firstId && firstId !== this.firstId && !this.atBottom) el.scrollTop = el.scrollHeight - this.fromBottom;
    else if (this.atBottom) el.scrollTop = el.scrollHeight;
    this.firstId = firstId;
    this.remember();
  }

  onScroll = () => {
    this.remember();
    const { view, actions } = this.props;
    if (this.list.current!.scrollTop < TOP_SLACK && view.hasOlder && !view.loadingOlder) void actions.loadOlder();
  };

  render({ actions, view, lang, t, onOpenImage }: Props) {
    const { agent, hasOlder, loadingOlder } = view;
    // A date separator before the first message of each day; the agent's name when the agent changes.
    let day = '';
    let agentName: string | undefined | null = null; // null: no agent message yet
    const rows = view.messages.flatMap((message) => {
      const messageDay = dayKey(message.time);
      const showAgentName = message.from === 'agent' && message.agent?.name !== agentName;
      if (message.from === 'agent') agentName = message.agent?.name;
      const item = (
        <MessageItem
          key={message.id}
          message={message}
          actions={actions}
          lang={lang}
          t={t}
          showAgentName={showAgentName}
          onOpenImage={onOpenImage}
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
        {hasOlder && (
          <button type="button" class="older" disabled={loadingOlder} onClick={() => void actions.loadOlder()}>
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
