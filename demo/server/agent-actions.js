// @ts-check
// What the agent API (agent-api.js) does with the store: the console's conversation list, the agent's replies
// (text, image, or rich: rich.js) and events, the files agents attach, the seen status of the visitor's messages, and
// the conversation-level extras for the console and tests (info line, hidden message, sticky notice, seeded messages).

import { readUpload, sampleFile } from './files.js';
import { isMultipart, jsonImageError, readIncoming, readJson, MAX_IMAGE_BYTES } from './media.js';
import { readRich } from './rich.js';

/** @typedef {import('./http.js').Reply} Reply */
/** @typedef {import('./store.js').Conversation} Conversation */
/**
 * How an action answers: `ok` in the Webcare envelope, or `fail` with an error code.
 * @typedef {object} Answer
 * @property {(data: unknown, root?: Record<string, unknown>) => Reply} ok
 * @property {(status: number, code: string) => Reply} fail
 */
/** @typedef {Record<string, unknown>} Fields */
/** @typedef {import('./store.js').Store} Store */
/** @typedef {(store: Store, conv: Conversation, fields: Fields, answer: Answer) => Reply} Action */

const EVENTS = ['starttyping', 'stoptyping', 'opened', 'closed'];
const DEFAULT_AGENT_NAME = 'Sam';
const MAX_SEED = 10_000;

/**
 * @param {{ store: Store, maxImageBytes?: number }} options
 */
export function createAgentActions({ store, maxImageBytes = MAX_IMAGE_BYTES }) {
  return {
    list: list.bind(null, store),
    summary: summary.bind(null, store),
    reply: reply.bind(null, store, maxImageBytes),
    event: event.bind(null, store),
    upload: upload.bind(null, store, maxImageBytes),
    /** @param {Conversation} conv the console loaded it: the visitor's messages are received */
    received: (conv) => store.markReceivedByAgent(conv),
    /** @type {(conv: Conversation, answer: Answer) => Reply} the console shows it: the visitor's messages are seen */
    seen: (conv, { ok }) => ok({ messageIds: store.markSeenByAgent(conv) }),
    info: info.bind(null, store),
    hidden: hidden.bind(null, store),
    sticky: sticky.bind(null, store),
    seed: seed.bind(null, store),
  };
}

/** @typedef {ReturnType<typeof createAgentActions>} AgentActions */

/**
 * The conversations with messages or a typing visitor (every one with `all`), the last active first.
 * @param {Store} store
 * @param {boolean} all
 */
function list(store, all) {
  return store
    .conversations()
    .filter((conv) => all || conv.messages.length > 0 || store.isVisitorTyping(conv))
    .sort((a, b) => b.activity - a.activity)
    .map((conv) => summary(store, conv));
}

/**
 * An agent message: JSON (`{ message?, agentName?, title?, media?, buttons?, carousel?, quickReplies? }`, see
 * rich.js) or an image (multipart `image`), on the conversation.
 * @param {Store} store
 * @param {number} maxImageBytes
 * @param {import('node:http').IncomingMessage} req
 * @param {Conversation} conv
 * @param {Answer} answer
 */
async function reply(store, maxImageBytes, req, conv, answer) {
  if (!isMultipart(req)) return richReply(store, req, conv, answer);
  const { ok } = answer;
  const incoming = await readIncoming(req, maxImageBytes);
  if (incoming.kind === 'error') return refused(answer, incoming);
  const agent = assignAgent(conv, incoming.fields.agentName);
  const message =
    incoming.kind === 'text'
      ? store.addText(conv, { message: incoming.text, typeId: 2, agent })
      : store.addImage(conv, { ...incoming, typeId: 2, agent });
  return ok({ id: message.id });
}

/**
 * A JSON reply: text and Parley's rich fields, a `media` by the id of a file attached with `upload`.
 * @param {Store} store
 * @param {import('node:http').IncomingMessage} req
 * @param {Conversation} conv
 * @param {Answer} answer
 */
async function richReply(store, req, conv, answer) {
  const json = await readJson(req);
  if (json.kind === 'error') return refused(answer, json);
  const { fields } = json;
  const imageError = jsonImageError(fields);
  if (imageError) return answer.fail(400, imageError);
  const read = readRich(fields, (id) => store.mediaObject(conv, id));
  if ('error' in read) return answer.fail(400, read.error);
  const agent = assignAgent(conv, fields.agentName);
  return answer.ok({ id: store.addRich(conv, { ...read.rich, typeId: 2, agent }).id });
}

/**
 * Stores a file for a message to come: multipart field `media` (any type, `description` beside it), or JSON
 * `{ "sample": "invoice" }` for the built-in PDF. Answers `{ media }`: Parley's media object, for a reply's `media`.
 * @param {Store} store
 * @param {number} maxBytes
 * @param {import('node:http').IncomingMessage} req
 * @param {Conversation} conv
 * @param {Answer} answer
 */
