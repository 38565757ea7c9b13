// One message as the agent console shows it: who and when, the text or image, Parley's rich fields (title, file,
// buttons, quick replies, carousel: shown as data, nothing in them is clickable) and, on the agent's messages, whether
// the visitor has seen them. Hostile values (HTML, `javascript:` URLs) are shown as text.

import { el, timeOf } from './agent-dom.js';

const KIND = { 1: 'visitor', 2: 'agent', 3: 'info' };
/** More buttons or cards than this are summed up: the hostile preset sends 500 and 100. */
const MAX_SHOWN = 20;
const SEEN = 4;

/** @param {any} m a result: { id, time, message, image, typeId, agent, status, title?, media?, buttons?, ... } */
export function renderMessage(m) {
  const kind = KIND[/** @type {1 | 2 | 3} */ (m.typeId)] ?? 'hidden';
  const li = el('li', `msg msg--${kind}`);
  const head = el('span', 'msg__head');
  const who = kind === 'agent' ? (m.agent?.name ?? 'agent') : kind === 'hidden' ? `hidden (typeId ${m.typeId})` : kind;
  head.append(el('span', 'msg__who', who), el('span', 'msg__time', `${timeOf(m.time)} · #${m.id}`));
  li.append(head);
  if (m.contentType === 3) head.append(el('span', 'msg__tag', 'HTML'));
  if (typeof m.title === 'string') li.append(el('p', 'msg__title', m.title));
  if (m.message !== null) li.append(el('p', 'msg__text', m.message));
  if (typeof m.image === 'string' && /^(media|kommunicate\/files)\/[\w./-]+$/.test(m.image)) {
    li.append(image(`/webcare/${m.image}`, 'image sent in the chat'));
  }
  if (m.media) li.append(media(m.media));
  if (m.buttons?.length) li.append(buttons(m.buttons));
  if (m.quickReplies?.length) li.append(list('msg__chips', m.quickReplies, (reply) => el('li', 'msg__chip', reply)));
  if (m.carousel?.length) li.append(list('msg__cards', m.carousel, card));
  if (kind === 'agent' || kind === 'info') {
    if (typeof m.status === 'number') li.append(el('span', 'msg__status', m.status >= SEEN ? 'Seen' : 'Sent'));
  }
  return li;
}

/**
 * @param {string} src
 * @param {string} alt
 */
function image(src, alt) {
  const img = /** @type {HTMLImageElement} */ (el('img', 'msg__image'));
  img.src = src;
  img.alt = alt;
  img.loading = 'lazy';
  return img;
}

/**
 * A file: an image inline, anything else a download link; a media object the server does not serve as text.
 * @param {any} media
 */
function media(media) {
  const name = String(media.description ?? media.filename ?? 'file');
  const path = `media/${media.year}/${media.month}/${media.day}/${media.filename}`;
  if (!/^media\/\d{4}\/\d{1,2}\/\d{1,2}\/[0-9a-f]+\.[a-z0-9]+$/.test(path)) {
    return el('p', 'msg__file', `file not served here: ${JSON.stringify(media)}`);
  }
  if (/^image\//.test(String(media.mimeType))) return image(`/webcare/${path}`, name);
  const link = /** @type {HTMLAnchorElement} */ (el('a', 'msg__file', `${name} (${media.mimeType})`));
  link.href = `/webcare/${path}`;
  link.download = name;
  return link;
}

/** @param {any[]} items */
const buttons = (items) => list('msg__buttons', items, button);

/** @param {any} b */
function button(b) {
  const label = typeof b.title === 'string' && b.title !== '' ? b.title : (b.payload ?? '(no title)');
  const item = el('li', 'msg__button', String(label));
  item.prepend(el('span', 'msg__button-type', String(b.type ?? 'no type')));
  item.title = typeof b.payload === 'string' ? `payload: ${b.payload}` : 'no payload';
  return item;
}

/** @param {any} c */
function card(c) {
  const item = el('li', 'msg__card');
  if (typeof c.title === 'string') item.append(el('p', 'msg__title', c.title));
  if (typeof c.message === 'string') item.append(el('p', 'msg__text', c.message));
  if (c.media) item.append(media(c.media));
  if (c.buttons?.length) item.append(buttons(c.buttons));
  return item;
}

/**
 * @param {string} className
 * @param {any[]} items
 * @param {(item: any) => HTMLElement} render
 */
function list(className, items, render) {
  const node = el('ul', className);
  node.append(...items.slice(0, MAX_SHOWN).map(render));
  if (items.length > MAX_SHOWN) node.append(el('li', 'msg__more', `… and ${items.length - MAX_SHOWN} more`));
  return node;
}
