// The agent console of the parley-chat demo: polls the dev server's Webcare-shaped API (`/webcare`) and
// answers visitors, on Parley and on the Kommunicate fake (`/webcare/kommunicate/<groupId>`; no typing, sticky
// notices or rich messages there, but HTML messages and closing). Plain DOM: every piece of data goes in through
// textContent, never innerHTML (an HTML message is shown as its source). Messages are drawn in agent-message.js, the
// rich composer and its presets are agent-rich.js.

import { $, el, timeOf } from './agent-dom.js';
import { renderMessage } from './agent-message.js';
import { PRESETS, readRichForm, resetRichForm } from './agent-rich.js';

const POLL_MS = 1500;
const TYPING_IDLE_MS = 5000; // stop typing after this long without a keystroke
const TYPING_REFRESH_MS = 20000; // the server forgets a typing event after 30 s: repeat it before then
const MAX_IMAGE_BYTES = 10_000_000; // Parley's limit for one image (the server checks it too)

const ui = {
  status: $('status'),
  agentName: /** @type {HTMLInputElement} */ ($('agent-name')),
  conversations: $('conversations'),
  noConversations: $('no-conversations'),
  placeholder: $('placeholder'),
  pane: $('pane'),
  title: $('title'),
  meta: $('meta'),
  identity: $('identity'),
  sticky: $('sticky'),
  messages: $('messages'),
  visitorTyping: $('visitor-typing'),
  composer: /** @type {HTMLFormElement} */ ($('composer')),
  reply: /** @type {HTMLTextAreaElement} */ ($('reply')),
  typing: /** @type {HTMLInputElement} */ ($('typing')),
  sendImage: /** @type {HTMLButtonElement} */ ($('send-image')),
  imageFile: /** @type {HTMLInputElement} */ ($('image-file')),
  presets: $('presets'),
  sendRich: /** @type {HTMLButtonElement} */ ($('send-rich')),
  parleyOnly: [$('set-sticky'), $('clear-sticky'), $('typing').parentElement, $('presets'), $('rich')],
  kommunicateOnly: [$('send-html'), $('close-conversation')],
  closeConversation: /** @type {HTMLButtonElement} */ ($('close-conversation')),
};

const state = {
  /** @type {string | null} the selected conversation (the visitor's device id) */
  selected: decodeHash(),
  /** @type {any[]} */
  conversations: [],
  /** @type {any[]} messages of the selected conversation, oldest first */
  messages: [],
  listKey: '',
  messagesKey: '',
  /** @type {string | null} the conversation the agent is typing in */
  typingIn: null,
  typingSentAt: 0,
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  idleTimer: undefined,
  /** @type {number | null} the selected Kommunicate conversation's CONVERSATION_STATUS */
  selectedStatus: null,
  /** a request marking the visitor's messages seen is on its way */
  markingSeen: false,
};

function decodeHash() {
  try {
    return decodeURIComponent(location.hash.slice(1)) || null;
  } catch {
    return null;
  }
}

/**
 * Calls the agent API. A failure throws an Error whose message is the server's error code (`invalid_media_type`).
 * @param {string} method
 * @param {string} path below /webcare
 * @param {unknown} [body] sent as JSON, or as multipart when it is FormData (the browser sets the boundary)
 */
