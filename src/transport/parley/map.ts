// The one place where Parley's wire JSON becomes domain types. Everything enters as `unknown`: a field of the
// wrong type falls back to its safe default, an unusable item is dropped, and only an answer that is unusable
// as a whole throws a TransportError('invalid').
import type {
  AgentInfo,
  AgentState,
  BubbleShape,
  ChatConfig,
  DeliveryStatus,
  FontChoice,
  Message,
  MessagePage,
  Sender,
  ThemeColor,
} from '../types';
import { transportError } from './errors';
import { asObject, flag, httpUrl, isPhoneNumber, markdown, num, text, truthy, type WireObject } from '../narrow';
import type { WireColorField } from './wire';

/** Parley's config colour fields and the theme colour each one sets. */
export const PARLEY_COLORS = {
  backgroundColor: 'background',
  navBackgroundColor: 'navBackground',
  navTextColor: 'navText',
  dateColor: 'date',
  inputFieldBackgroundColor: 'inputFieldBackground',
  inputFieldTextColor: 'inputFieldText',
  inputFieldPlaceholderColor: 'inputFieldPlaceholder',
  inputBackgroundColor: 'inputBackground',
  inputTextColor: 'inputText',
  userBackgroundColor: 'userBackground',
  userTextColor: 'userText',
  userTextLinkColor: 'userLink',
  userTimeColor: 'userTime',
  userSentColor: 'userSent',
  accountBackgroundColor: 'agentBackground',
  accountTextColor: 'agentText',
  accountTextLinkColor: 'agentLink',
  accountTimeColor: 'agentTime',
  infoTextBackgroundColor: 'infoBackground',
  infoTextColor: 'infoText',
} as const satisfies Record<WireColorField, ThemeColor>;

/** `balloonStyle` → bubble shape; any other value is 'rounded'. */
export const PARLEY_BALLOON_STYLES: Readonly<Record<number, BubbleShape>> = { 1: 'rounded', 2: 'tail', 3: 'square' };
/** `font` → font choice; any other value is 'system'. */
export const PARLEY_FONTS: Readonly<Record<number, FontChoice>> = { 1: 'sans', 2: 'serif', 3: 'mono', 4: 'rounded' };

// typeId 4 and 5 are hidden system messages: like unknown types, they have no entry and are dropped.
const SENDERS: Readonly<Record<number, Sender>> = { 1: 'user', 2: 'agent', 3: 'info' };
/** A visitor message's `status` the agent's side set: 3 received, 4 seen; 2 (sent) and others are `sent`. */
const STATUSES: Readonly<Record<number, DeliveryStatus>> = { 3: 'delivered', 4: 'seen' };
const COLOR = /^[0-9a-f]{3}([0-9a-f]{3})?$/i;

const dataOf = (body: unknown): unknown => asObject(body)?.data;
const lookup = <T>(table: Readonly<Record<number, T>>, value: unknown): T | undefined => {
  const n = num(value);
  return n === null ? undefined : table[n];
};

// Parley ids are ascending integers; paging (`before:ID`) depends on that, so non-numeric ids are unusable.
const messageId = (value: unknown): string | null => {
  const id = typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : value;
  return Number.isSafeInteger(id) && (id as number) >= 0 ? String(id) : null;
};

const agentInfo = (value: unknown): AgentInfo | null => {
  const wire = asObject(value) ?? {};
  const agent = { name: text(wire.name), avatar: httpUrl(wire.avatar) };
  return agent.name || agent.avatar ? agent : null;
};

/** Maps a message's rich fields (rich.ts, loaded only for a list that has any). */
export type RichMapper = (wire: WireObject) => Partial<Message>;

const RICH_FIELDS = ['title', 'media', 'buttons', 'carousel', 'quickReplies'];

/** Whether a list answer has a message with any rich field (newer API versions send them empty on every message). */
export const hasRich = (body: unknown): boolean => {
  const data = asObject(body)?.data;
  return (
    Array.isArray(data) &&
    data.some((item) =>
      RICH_FIELDS.some((field) => {
        const value = asObject(item)?.[field];
        return Array.isArray(value) ? value.length > 0 : value != null && value !== '';
      }),
    )
  );
};

