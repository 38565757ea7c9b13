import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatSession } from '../chat/session';
import type { Message } from '../transport/types';
import { dayKey, formatDay } from './format';
import type { Strings } from './i18n';
import { MessageItem } from './MessageItem';
import { useValue } from './use-value';

/** Within this many pixels of the bottom the visitor is "at the bottom" and follows new messages. */
const BOTTOM_SLACK = 48;
/** Older messages load when the visitor scrolls this close to the top. */
const TOP_SLACK = 120;

export function MessageList({ session, lang, t }: { session: ChatSession; lang: string; t: Strings }) {
  const list = useValue(session.messages);
  const agent = useValue(session.agent);
  const typing = agent?.isTyping ?? false;
  const hasOlder = useValue(session.hasOlder);
  const loadingOlder = useValue(session.loadingOlder);
  const ref = useRef<HTMLDivElement>(null);
  // Scroll memory between renders: whether the visitor was at the bottom, and the distance from the bottom,
  // so that older messages added above keep the visible ones where they are.
  const scroll = useRef({ atBottom: true, fromBottom: 0, firstId: '' });

  const remember = () => {
    const el = ref.current!;
    scroll.current.fromBottom = el.scrollHeight - el.scrollTop;
    scroll.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
  };

  useLayoutEffect(() => {
    const el = ref.current!;
    const firstId = list[0]?.id ?? '';
    const { atBottom, fromBottom, firstId: previousFirst } = scroll.current;
    if (previousFirst && firstId !== previousFirst && !atBottom) el.scrollTop = el.scrollHeight - fromBottom;
    else if (atBottom) el.scrollTop = el.scrollHeight;
    scroll.current.firstId = firstId;
    remember();
  }, [list, typing]);

  const onScroll = () => {
    remember();
    if (ref.current!.scrollTop < TOP_SLACK && hasOlder && !loadingOlder) void session.loadOlder();
  };

  return (
    <div ref={ref} part="messages" class="messages" role="log" aria-label={t.messages} aria-live="off" tabIndex={0} onScroll={onScroll}>
      {hasOlder && (
        <button type="button" class="older" disabled={loadingOlder} onClick={() => void session.loadOlder()}>
          {loadingOlder ? t.loading : t.loadOlder}
        </button>
      )}
      {renderWithSeparators(list, (message, i) => (
        <MessageItem key={message.id} message={message} session={session} lang={lang} t={t} showAgentName={agentChanged(list, i)} />
      ), lang, t)}
      {typing && (
        <div part="typing" class="typing" role="status" aria-label={t.agentTypingLabel(agent?.name ?? null)}>
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
        </div>
      )}
    </div>
  );
}

function renderWithSeparators(list: Message[], item: (m: Message, i: number) => preact.JSX.Element, lang: string, t: Strings) {
  const out: preact.JSX.Element[] = [];
  list.forEach((message, i) => {
    const day = dayKey(message.time);
    if (i === 0 || dayKey(list[i - 1]!.time) !== day) {
      out.push(
        <div key={'day-' + day} class="day" role="separator">
          <span>{formatDay(message.time, lang, t)}</span>
        </div>,
      );
    }
    out.push(item(message, i));
  });
  return out;
}

/** True for an agent message whose agent differs from the previous agent message's. */
function agentChanged(list: Message[], index: number): boolean {
  const message = list[index]!;
  if (message.from !== 'agent') return false;
  for (let i = index - 1; i >= 0; i--) {
    const previous = list[i]!;
    if (previous.from === 'agent') return previous.agent?.name !== message.agent?.name;
  }
  return true;
}
