// The agent console's rich composer (Parley only): a title, buttons of each type, quick replies, a carousel of cards
// and a file beside the reply box's text, read into the agent API's JSON reply; and the one-click presets. Files are
// uploaded first (`attach`), the reply carries their media objects.

import { $, el } from './agent-dom.js';

/** @typedef {(file: File | 'invoice') => Promise<object>} Attach uploads a file (or the built-in sample PDF) */

const BUTTON_TYPES = ['reply', 'webUrl', 'phoneNumber'];

const form = {
  title: /** @type {HTMLInputElement} */ ($('rich-title')),
  buttons: $('rich-buttons'),
  quickReplies: /** @type {HTMLTextAreaElement} */ ($('rich-quick-replies')),
  cards: $('rich-cards'),
  file: /** @type {HTMLInputElement} */ ($('rich-file')),
};

/** @param {HTMLElement} list the `<ol>` to add a button row to */
function addButtonRow(list) {
  const row = el('li', 'rich__row');
  const type = /** @type {HTMLSelectElement} */ (el('select', 'rich__type'));
  type.setAttribute('aria-label', 'Button type');
  for (const name of BUTTON_TYPES) type.append(new Option(name, name));
  const title = field('input', 'Button title', 'Title');
  const payload = field('input', 'Button payload', 'Payload: the reply text, a URL or a phone number');
  row.append(type, title, payload, removeButton(row, 'Remove button'));
  list.append(row);
  title.focus();
}

function addCard() {
  const card = el('li', 'rich__card');
  const buttons = el('ol', 'rich__rows');
  const add = el('button', '', 'Add button');
  add.setAttribute('type', 'button');
  add.addEventListener('click', () => addButtonRow(buttons));
  const file = field('input', 'Card image or file', '', 'file');
  file.type = 'file';
  card.append(field('input', 'Card title', 'Card title', 'title'), field('textarea', 'Card text', 'Card text', 'text'));
  card.append(file);
  card.append(buttons, add, removeButton(card, 'Remove card'));
  form.cards.append(card);
}

/**
 * @param {'input' | 'textarea'} tag
 * @param {string} label
 * @param {string} [placeholder]
 * @param {string} [part] what it is in a card (`title`, `text`, `file`), for reading it back
 */
function field(tag, label, placeholder, part) {
  const node = /** @type {HTMLInputElement} */ (el(tag, `rich__${tag}`));
  node.setAttribute('aria-label', label);
  if (part) node.dataset.part = part;
  if (placeholder) node.placeholder = placeholder;
  if (tag === 'textarea') node.setAttribute('rows', '2');
  return node;
}

/**
 * @param {HTMLElement} item
 * @param {string} label
 */
function removeButton(item, label) {
  const button = el('button', 'rich__remove', '×');
  button.setAttribute('type', 'button');
  button.setAttribute('aria-label', label);
  button.addEventListener('click', () => item.remove());
  return button;
}

$('add-button').addEventListener('click', () => addButtonRow(form.buttons));
$('add-card').addEventListener('click', addCard);

/**
 * The buttons of a list of rows; an empty title or payload is left out (a button without a payload).
 * @param {Element} list
 */
function readButtons(list) {
  return [...list.querySelectorAll(':scope > .rich__row')].map((row) => {
    const [type, title, payload] = /** @type {HTMLInputElement[]} */ ([...row.querySelectorAll('select, input')]);
    return {
      type: type.value,
      ...(title.value.trim() ? { title: title.value.trim() } : {}),
      ...(payload.value.trim() ? { payload: payload.value.trim() } : {}),
    };
  });
}

/**
 * @param {HTMLInputElement} input
 * @param {Attach} attach
 */
const fileOf = async (input, attach) => (input.files?.[0] ? attach(input.files[0]) : null);

/**
 * The JSON reply the form describes, with the reply box's text; files are uploaded on the way.
 * @param {string} text
 * @param {Attach} attach
 */
