// The rich fields of a Parley message (title, buttons, quick replies, carousel, media) as domain types, for map.ts:
// a chunk of its own in the split script-tag build, loaded by the first list that has any (index.ts), so a text
// conversation never loads it. Every field is untrusted: a button opens only an http(s) or tel: URL, a file name is
// never a path, and one message shows a bounded number of buttons, chips and cards however many it brings.
import { asObject, httpUrl, markdown, num, telUrl, text, type WireObject } from '../narrow';
import type { Attachment, ButtonAction, Card, Message, MessageButton } from '../types';

/** At most this many of each per message (or card); the rest are dropped. */
const MAX_BUTTONS = 12;
const MAX_QUICK_REPLIES = 12;
const MAX_CARDS = 20;
/** Labels and titles longer than this are cut, with an ellipsis. */
const MAX_LABEL = 200;

const ACTIONS = new Map<unknown, ButtonAction>([
  ['reply', 'reply'],
  ['webUrl', 'link'],
  ['phoneNumber', 'call'],
]);
/** Types shown inline as images; any other file is an attachment. */
const IMAGE_TYPE = /^image\/(jpeg|png|gif|webp)$/;
const MIME_TYPE = /^[a-z]+\/[\w.+-]+$/;
/** A plain file name: no path separator, no control character, not `.` or `..`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const FILE_NAME = /^(?!\.\.?$)[^/\\\0-\x1f]{1,255}$/;

const label = (value: unknown): string | null => {
  const line = text(value);
  return line && line.length > MAX_LABEL ? `${line.slice(0, MAX_LABEL - 1)}…` : line;
};

/** The usable items of a list, at most `max`. */
function items<T>(value: unknown, map: (item: unknown) => T | null, max: number): T[] {
  const found: T[] = [];
  if (!Array.isArray(value)) return found;
  for (const item of value) {
    const mapped = map(item);
    if (mapped !== null && found.push(mapped) === max) break;
  }
  return found;
}

function toButton(value: unknown): MessageButton | null {
  const wire = asObject(value) ?? {};
  const payload = text(wire.payload);
  const name = label(wire.title) ?? label(payload);
  if (name === null) return null;
  const action = ACTIONS.get(wire.type);
  if (!action) return { action: 'unsupported', label: name, value: null };
  if (payload === null) return { action, label: name, value: null };
  const target = action === 'link' ? httpUrl(payload) : action === 'call' ? telUrl(payload) : payload;
  return target === null ? { action: 'text', label: name, value: null } : { action, label: name, value: target };
}

/** Parley's media object: an image reference, or an attachment; null when it names no file that can be fetched. */
function toMedia(value: unknown): { image: string } | { attachment: Attachment } | null {
  const wire = asObject(value);
  const name = text(wire?.filename);
  const date = [wire?.year, wire?.month, wire?.day].map(num);
  if (!name || !FILE_NAME.test(name) || !date.every((n) => Number.isSafeInteger(n) && n! > 0)) return null;
  const ref = `media/${date.join('/')}/${encodeURIComponent(name)}`;
  const given = text(wire!.mimeType)?.toLowerCase() ?? '';
  const type = MIME_TYPE.test(given) ? given : 'application/octet-stream';
  if (IMAGE_TYPE.test(type)) return { image: ref };
  // Parley stores a file under a hash; the description is what it was called (the web client sends the name).
  const description = label(wire!.description);
  const saveAs = description && FILE_NAME.test(description) && /\.\w{1,8}$/.test(description) ? description : name;
  return { attachment: { ref, name: saveAs, label: description ?? name, type, size: null } };
}

function toCard(value: unknown): Card | null {
  const wire = asObject(value) ?? {};
  const media = toMedia(wire.media);
  const card: Card = {
    title: label(wire.title),
    text: markdown(wire.message),
    image: media && 'image' in media ? media.image : null,
    attachment: media && 'attachment' in media ? media.attachment : null,
    buttons: items(wire.buttons, toButton, MAX_BUTTONS),
  };
  return card.title || card.text || card.image || card.attachment || card.buttons.length ? card : null;
}

/** The rich fields a message has, each only when present and usable; `image` from its media. */
export function richFields(wire: WireObject): Partial<Message> {
  const fields: Partial<Message> = {};
  const title = label(wire.title);
  if (title) fields.title = title;
  const buttons = items(wire.buttons, toButton, MAX_BUTTONS);
  if (buttons.length) fields.buttons = buttons;
  const quickReplies = items(wire.quickReplies, label, MAX_QUICK_REPLIES);
  if (quickReplies.length) fields.quickReplies = quickReplies;
  const cards = items(wire.carousel, toCard, MAX_CARDS);
  if (cards.length) fields.cards = cards;
  const media = toMedia(wire.media);
  if (media) Object.assign(fields, media);
  return fields;
}
