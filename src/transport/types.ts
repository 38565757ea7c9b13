// The backend-agnostic contract between the chat session and a messaging backend.
// Nothing here knows Parley: a second backend implements `Transport` in a folder of its own,
// maps its wire format to these domain types, and the session and UI never notice.
//
// What the session relies on, and nothing more (the README's "Writing a transport" explains each rule):
// - A conversation is ordered by `Message.time`; messages of the same time by id (numerically when both are
//   numbers, else as strings). Ids are unique in a conversation and never start with `local:`.
// - Pages carry opaque cursors: `older` for `Transport.older`, `newer` for `Transport.newer`. `newer` gives every
//   message after its cursor, oldest first (an adapter whose backend pages asks again until it has them all).
// - `register` runs once per page load before the first foreground call, and again after `notRegistered`. It may
//   return a conversation handle: the session keeps it per device and passes it as `RequestContext.conversation` on
//   every later call, also on a returning visitor's background polls made before any register in this page load.
//   Given the handle (or, without one, the device id) it must be idempotent: it never starts a second conversation.
// - `send` gets the outbox entry's id as `clientKey`. A backend that keeps it returns it as `Message.clientKey` on
//   the listed copy; the session matches a listed copy by key, else by sender and content.
// - The optional methods (typing, files, seen) are capabilities: a backend without one is never asked.
// - Every call rejects with a `TransportError`, or with the signal's `AbortError` once `ctx.signal` aborted. The
//   transport owns the timeouts: the session sets none.

/** Who wrote a message: the visitor, a person or bot of the company, or the system (an info line). */
export type Sender = 'user' | 'agent' | 'info';

/**
 * The delivery state of the visitor's own message, after tyntec's delivery states (accepted, delivered, seen,
 * failed). `pending`: written, not yet confirmed by the server (the client's own state); `sent`: the server has it
 * (tyntec's `accepted`); `delivered`: it reached the company's side, an agent's console (tyntec's `delivered`,
 * Parley's status 3); `seen`: an agent has seen it (tyntec's `seen`, Parley's status 4); `failed`: the last attempt
 * failed and the visitor can retry (unlike tyntec's, not final). The session sets `pending`, `sent` and `failed`; a
 * transport sets `delivered` or `seen` on a listed message where its backend reports them.
 */
export type DeliveryStatus = 'pending' | 'sent' | 'delivered' | 'seen' | 'failed';

export interface AgentInfo {
  name: string | null;
  /** An absolute http(s) URL, already validated by the transport. */
  avatar: string | null;
}

/**
 * What a button does. `reply`: sends `value` as the visitor's own message; `link`: opens `value`, an absolute http(s)
 * URL, in a new tab; `call`: dials `value`, a `tel:` URL. `text`: a link or number that is not safe to open, shown
 * as its label only. `unsupported`: a type the widget does not know.
 */
export type ButtonAction = 'reply' | 'link' | 'call' | 'text' | 'unsupported';

export interface MessageButton {
  action: ButtonAction;
  /** What the visitor reads: the button's title, else its payload; never empty. */
  label: string;
  /** Null for `text` and `unsupported`, and for a button that came without a payload: it does nothing (disabled). */
  value: string | null;
}

/** A file of a message that is not shown as an image (a PDF invoice): a card with a download. */
export interface Attachment {
  /** An opaque reference that `Transport.fetchFile` understands. */
  ref: string;
  /** The name it is saved under: a plain file name, no path. */
  name: string;
  /** What the visitor reads (the description, else the name). */
  label: string;
  /** The MIME type, lower case; `application/octet-stream` when unknown. */
  type: string;
  /** In bytes; null when the backend does not say. */
  size: number | null;
}

/** One card of a carousel. */
export interface Card {
  title: string | null;
  /** Light Markdown, like `Message.text`. */
  text: string | null;
  /** An image reference for `Transport.fetchImage`. */
  image: string | null;
  attachment: Attachment | null;
  buttons: MessageButton[];
}