async function upload(store, maxBytes, req, conv, answer) {
  const file = isMultipart(req) ? await readUpload(req, maxBytes) : await readSample(req);
  if (file.kind === 'error') return refused(answer, file);
  return answer.ok({ media: store.addFile(conv, file) });
}

/** @param {import('node:http').IncomingMessage} req */
async function readSample(req) {
  const json = await readJson(req);
  return json.kind === 'error' ? json : sampleFile(json.fields.sample);
}

/**
 * A 400 for a body refused, closing the connection when the rest of the body was not read.
 * @param {Answer} answer
 * @param {{ code: string, closeAfter?: boolean }} error
 */
function refused({ fail }, { code, closeAfter }) {
  const reply = fail(400, code);
  if (closeAfter) reply.headers = { Connection: 'close' };
  return reply;
}

/**
 * @param {Store} store
 * @param {Conversation} conv
 * @param {string} name
 * @param {Answer} answer
 */
function event(store, conv, name, { ok, fail }) {
  if (!EVENTS.includes(name)) return fail(400, 'unknown_event');
  assignAgent(conv);
  if (name === 'starttyping') store.setAgentTyping(conv, true);
  if (name === 'stoptyping' || name === 'closed') store.setAgentTyping(conv, false);
  return ok({});
}

/** @type {Action} */
function info(store, conv, fields, { ok, fail }) {
  if (typeof fields.message !== 'string' || fields.message.trim() === '') return fail(400, 'missing_message');
  return ok({ id: store.addText(conv, { message: fields.message, typeId: 3 }).id });
}

/** @type {Action} */
function hidden(store, conv, fields, { ok }) {
  const text = typeof fields.message === 'string' ? fields.message : 'hidden system message';
  const typeId = fields.typeId === 5 ? 5 : 4;
  return ok({ id: store.addText(conv, { message: text, typeId }).id });
}

/** @type {Action} */
function sticky(_store, conv, fields, { ok }) {
  const text = typeof fields.message === 'string' && fields.message.trim() !== '' ? fields.message : null;
  conv.stickyMessage = text;
  return ok({ stickyMessage: text });
}

/**
 * Appends `count` numbered text messages ("Message 1", ...) quickly, for paging tests.
 * Body: `{ count, from?: 'user' | 'agent', start?: number, prefix?: string }`.
 * @type {Action}
 */
function seed(store, conv, fields, { ok, fail }) {
  const count = Number(fields.count);
  if (!Number.isInteger(count) || count < 1 || count > MAX_SEED) return fail(400, 'invalid_count');
  const fromAgent = fields.from === 'agent';
  const start = Number.isInteger(fields.start) ? Number(fields.start) : 1;
  const prefix = typeof fields.prefix === 'string' ? fields.prefix : 'Message';
  const agent = fromAgent ? assignAgent(conv) : null;
  const ids = [];
  for (let i = 0; i < count; i++) {
    const message = `${prefix} ${start + i}`;
    ids.push(store.addText(conv, fromAgent ? { message, typeId: 2, agent } : { message, typeId: 1 }).id);
  }
  return ok({ count, firstId: ids[0], lastId: ids[ids.length - 1] });
}

/**
 * The conversation's agent, assigned on the first reply or event. A name in a reply renames it.
 * @param {Conversation} conv
 * @param {unknown} [name]
 */
function assignAgent(conv, name) {
  const wanted = typeof name === 'string' && name.trim() !== '' ? name.trim() : null;
  if (!conv.agent || (wanted && conv.agent.name !== wanted)) {
    conv.agent = { id: 1, name: wanted ?? DEFAULT_AGENT_NAME, avatar: null };
  }
  return conv.agent;
}

/**
 * What the console's list shows of a message.
 * @param {import('./store.js').Message} m
 */
function preview(m) {
  if (m.message !== null && m.message !== '') return m.message;
  if (m.title) return m.title;
  if (m.image) return '[image]';
  if (m.media) return '[file]';
  return m.carousel?.length ? '[carousel]' : m.message;
}

/**
 * One line of the console's conversation list.
 * @param {Store} store
 * @param {Conversation} conv
 */
function summary(store, conv) {
  const visible = conv.messages.filter((m) => m.typeId <= 3);
  const last = visible[visible.length - 1];
  const lastExchange = conv.messages.filter((m) => m.typeId === 1 || m.typeId === 2).pop();
  const device = store.device(conv.deviceId);
  return {
    id: conv.deviceId,
    lastMessage: last ? preview(last) : null,
    lastMessageTime: last?.time ?? null,
    lastMessageId: conv.messages[conv.messages.length - 1]?.id ?? null,
    lastActivity: conv.lastActivity,
    messageCount: conv.messages.length,
    visitorTyping: store.isVisitorTyping(conv),
    agentTyping: store.isAgentTyping(conv),
    unanswered: lastExchange?.typeId === 1,
    agent: conv.agent,
    stickyMessage: conv.stickyMessage,
    registered: device !== undefined,
    referer: device?.referer ?? null,
    userAdditionalInformation: device?.userAdditionalInformation ?? null,
  };
}
