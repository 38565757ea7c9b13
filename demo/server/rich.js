// @ts-check
// The rich fields of an agent message as the agent API takes them (JSON on `POST /webcare/.../replies`): beside the
// text a title, a file (`media`), buttons, a carousel and quick replies, in Parley's wire shapes. The shapes are
// checked (an array is an array, a button an object of strings), the values are not: a `javascript:` URL, an unknown
// button type, a button without a payload or HTML in a title are stored as given, so the widget can be tested against
// them.

/** @typedef {import('./store.js').MediaObject} MediaObject */
/** @typedef {{ title?: string | null, payload?: string | null, type?: string | null }} Button keys as given */
/**
 * A media object: a file of the conversation as stored, or whatever keys of Parley's an agent gave.
 * @typedef {MediaObject | Partial<Record<keyof MediaObject, string | number | null>>} Media
 */
/** @typedef {{ title: string | null, message: string | null, media: Media | null, buttons: Button[] }} Card */
/**
 * @typedef {{ message: string | null, title: string | null, media: Media | null, buttons: Button[], carousel: Card[],
 *   quickReplies: string[] }} RichFields
 */

/** Per array (buttons, cards, quick replies): room for the hostile presets (500 buttons, 100 cards), no more. */
export const MAX_ITEMS = 1000;
const BUTTON_KEYS = /** @type {const} */ (['title', 'payload', 'type']);
const MEDIA_KEYS = /** @type {const} */ (['id', 'mimeType', 'year', 'month', 'day', 'filename', 'description']);
/** A JSON reply with one of these is a rich message. */
export const RICH_KEYS = ['title', 'media', 'buttons', 'carousel', 'quickReplies'];

class Invalid extends Error {
  /** @param {string} code */
  constructor(code) {
    super(code);
    this.code = code;
  }
}

/**
 * @param {string} code
 * @returns {never}
 */
function invalid(code) {
  throw new Invalid(code);
}

/**
 * Reads the text and rich fields of an agent's JSON reply. Error codes: `missing_message` (nothing to show),
 * `invalid_message`, `invalid_title`, `invalid_media`, `invalid_buttons`, `invalid_carousel`, `invalid_quickReplies`.
 * @param {Record<string, unknown>} fields the JSON body
 * @param {(id: string) => MediaObject | undefined} findFile a file the conversation's agent attached, by its media id
 * @returns {{ rich: RichFields } | { error: string }}
 */
export function readRich(fields, findFile) {
  try {
    /** @type {RichFields} */
    const rich = {
      message: optionalString(fields.message, 'invalid_message'),
      title: optionalString(fields.title, 'invalid_title'),
      media: readMedia(fields.media, findFile),
      buttons: readButtons(fields.buttons, 'invalid_buttons'),
      carousel: array(fields.carousel, 'invalid_carousel').map((card) => readCard(card, findFile)),
      quickReplies: array(fields.quickReplies, 'invalid_quickReplies').map((reply) =>
        typeof reply === 'string' ? reply : invalid('invalid_quickReplies'),
      ),
    };
    return hasContent(rich) ? { rich } : { error: 'missing_message' };
  } catch (error) {
    if (error instanceof Invalid) return { error: error.code };
    throw error;
  }
}

/** @param {RichFields} rich */
const hasContent = (rich) =>
  (rich.message ?? '').trim() !== '' ||
  rich.title !== null ||
  rich.media !== null ||
  rich.buttons.length + rich.carousel.length + rich.quickReplies.length > 0;

/**
 * @param {unknown} value
 * @param {(id: string) => MediaObject | undefined} findFile
 * @returns {Card}
 */
function readCard(value, findFile) {
  const card = object(value, 'invalid_carousel');
  return {
    title: optionalString(card.title, 'invalid_carousel'),
    message: optionalString(card.message, 'invalid_carousel'),
    media: readMedia(card.media, findFile),
    buttons: readButtons(card.buttons, 'invalid_carousel'),
  };
}

/**
 * @param {unknown} value
 * @param {string} code
 * @returns {Button[]}
 */
const readButtons = (value, code) => array(value, code).map((button) => pick(object(button, code), BUTTON_KEYS, code));

/**
 * A file of the conversation by its `id` (a `description` given beside it replaces the stored one); any other
 * object is kept with Parley's keys as given, to test a client against a media object that is not served.
 * @param {unknown} value
 * @param {(id: string) => MediaObject | undefined} findFile
 * @returns {Media | null}
 */
function readMedia(value, findFile) {
  if (value === undefined || value === null) return null;
  const given = object(value, 'invalid_media');
  const stored = typeof given.id === 'string' ? findFile(given.id) : undefined;
  if (!stored) return pick(given, MEDIA_KEYS, 'invalid_media', true);
  return typeof given.description === 'string' ? { ...stored, description: given.description } : stored;
}

/**
 * The keys of `value` that are among `keys`, each a string or null (or a number, with `numbers`); absent ones stay
 * absent.
 * @param {Record<string, unknown>} value
 * @param {readonly string[]} keys
 * @param {string} code
 * @param {boolean} [numbers]
 */
function pick(value, keys, code, numbers = false) {
  /** @type {Record<string, string | number | null>} */
  const picked = {};
  for (const key of keys) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    if (item !== null && typeof item !== 'string' && !(numbers && typeof item === 'number')) invalid(code);
    picked[key] = /** @type {string | number | null} */ (item);
  }
  return picked;
}

/**
 * @param {unknown} value
 * @param {string} code
 * @returns {Record<string, unknown>}
 */
function object(value, code) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(code);
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * An array of at most MAX_ITEMS; absent or null is none.
 * @param {unknown} value
 * @param {string} code
 * @returns {unknown[]}
 */
function array(value, code) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_ITEMS) invalid(code);
  return value;
}

/**
 * @param {unknown} value
 * @param {string} code
 * @returns {string | null}
 */
function optionalString(value, code) {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : invalid(code);
}