async function api(method, path, body) {
  const form = body instanceof FormData;
  const response = await fetch(`/webcare${path}`, {
    method,
    headers: body === undefined || form ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(errorCode(json) ?? `HTTP ${response.status}`);
  return json;
}

/**
 * The error code of an error envelope: Webcare puts it in `messages[]`, Parley in `notifications[]`.
 * @param {any} json
 * @returns {string | undefined}
 */
const errorCode = (json) => json?.messages?.[0]?.message ?? json?.notifications?.[0]?.message;

const KOMMUNICATE_PREFIX = 'kommunicate:';
/** @param {string | null} id */
const isKommunicate = (id) => id?.startsWith(KOMMUNICATE_PREFIX) === true;
/** A conversation's path in the agent API: a Parley device id, or `kommunicate:<groupId>`. */
const conversationPath = (/** @type {string} */ id) =>
  isKommunicate(id)
    ? `/kommunicate/${encodeURIComponent(id.slice(KOMMUNICATE_PREFIX.length))}`
    : `/conversations/${encodeURIComponent(id)}`;

/** @type {ReturnType<typeof setTimeout> | undefined} */
let statusTimer;
/**
 * @param {string} text
 * @param {boolean} [transient] clear it after a few seconds
 */
function setStatus(text, transient = false) {
  clearTimeout(statusTimer);
  if (ui.status.textContent !== text) ui.status.textContent = text;
  if (transient) statusTimer = setTimeout(() => setStatus(''), 3000);
}

// ---- conversation list ----

function renderList() {
  const key = JSON.stringify([state.selected, state.conversations]);
  if (key === state.listKey) return;
  state.listKey = key;
  ui.noConversations.hidden = state.conversations.length > 0;
  const items = state.conversations.map((conv) => {
    const li = el('li');
    const button = el('button', 'conv');
    button.type = 'button';
    if (conv.id === state.selected) button.setAttribute('aria-current', 'true');
    const top = el('span', 'conv__top');
    top.append(el('span', `conv__backend conv__backend--${conv.backend}`, conv.backend === 'kommunicate' ? 'K' : 'P'));
    top.append(el('span', 'conv__id', conv.backend === 'kommunicate' ? `#${conv.groupId}` : shortId(conv.id)));
    if (conv.status === 2) top.append(el('span', 'conv__badge conv__badge--closed', 'closed'));
    if (conv.unanswered) top.append(el('span', 'conv__badge', 'waiting'));
    if (conv.lastMessageTime) top.append(el('span', 'conv__time', timeOf(conv.lastMessageTime)));
    const preview = conv.visitorTyping ? 'typing…' : (conv.lastMessage ?? '');
    button.append(top);
    const name = conv.userAdditionalInformation?.name;
    if (typeof name === 'string' && name.trim()) button.append(el('span', 'conv__name', name));
    button.append(el('span', conv.visitorTyping ? 'conv__preview conv__preview--typing' : 'conv__preview', preview));
    button.addEventListener('click', () => select(conv.id));
    li.append(button);
    return li;
  });
  ui.conversations.replaceChildren(...items);
}

const shortId = (/** @type {string} */ id) => (id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id);

/** @param {string} id */
function select(id) {
  if (state.typingIn && state.typingIn !== id) stopTyping();
  state.selected = id;
  state.messages = [];
  state.messagesKey = '';
  history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  renderList();
  refreshChat().catch(() => {});
  ui.reply.focus();
}

// ---- selected conversation ----

async function refreshChat() {
  const id = state.selected;
  if (!id) return;
  const answer = await api('GET', `${conversationPath(id)}/results`).catch((error) => {
    if (String(error.message) === 'conversation_not_found') return null;
    throw error;
  });
  if (id !== state.selected) return;
  if (!answer) {
    state.selected = null;
    renderChat(null);
    return;
  }
  state.messages = answer.data;
  renderChat(answer.conversation);
}

/** @param {any} conv the conversation summary, or null when none is selected */
function renderChat(conv) {
  ui.placeholder.hidden = conv !== null;
  ui.pane.hidden = conv === null;
  if (!conv) return;
  const kommunicate = conv.backend === 'kommunicate';
  ui.title.textContent = kommunicate ? `Kommunicate group ${conv.groupId} · visitor ${conv.visitor}` : conv.id;
  for (const node of ui.parleyOnly) node.hidden = kommunicate;
  for (const node of ui.kommunicateOnly) node.hidden = !kommunicate;
  ui.closeConversation.textContent = conv.status === 2 ? 'Reopen' : 'Close conversation';
  const meta = [kommunicate ? 'Kommunicate' : 'Parley', `${conv.messageCount} messages`];
  if (kommunicate) meta.push(STATUS_NAMES[/** @type {0 | 2 | 3} */ (conv.status)] ?? `status ${conv.status}`);
  if (conv.agent) meta.push(`agent: ${conv.agent.name}`);
  if (conv.referer) meta.push(`page: ${conv.referer}`);
  if (!conv.registered) meta.push('device not registered');
  state.selectedStatus = conv.status ?? null;
  ui.meta.textContent = meta.join(' · ');
  const identity = identityOf(conv.userAdditionalInformation);
  ui.identity.hidden = identity === '';
  ui.identity.textContent = identity;
  ui.sticky.hidden = !conv.stickyMessage;
  ui.sticky.textContent = conv.stickyMessage ? `Sticky: ${conv.stickyMessage}` : '';
  ui.visitorTyping.hidden = !conv.visitorTyping;

  if (!kommunicate) markVisitorSeen(conv.id);
  const key = JSON.stringify([conv.id, state.messages.map((m) => [m.id, m.status])]);
  if (key === state.messagesKey) return;
  state.messagesKey = key;
  const list = ui.messages;
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...state.messages.map(renderMessage));
  if (atBottom || list.childElementCount === state.messages.length) list.scrollTop = list.scrollHeight;
}

const STATUS_NAMES = { 0: 'open', 2: 'closed', 3: 'spam' };

/**
 * The visitor's `userAdditionalInformation` in one line: name and email first, then the other keys. Untrusted text.
 * @param {Record<string, string> | null | undefined} info
 */
function identityOf(info) {
  if (!info) return '';
  const { name, email, ...rest } = info;
  const parts = [name, email].filter((value) => typeof value === 'string' && value.trim() !== '');
  parts.push(...Object.entries(rest).map(([key, value]) => `${key}: ${value}`));
  return parts.length ? `Visitor: ${parts.join(' · ')}` : '';
}

/**
 * The agent has the conversation in front of them: the visitor's messages not seen yet become seen (status 4).
 * @param {string} id
 */
function markVisitorSeen(id) {
  const unseen = state.messages.some((m) => (m.typeId === 1 || m.typeId === 4) && m.status < 4);
  if (!unseen || state.markingSeen || document.visibilityState !== 'visible') return;
  state.markingSeen = true;
  api('POST', `${conversationPath(id)}/seen`)
    .catch(() => {}) // the next poll tries again
    .finally(() => {
      state.markingSeen = false;
    });
}

// ---- typing ----

/** Posts an agent event on the selected conversation, on its newest result as the Webcare API does. */
function postEvent(/** @type {string} */ conversationId, /** @type {string} */ event) {
  if (isKommunicate(conversationId)) return Promise.resolve(); // the fake has no typing
  const newest = conversationId === state.selected ? state.messages[state.messages.length - 1] : undefined;
  const path = newest ? `/results/${newest.id}/event/${event}` : `${conversationPath(conversationId)}/event/${event}`;
  return api('POST', path).catch(() => {});
}

function startTyping() {
  if (!state.selected) return;
  const now = Date.now();
  if (state.typingIn === state.selected && now - state.typingSentAt < TYPING_REFRESH_MS) return;
  state.typingIn = state.selected;
  state.typingSentAt = now;
  ui.typing.checked = true;
  postEvent(state.selected, 'starttyping');
}

function stopTyping() {
  clearTimeout(state.idleTimer);
  if (state.typingIn) postEvent(state.typingIn, 'stoptyping');
  state.typingIn = null;
  ui.typing.checked = false;
}

ui.reply.addEventListener('input', () => {
  if (ui.reply.value.trim() === '') return;
  startTyping();
  clearTimeout(state.idleTimer);
  state.idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
});

ui.typing.addEventListener('change', () => {
  clearTimeout(state.idleTimer); // a manual toggle holds until it is unticked
  if (ui.typing.checked) startTyping();
  else stopTyping();
});

// ---- sending ----

ui.reply.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.composer.requestSubmit();
  }
});

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  sendText(0, 'Sent');
});