export async function readRichForm(text, attach) {
  const cards = [...form.cards.querySelectorAll(':scope > .rich__card')];
  const carousel = [];
  for (const card of cards) {
    const part = (/** @type {string} */ name) =>
      /** @type {HTMLInputElement} */ (card.querySelector(`:scope > [data-part=${name}]`));
    const buttons = readButtons(/** @type {Element} */ (card.querySelector(':scope > .rich__rows')));
    const media = await fileOf(part('file'), attach);
    carousel.push({ title: part('title').value || null, message: part('text').value || null, media, buttons });
  }
  return {
    message: text.trim() ? text : null,
    title: form.title.value.trim() || null,
    media: await fileOf(form.file, attach),
    buttons: readButtons(form.buttons),
    quickReplies: form.quickReplies.value
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    carousel,
  };
}

export function resetRichForm() {
  form.title.value = '';
  form.quickReplies.value = '';
  form.file.value = '';
  form.buttons.replaceChildren();
  form.cards.replaceChildren();
}

// ---- presets ----

const MENU_BUTTONS = [
  { title: 'Question about my bill', payload: 'I have a question about my bill', type: 'reply' },
  { title: 'Outages', payload: 'https://example.com/outages', type: 'webUrl' },
  { title: 'Call us', payload: '+31201234567', type: 'phoneNumber' },
];

/**
 * Each preset: the replies it sends, in order.
 * @type {Record<string, (attach: Attach) => Promise<object[]>>}
 */
export const PRESETS = {
  menu: async () => [{ title: 'Main menu', message: 'How can we help you?', buttons: MENU_BUTTONS }],
  quickReplies: async () => [{ message: 'Did that solve it?', quickReplies: ['Yes', 'No', 'Talk to a person'] }],
  carousel: async () => [
    {
      message: 'Our subscriptions',
      carousel: ['Fibre 100', 'Fibre 500', 'Fibre 1000'].map((name, i) => ({
        title: name,
        message: `${[100, 500, 1000][i]} Mbit/s down and up, **€${40 + i * 10}** a month`,
        media: null,
        buttons: [
          { title: 'Choose', payload: `I choose ${name}`, type: 'reply' },
          { title: 'Details', payload: `https://example.com/fibre-${i}`, type: 'webUrl' },
        ],
      })),
    },
  ],
  invoice: async (attach) => [
    {
      title: 'Invoice 2025-001',
      message: 'Here is your invoice for June.',
      media: await attach('invoice'),
      buttons: [{ title: 'Pay now', payload: 'https://example.com/pay/2025-001', type: 'webUrl' }],
    },
  ],
  hostile: async () => [
    {
      title: '<img src=x onerror=alert(1)><b>Hostile</b> title',
      message: '<script>alert(1)</script> [a link](javascript:alert(1)) <a href="javascript:alert(2)">html</a>',
      buttons: [
        { title: 'javascript: URL', payload: 'javascript:alert(1)', type: 'webUrl' },
        { title: 'data: URL', payload: 'data:text/html,<script>alert(1)</script>', type: 'webUrl' },
        { title: 'No payload', type: 'reply' },
        { title: 'Unknown type', payload: 'x', type: 'teleport' },
        { payload: 'A button without a title or type' },
        { title: 'tel: twice', payload: 'tel://tel://+31201234567', type: 'phoneNumber' },
      ],
      quickReplies: ['<b>bold?</b>', '', 'x'.repeat(300)],
      media: { id: 'img/1/../../etc/passwd', mimeType: 'text/html', filename: '../../x.html', year: 2025 },
    },
    {
      message: '500 buttons',
      buttons: Array.from({ length: 500 }, (_, i) => ({
        title: `Button ${i + 1}`,
        payload: `${i + 1}`,
        type: 'reply',
      })),
    },
    {
      message: 'A carousel of 100 cards',
      carousel: Array.from({ length: 100 }, (_, i) => ({
        title: `<h1>Card ${i + 1}</h1>`,
        message: i % 2 ? '<iframe src="https://example.com"></iframe>' : null,
        media: null,
        buttons: [{ title: '<i>Pick</i>', payload: `card ${i + 1}`, type: 'reply' }],
      })),
    },
  ],
};
