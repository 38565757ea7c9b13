// The one place where Kommunicate's wire JSON becomes domain types. Everything enters as `unknown`: a field of the
// wrong type falls back to its safe default, an unusable item is dropped, and only an answer that is unusable as a
// whole throws a TransportError('invalid').
import { asObject, httpUrl, num, text, type WireObject } from '../narrow';
import type { AgentInfo, AgentState, Message, Sender } from '../types';
import { transportError } from './errors';

/** A message list answer, before the adapter makes pages of it. */
export interface ListAnswer {
  /** Oldest first, no duplicates, hidden ones removed. */
  messages: Message[];
  /** How many items the answer listed, hidden and unusable ones too: a full page means there may be more. */
  count: number;
  /** The oldest and newest `createdAtTime` of every item listed (hidden ones too): the cursors. */
  oldest: number | null;
  newest: number | null;
  /** The group's CONVERSATION_STATUS is 2 (closed). */
  closed: boolean;
  /** The assigned agent: null for none; absent when the answer has no group feed. */
  agent?: AgentState | null;
}

const SENDERS: Readonly<Record<number, Sender>> = { 5: 'user', 4: 'agent' };
/** Text, attachment, HTML, text with a link, notify; the rest (location, hidden, unknown) is dropped. */
const SHOWN_TYPES = [0, 1, 3, 5, 10];
const HTML = 3;
const NOTIFY = 10;
/** Any scheme-less token: a blobKey must not pass for a URL or a path of another kind. */
const BLOB_KEY = /^[\w.~=+/-]{1,1000}$/;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Epoch ms of a message (a number or a string of digits), within the Date range; else null. */
const timeOf = (value: unknown): number | null => {
  const time = num(value);
  return time !== null && Number.isSafeInteger(time) && time > 0 && time <= 8.64e15 ? time : null;
};

/** A message key usable as an id: never one the session could take for its own `local:` ids. */
const keyOf = (value: unknown): string | null => {
  const key = text(value);
  return key && key.length <= 200 && !key.startsWith('local:') ? key : null;
};

const codePoint = (code: number, fallback: string): string =>
  code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : fallback;

/**
 * An HTML message as plain text: scripts and styles go with their content, tags are removed (a link keeps its
 * words, never its address), line breaks and paragraphs become new lines, and the common entities are decoded.
 * The result is text, never markup: the UI renders it as light Markdown.
 */
export function htmlToText(html: string): string {
  return (
    html
      // An unclosed one runs to the end (`$`), so the scan stays linear.
      .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, '')
      .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6]|tr)\s*>/gi, '\n')
      .replace(/<[^>]*>?/g, '')
      .replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|(\w+));/gi, (entity, dec?: string, hex?: string, name?: string) =>
        dec || hex
          ? codePoint(dec ? Number(dec) : Number.parseInt(hex!, 16), entity)
          : (ENTITIES[name!.toLowerCase()] ?? entity),
      )
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** The sender's name and avatar, by userId, from the answer's `userDetails`. */
function userDetails(value: unknown): Map<string, AgentInfo> {
  const users = new Map<string, AgentInfo>();
  for (const item of Array.isArray(value) ? value : []) {
    const user = asObject(item);
    const id = text(user?.userId);
    if (!user || id === null || users.has(id)) continue;
    const info = { name: text(user.userName), avatar: httpUrl(user.imageLink) };
    if (info.name || info.avatar) users.set(id, info);
  }
  return users;
}

/** What an attachment shows: an image's reference (its public URL, else its blobKey), or a line with its name. */
function attachment(value: unknown): { image: string } | { line: string } | null {
  const file = asObject(value);
  if (!file) return null;
  if (/^image\//i.test(text(file.contentType) ?? '')) {
    const key = text(file.blobKey);
    const image = httpUrl(file.url) ?? (key && BLOB_KEY.test(key) ? key : null);
    return image ? { image } : null;
  }
  return { line: `📎 ${text(file.name) ?? 'file'}` };
}

