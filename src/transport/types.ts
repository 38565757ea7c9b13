// The backend-agnostic contract between the chat session and a messaging backend.
// Nothing here knows Parley: a second backend implements `Transport` in a folder of its own,
// maps its wire format to these domain types, and the session and UI never notice.

/** Who wrote a message: the visitor, a person or bot of the company, or the system (an info line). */
export type Sender = 'user' | 'agent' | 'info';

/**
 * The client-side delivery state of the visitor's own message.
 * `pending`: written, not yet confirmed by the server; `sent`: the server gave it an id;
 * `failed`: the last attempt failed and the visitor can retry.
 */
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface AgentInfo {
  name: string | null;
  /** An absolute http(s) URL, already validated by the transport. */
  avatar: string | null;
}

export interface Message {
  /** The backend's id as a string; a message not yet confirmed carries a local id (see the session). */
  id: string;
  /** Epoch milliseconds. */
  time: number;
  from: Sender;
  /** Light Markdown; never HTML. Null for an image-only message. */
  text: string | null;
  /** An opaque image reference that `Transport.fetchImage` understands. Null for a text message. */
  image: string | null;
  agent: AgentInfo | null;
  /** Only on the visitor's own messages; absent on messages the server returned. */
  status?: DeliveryStatus;
  /** The visitor's own image, as picked: shown from these bytes until (and after) the server confirmed it. */
  file?: Blob;
  /** Upload progress of a pending image, from 0 to 1. */
  progress?: number;
}

export interface AgentState extends AgentInfo {
  isTyping: boolean;
}

export interface MessagePage {
  /** Oldest first, no duplicates, hidden system messages already removed. */
  messages: Message[];
  /** True when the backend has messages older than the oldest of this page. */
  hasOlder: boolean;
  /** The assigned agent and whether they type: null for none; absent when the page does not say (as it was). */
  agent?: AgentState | null;
  /** A notice to pin above the conversation: null for none; absent when the page does not say (as it was). */
  sticky?: string | null;
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

/** Per-request context: the visitor's identity, and a way to cancel. */
export interface RequestContext {
  deviceId: string;
  signal?: AbortSignal;
}

export interface SendOptions {
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
  /** Make the device known to the backend. Idempotent. */
  register(ctx: RequestContext): Promise<void>;
  /** What the backend says of the chat's look and features; the session gives the rest their defaults. */
  config(ctx: RequestContext): Promise<Partial<ChatConfig>>;
  /** The newest page of the conversation. */
  latest(ctx: RequestContext): Promise<MessagePage>;
  /** Messages older than `beforeId`. */
  older(ctx: RequestContext, beforeId: string): Promise<MessagePage>;
  /** Messages newer than `afterId` (polling). */
  newer(ctx: RequestContext, afterId: string): Promise<MessagePage>;
  /** Resolves with the id the backend gave the message. */
  send(ctx: RequestContext, content: OutgoingContent, options?: SendOptions): Promise<{ id: string }>;
  /** The visitor types, and stopped (or sent). A backend without them is told nothing of typing. */
  startTyping?(ctx: RequestContext): Promise<void>;
  stopTyping?(ctx: RequestContext): Promise<void>;
  /**
   * The image of a message's reference: its bytes, fetched with the same credentials as every request, or an
   * absolute http(s) URL the page shows as it is (a public CDN's image that a fetch could not read without CORS).
   */
  fetchImage(ctx: RequestContext, ref: string): Promise<Blob | string>;
}

export type TransportErrorKind =
  | 'network'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'notRegistered'
  | 'rateLimited'
  | 'tooLarge'
  | 'invalid'
  | 'server';

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
      cause?: unknown;
    } = {},
  ) {
    super(message);
  }
}

export const isTransportError = (error: unknown): error is TransportError => error instanceof TransportError;