/**
 * Sends the reply box's text: as a Webcare reply on the newest result (Parley), or with its Kommunicate contentType
 * (0 text, 3 HTML, 10 notify).
 * @param {number} contentType
 * @param {string} done
 */
function sendText(contentType, done) {
  const text = ui.reply.value;
  const newest = state.messages[state.messages.length - 1];
  if (!state.selected || text.trim() === '') return;
  if (isKommunicate(state.selected)) {
    const body = { message: text, agentName: ui.agentName.value, contentType };
    return act(api('POST', `${conversationPath(state.selected)}/replies`, body), done);
  }
  if (!newest) return;
  const body = { message: text, connectionId: 1, public: false, agentName: ui.agentName.value };
  act(api('POST', `/results/${newest.id}/replies`, body), done);
}

$('send-info').addEventListener('click', () => {
  const text = ui.reply.value;
  if (!state.selected) return;
  if (text.trim() === '') return setStatus('Write the info text in the reply box first.', true);
  if (isKommunicate(state.selected)) return sendText(10, 'Info message sent');
  act(api('POST', `${conversationPath(state.selected)}/info`, { message: text }), 'Info message sent');
});

$('send-html').addEventListener('click', () => {
  if (ui.reply.value.trim() === '') return setStatus('Write the HTML in the reply box first.', true);
  sendText(3, 'HTML message sent');
});