const hidden = (wire: WireObject, metadata: WireObject): boolean =>
  num(wire.contentType) === 11 || metadata.category === 'HIDDEN' || String(metadata.hide) === 'true';

/** One listed message; null when it is hidden or unusable. `users`: the answer's userDetails. */
export function toMessage(value: unknown, users: ReadonlyMap<string, AgentInfo> = new Map()): Message | null {
  const wire = asObject(value) ?? {};
  const metadata = asObject(wire.metadata) ?? {};
  const id = keyOf(wire.key);
  const time = timeOf(wire.createdAtTime);
  const contentType = num(wire.contentType) ?? 0;
  const type = num(wire.type);
  const sender = type === null ? undefined : SENDERS[type];
  if (id === null || time === null || !sender || hidden(wire, metadata) || !SHOWN_TYPES.includes(contentType)) {
    return null;
  }
  const from: Sender = contentType === NOTIFY ? 'info' : sender;
  const message = text(wire.message) === null ? null : (wire.message as string);
  let body = contentType === HTML && message !== null ? text(htmlToText(message)) : message;
  const file = attachment(wire.fileMeta);
  const image = file && 'image' in file ? file.image : null;
  if (file && 'line' in file) body = body === null ? file.line : `${body}\n${file.line}`;
  if (body === null && image === null) return null;
  const agent = from === 'agent' ? (users.get(text(wire.to) ?? '') ?? null) : null;
  return { id, time, from, text: body, image, agent };
}

/** A `message/list` answer. Kommunicate lists newest first; no order is assumed. */
export function toList(body: unknown): ListAnswer {
  const root = asObject(body);
  if (!root || !Array.isArray(root.message)) throw transportError('invalid');
  const users = userDetails(root.userDetails);
  const byId = new Map<string, Message>();
  let oldest: number | null = null;
  let newest: number | null = null;
  for (const item of root.message) {
    const time = timeOf(asObject(item)?.createdAtTime);
    if (time !== null) {
      oldest = Math.min(oldest ?? time, time);
      newest = Math.max(newest ?? time, time);
    }
    const message = toMessage(item, users);
    if (message && !byId.has(message.id)) byId.set(message.id, message);
  }
  const messages = [...byId.values()].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
  const feed = Array.isArray(root.groupFeeds) ? asObject(root.groupFeeds[0]) : null;
  const group = asObject(feed?.metadata) ?? {};
  const answer: ListAnswer = {
    messages,
    count: root.message.length,
    oldest,
    newest,
    closed: num(group.CONVERSATION_STATUS) === 2,
  };
  if (feed) {
    const assignee = text(group.CONVERSATION_ASSIGNEE);
    const info = assignee === null ? null : (users.get(assignee) ?? { name: null, avatar: null });
    answer.agent = info && { ...info, isTyping: false };
  }
  return answer;
}

/** The group id of a `group/conversation` or `group/v2/info` answer, as the conversation handle. */
export function toGroupId(body: unknown): string {
  const value = asObject(asObject(body)?.response)?.id;
  const id = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  if (!(Number.isSafeInteger(id) && (id as number) > 0)) throw transportError('invalid');
  return String(id);
}

/** The id of a sent message: its `messageKey`, the listed message's `key`; null when the answer has none usable. */
export const toSendResult = (body: unknown): { id: string | null } => ({ id: keyOf(asObject(body)?.messageKey) });

/** An upload's fileMeta, to send as it came; it must name its file. */
export function toFileMeta(body: unknown): WireObject {
  const meta = asObject(body);
  if (!text(meta?.blobKey)) throw transportError('invalid');
  return meta!;
}

/** The signed URL of a private file (`file/url` answers it as text). */
export function toFileUrl(body: unknown): string {
  const url = httpUrl(body);
  if (!url) throw transportError('invalid');
  return url;
}