export interface Message {
  /** The backend's id as a string; a message not yet confirmed carries a local id (see the session). */
  id: string;
  /** Epoch milliseconds. */
  time: number;
  from: Sender;
  /** Light Markdown; never HTML. Null for a message of an image (or other content) only. */
  text: string | null;
  /** An opaque image reference that `Transport.fetchImage` understands. Null for a text message. */
  image: string | null;
  agent: AgentInfo | null;
  /**
   * Only on the visitor's own messages. From a transport: `delivered` or `seen` where the backend reports it, else
   * absent (the session shows a listed message as `sent`).
   */
  status?: DeliveryStatus;
  /** On the server's copy of the visitor's message: the `SendOptions.clientKey` it was sent with, where kept. */
  clientKey?: string;
  /** The visitor's own image, as picked: shown from these bytes until (and after) the server confirmed it. */
  file?: Blob;
  /** Upload progress of a pending image, from 0 to 1. */
  progress?: number;
  /** A heading above the message's content. */
  title?: string;
  buttons?: MessageButton[];
  /** Short answers offered while this is the newest message, shown above the composer. Never empty when present. */
  quickReplies?: string[];
  /** Cards shown in a row after the message's own content. Never empty when present. */
  cards?: Card[];
  attachment?: Attachment;
}

export interface AgentState extends AgentInfo {
  isTyping: boolean;
}

export interface MessagePage {
  /** Oldest first, no duplicates, hidden system messages already removed (the session orders by time, then id). */
  messages: Message[];
  /** The cursor of the messages older than this page, for `older`; null when there are none. */
  older: string | null;
  /** The cursor of the messages after this page, for `newer`; null when there is none yet (no message at all). */
  newer: string | null;
  /** The assigned agent and whether they type: null for none; absent when the page does not say (as it was). */
  agent?: AgentState | null;
  /** A notice to pin above the conversation: null for none; absent when the page does not say (as it was). */
  sticky?: string | null;
  /**
   * The backend's greeting at the start of the conversation, shown in place of the config's `intro`: null for
   * none; absent when the page does not say (as it was).
   */
  welcome?: string | null;
}

/** Bubble shapes the UI knows; a backend maps its own setting onto one of them. */
export type BubbleShape = 'rounded' | 'square' | 'tail';

/** Font choices the UI knows; each maps to a system font stack (`@font-face` does not work in a shadow root). */
export type FontChoice = 'system' | 'sans' | 'serif' | 'rounded' | 'mono';

/**
 * The themeable colours. Each becomes the CSS custom property `--parley-<kebab-case name>` on the element,
 * e.g. `navBackground` → `--parley-nav-background`.
 */
export const THEME_COLORS = [
  'background',
  'navBackground',
  'navText',
  'date',
  'inputFieldBackground',
  'inputFieldText',
  'inputFieldPlaceholder',
  'inputBackground',
  'inputText',
  'userBackground',
  'userText',
  'userLink',
  'userTime',
  'userSent',
  'agentBackground',
  'agentText',
  'agentLink',
  'agentTime',
  'infoBackground',
  'infoText',
] as const;
export type ThemeColor = (typeof THEME_COLORS)[number];

export interface ChatConfig {
  /** The panel title. */
  name: string | null;
  /** A phone number for a call link in the header. */
  telephone: string | null;
  allowImage: boolean;
  hideCloseButton: boolean;
  /** The intro notice shown above the conversation. */
  intro: string | null;
  introBorder: boolean;
  dateBorder: boolean;
  /** The conversation needs a logged-in (authorized) visitor. */
  authorizationRequired: boolean;
  /** Validated `#rgb` / `#rrggbb` colours; a missing key means the default theme's colour. */
  colors: Partial<Record<ThemeColor, string>>;
  /** An absolute http(s) URL. */
  backgroundImage: string | null;
  bubbleShape: BubbleShape;
  font: FontChoice;
}

/** What the visitor sends: text or one image, never both in one message. */
export type OutgoingContent = { text: string } | { image: Blob };

/** A bearer token, or a function that gives one (asked again when the backend turns the last one down). */
export type AccessToken = string | (() => string | Promise<string>);

/**
 * What the host says of the visitor (`identify`): plain strings such as `name` and `email`. Unverified: anyone can
 * say anything here, so a backend shows it to agents as such.
 */
export type VisitorInfo = Readonly<Record<string, string>>;

/** Per-request context: the visitor's identity, and a way to cancel. */
export interface RequestContext {
  deviceId: string;
  /** The handle `register` returned for this device, once it returned one. */
  conversation?: string;
  signal?: AbortSignal;
}

export interface SendOptions {
  /** The outbox entry's id: the same for every try of one message. */
  clientKey: string;
  /** Upload progress from 0 to 1, where the backend can report it. */
  onProgress?: (fraction: number) => void;
}