ui.closeConversation.addEventListener('click', () => {
  if (!isKommunicate(state.selected)) return;
  const status = state.selectedStatus === 2 ? 0 : 2;
  const body = { status, agentName: ui.agentName.value };
  const path = `${conversationPath(/** @type {string} */ (state.selected))}/status`;
  act(api('POST', path, body), status === 2 ? 'Conversation closed' : 'Conversation reopened', false);
});

$('set-sticky').addEventListener('click', () => {
  const text = ui.reply.value;
  if (!state.selected) return;
  if (text.trim() === '') return setStatus('Write the sticky text in the reply box first.', true);
  act(api('POST', `${conversationPath(state.selected)}/sticky`, { message: text }), 'Sticky message set');
});

$('clear-sticky').addEventListener('click', () => {
  if (!state.selected) return;
  act(api('POST', `${conversationPath(state.selected)}/sticky`, { message: null }), 'Sticky message cleared', false);
});

// ---- rich messages ----

/**
 * Uploads a file (or the built-in sample PDF) to the selected conversation and answers its media object.
 * @type {import('./agent-rich.js').Attach}
 */
async function attach(file) {
  const path = `${conversationPath(/** @type {string} */ (state.selected))}/media`;
  if (file === 'invoice') return (await api('POST', path, { sample: 'invoice' })).data.media;
  if (file.size > MAX_IMAGE_BYTES) throw new Error(`${file.name} is larger than 10 MB`);
  const form = new FormData();
  form.append('media', file, file.name);
  return (await api('POST', path, form)).data.media;
}

/**
 * Sends rich replies in order, disabling the rich controls meanwhile.
 * @param {() => Promise<object[]>} bodies
 * @param {string} done
 * @param {() => void} [sent] what to clear once they went, before the typing state follows the reply box
 */
async function sendRich(bodies, done, sent) {
  const conversationId = state.selected;
  if (!conversationId || isKommunicate(conversationId)) return;
  const controls = [ui.sendRich, ...ui.presets.querySelectorAll('button')];
  for (const control of controls) control.disabled = true;
  try {
    for (const body of await bodies()) {
      await api('POST', `${conversationPath(conversationId)}/replies`, { ...body, agentName: ui.agentName.value });
    }
    sent?.();
    afterReply(conversationId);
    setStatus(done, true);
    refreshChat().catch(() => {}); // the next poll shows a failure
  } catch (error) {
    setStatus(`Failed: ${error instanceof Error ? error.message : error}`);
  } finally {
    for (const control of controls) control.disabled = false;
  }
}

ui.presets.addEventListener('click', (event) => {
  const button = /** @type {HTMLElement} */ (event.target).closest('button');
  const preset = button?.dataset.preset;
  if (preset && PRESETS[preset]) sendRich(() => PRESETS[preset](attach), `${button.textContent} sent`);
});

ui.sendRich.addEventListener('click', () => {
  const text = ui.reply.value;
  sendRich(
    async () => [await readRichForm(text, attach)],
    'Rich message sent',
    () => {
      resetRichForm();
      if (ui.reply.value === text) ui.reply.value = '';
    },
  );
});