/** `rich`: the mapper of the rich fields; without it they are not read. */
export function toMessage(value: unknown, rich?: RichMapper): Message | null {
  const wire = asObject(value) ?? {};
  const id = messageId(wire.id);
  const from = lookup(SENDERS, wire.typeId);
  if (id === null || !from) return null;
  const body = markdown(wire.message);
  const { image = null, ...fields } = rich?.(wire) ?? {};
  // The legacy image path first: a message from an older API version has only that.
  const picture = text(wire.image) ?? image;
  if (body === null && picture === null && !Object.keys(fields).length) return null;
  const seconds = Math.max(0, num(wire.time) ?? 0);
  const time = seconds > 1e12 ? seconds : Math.round(seconds * 1000);
  const status = from === 'user' ? lookup(STATUSES, wire.status) : undefined;
  // Beyond the Date range (8.64e15 ms) formatting would throw: unknown, like a missing time.
  return {
    id,
    time: time > 8.64e15 ? 0 : time,
    from,
    text: body,
    image: picture,
    agent: agentInfo(wire.agent),
    ...(status && { status }),
    ...fields,
  };
}

/** Oldest first by id, duplicates removed; Parley sends newest first, but no order is assumed. */
export function toMessages(items: readonly unknown[], rich?: RichMapper): Message[] {
  const byId = new Map<string, Message>();
  for (const item of items) {
    const message = toMessage(item, rich);
    if (message && !byId.has(message.id)) byId.set(message.id, message);
  }
  return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * A list answer; `after`: the cursor it was asked with. Parley's cursors are message ids (`before:ID`, `after:ID`):
 * the oldest of the page, when `paging.before` says there is more, and the newest (or `after` for an empty page).
 */
export function toPage(body: unknown, after: string | null = null, rich?: RichMapper): MessagePage {
  const root = asObject(body);
  if (!root || !Array.isArray(root.data)) throw transportError('invalid');
  const wireAgent = asObject(root.agent);
  const info = agentInfo(wireAgent);
  const isTyping = truthy(wireAgent?.isTyping);
  const agent: AgentState | null = info || isTyping ? { name: null, avatar: null, ...info, isTyping } : null;
  const messages = toMessages(root.data, rich);
  const ids = messages.map((m) => m.id);
  return {
    messages,
    older: text(asObject(root.paging)?.before) === null ? null : (ids[0] ?? null),
    newer: ids.pop() ?? after,
    agent,
    sticky: text(root.stickyMessage),
    welcome: text(root.welcomeMessage),
  };
}

/** The id must be one a list would accept: it becomes a cursor. */
export function toSendResult(body: unknown): { id: string } {
  const id = messageId(asObject(dataOf(body))?.messageId);
  if (id === null) throw transportError('invalid');
  return { id };
}

/** `PUT /messages/status/4`: the answer lists the ids it marked (not the visitor's own ones asked); else invalid. */
export function toSeenResult(body: unknown): void {
  if (!Array.isArray(asObject(dataOf(body))?.messageIds)) throw transportError('invalid');
}

/** `GET /messages/unseen/count`: `count`, a whole number of at least 0. */
export function toUnseenCount(body: unknown): number {
  const count = num(asObject(dataOf(body))?.count);
  if (!Number.isSafeInteger(count) || (count as number) < 0) throw transportError('invalid');
  return count as number;
}

export function toConfig(body: unknown): Partial<ChatConfig> {
  const wire: WireObject | null = asObject(dataOf(body));
  if (!wire) throw transportError('invalid');
  const colors: ChatConfig['colors'] = {};
  for (const [field, color] of Object.entries(PARLEY_COLORS)) {
    const value = wire[field];
    if (typeof value === 'string' && COLOR.test(value)) colors[color] = `#${value.toLowerCase()}`;
  }
  const telephone = text(wire.telephone);
  return {
    name: text(wire.name),
    telephone: telephone !== null && isPhoneNumber(telephone) ? telephone : null,
    allowImage: flag(wire.allowImage),
    hideCloseButton: flag(wire.navHideCloseButton),
    // infoText promises a push notification, which a web page cannot receive; infoText2 says so.
    intro: text(wire.infoText2),
    introBorder: truthy(wire.infoTextBorder),
    dateBorder: truthy(wire.dateBorder),
    authorizationRequired: flag(wire.authorizationRequired),
    colors,
    backgroundImage: httpUrl(wire.backgroundImage),
    bubbleShape: lookup(PARLEY_BALLOON_STYLES, wire.balloonStyle),
    font: lookup(PARLEY_FONTS, wire.font),
  };
}