/** What a backend takes. A transport declares those that differ from the defaults (src/chat/capabilities.ts). */
export interface Capabilities {
  /**
   * How long the backend shows the visitor as typing after `startTyping`: while the visitor types, the session
   * starts again after two thirds of it.
   */
  typingExpiresMs: number;
  /** The largest image the backend takes, in bytes; 0 when it takes none (the attach button is not shown). */
  maxImageBytes: number;
  /** The longest text it takes, in characters. */
  maxTextLength: number;
}

export interface Transport {
  readonly capabilities?: Partial<Capabilities>;
  /**
   * Make the device known to the backend, with what the host said of the visitor; it may answer with the handle of
   * the device's conversation. Called again, with the same device id, when the visitor's identity changes.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: an `async register() {}` that answers nothing must fit.
  register(ctx: RequestContext, visitor?: VisitorInfo): Promise<void | { conversation: string }>;
  /** What the backend says of the chat's look and features; the session gives the rest their defaults. */
  config(ctx: RequestContext): Promise<Partial<ChatConfig>>;
  /** The newest page of the conversation. */
  latest(ctx: RequestContext): Promise<MessagePage>;
  /** The page before a page's `older` cursor. */
  older(ctx: RequestContext, cursor: string): Promise<MessagePage>;
  /** Every message after a page's `newer` cursor (polling). */
  newer(ctx: RequestContext, cursor: string): Promise<MessagePage>;
  /**
   * Resolves once the backend has the message: with the id it gave it, or with null when it gives none (the
   * session then waits for the listed copy).
   */
  send(ctx: RequestContext, content: OutgoingContent, options?: SendOptions): Promise<{ id: string | null }>;
  /** The visitor types, and stopped (or sent). A backend without them is told nothing of typing. */
  startTyping?(ctx: RequestContext): Promise<void>;
  stopTyping?(ctx: RequestContext): Promise<void>;
  /**
   * The image of a message's reference: its bytes, fetched with the same credentials as every request, or an
   * absolute http(s) URL the page shows as it is (a public CDN's image that a fetch could not read without CORS).
   */
  fetchImage(ctx: RequestContext, ref: string): Promise<Blob | string>;
  /** The bytes of an attachment, fetched with the same credentials. Without it, attachments show without download. */
  fetchFile?(ctx: RequestContext, ref: string): Promise<Blob>;
  /**
   * The visitor has seen these agent and info messages (never their own): the backend may tell the agent. Ids the
   * backend does not know, or marked before, are no error. Without it, nothing is marked seen.
   */
  markSeen?(ctx: RequestContext, messageIds: string[]): Promise<void>;
  /**
   * How many agent and info messages the visitor has not seen (not marked with `markSeen`): a returning visitor's
   * badge before any history is in. Without it, the badge counts only what arrives from then on.
   */
  unseenCount?(ctx: RequestContext): Promise<number>;
}

/**
 * What went wrong, and what the session does:
 * - `network`, `timeout`, `server`, `rateLimited`: passing. It backs off (as long as `retryAfterMs` asks, at least)
 *   and shows "reconnecting"; a message fails after 8 tries, to be retried by the visitor.
 * - `notRegistered`: the backend forgot the device. It registers again and repeats the call once.
 * - `unauthorized`, `forbidden`: a refusal. Polling stops and messages wait until the host gives new credentials or
 *   the visitor tries again.
 * - `ended`: the conversation is closed for good. Polling stops, messages wait, and the visitor is offered a new
 *   conversation (`reset`).
 * - `invalid`, `tooLarge`: this message can never be sent as it is; it fails at once.
 */
export type TransportErrorKind =
  | 'network'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'notRegistered'
  | 'rateLimited'
  | 'tooLarge'
  | 'invalid'
  | 'server'
  | 'ended';

/** RFC 7807 problem details: the standard members an error answer gave, each only when of the right type. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
}

/** The one error type every transport call rejects with. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** The backend's own code, e.g. Parley's notification `device_not_registered`. */
      code?: string;
      /** For `rateLimited`: how long the backend asked to wait. */
      retryAfterMs?: number;
      /** An `application/problem+json` answer's RFC 7807 members, for developers (the UI words its own notice). */
      problem?: ProblemDetails;
      cause?: unknown;
    } = {},
  ) {
    super(message);
  }
}

export const isTransportError = (error: unknown): error is TransportError => error instanceof TransportError;