// ---- sending an image ----

/** What the console says when the server refuses an image, by the error code. */
const IMAGE_ERRORS = {
  media_too_large: 'the image is too large, at most 10 MB (10,000,000 bytes) is allowed',
  invalid_media_type: 'the file is not an image the chat accepts (JPEG, PNG, GIF or WebP)',
  missing_media: 'the file is empty',
  message_and_image_not_allowed: 'an image is sent on its own, without text',
  result_not_found: 'the conversation is gone',
};

/** @param {string} code the server's error code, or another failure's text (`HTTP 500`, a network error) */
function imageError(code) {
  const reason = IMAGE_ERRORS[/** @type {keyof typeof IMAGE_ERRORS} */ (code)];
  return reason ? `Image not sent: ${reason} (${code}).` : `Image not sent: ${code}`;
}

ui.sendImage.addEventListener('click', () => {
  if (!state.selected) return;
  ui.imageFile.value = ''; // picking the same file again still fires `change`
  ui.imageFile.click();
});

ui.imageFile.addEventListener('change', () => {
  const file = ui.imageFile.files?.[0];
  ui.imageFile.value = '';
  if (file) sendImage(file);
});

/**
 * Posts the image as an agent reply (multipart, field `image`) on the selected conversation's newest result.
 * The reply box is left alone: text and an image never go in one message.
 * @param {File} file
 */
function sendImage(file) {
  const conversationId = state.selected;
  const newest = state.messages[state.messages.length - 1];
  if (!conversationId || (!newest && !isKommunicate(conversationId))) return;
  // Checked here too so a huge file is not uploaded only to be refused.
  if (file.size > MAX_IMAGE_BYTES) return setStatus(imageError('media_too_large'));
  const form = new FormData();
  form.append('agentName', ui.agentName.value);
  form.append('image', file, file.name);
  ui.sendImage.disabled = true;
  setStatus(`Sending ${file.name}…`);
  const path = isKommunicate(conversationId)
    ? `${conversationPath(conversationId)}/replies`
    : `/results/${newest.id}/replies`;
  api('POST', path, form)
    .then(() => {
      afterReply(conversationId);
      setStatus('Image sent', true);
      refreshChat().catch(() => {}); // the next poll shows a failure
    })
    .catch((error) => setStatus(imageError(error.message)))
    .finally(() => {
      ui.sendImage.disabled = false;
    });
}

/**
 * The server ends the agent's typing with every reply: stop it here too, or repeat it while text waits in the box.
 * @param {string} conversationId
 */
function afterReply(conversationId) {
  if (state.typingIn !== conversationId) return;
  if (ui.reply.value.trim() === '') return stopTyping();
  state.typingSentAt = 0;
  startTyping();
}

/**
 * Runs an action that used the reply box: clears it on success (unless the agent wrote on meanwhile),
 * refreshes the view.
 * @param {Promise<unknown>} action
 * @param {string} done
 * @param {boolean} [clearsReply]
 */
function act(action, done, clearsReply = true) {
  const used = ui.reply.value;
  action
    .then(() => {
      if (clearsReply && ui.reply.value === used) {
        ui.reply.value = '';
        stopTyping();
      }
      setStatus(done, true);
      return refreshChat();
    })
    .catch((error) => setStatus(`Failed: ${error.message}`));
}

// ---- polling ----

async function tick() {
  try {
    const answer = await api('GET', '/conversations');
    state.conversations = answer.data;
    renderList();
    await refreshChat();
    if (ui.status.textContent === 'The dev server is not reachable…') setStatus('');
    if (state.typingIn && Date.now() - state.typingSentAt >= TYPING_REFRESH_MS) {
      state.typingSentAt = Date.now();
      postEvent(state.typingIn, 'starttyping');
    }
  } catch {
    setStatus('The dev server is not reachable…');
  } finally {
    setTimeout(tick, POLL_MS);
  }
}

if (!state.selected) renderChat(null);
tick();
