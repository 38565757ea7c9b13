// The Parley Secure Messenger wire format, as documented by KPN and seen in Parley's own clients.
// These types describe what the server is expected to send; nothing trusts them: map.ts takes `unknown`
// and narrows every field. They never leave this folder.

export interface WireNotification {
  type: 'success' | 'error' | 'warning';
  /** A code such as `device_not_registered`, not human text. */
  message: string;
}

export interface WireEnvelope<Data = unknown> {
  data: Data;
  notifications: WireNotification[];
  status: 'SUCCESS' | 'ERROR';
  metadata?: { values?: Record<string, unknown>; method?: string; duration?: number };
}

/** The KPN gateway's error body (HTTP 502): Parley's own envelope is nested in `error.message`. */
export interface WireGatewayError {
  error: {
    transactionId?: string;
    status?: string;
    name?: string;
    message?: Omit<WireEnvelope, 'data'>;
    info?: string;
  };
}

export interface WireAgent {
  id: number | null;
  name: string | null;
  avatar: string | null;
}

/** 1 user, 2 agent, 3 info line; 4 and 5 are hidden system messages. */
export type WireTypeId = 1 | 2 | 3 | 4 | 5;

export interface WireMessage {
  id: number | string;
  /** Epoch seconds. */
  time: number;
  message: string | null;
  image: string | null;
  typeId: WireTypeId;
  agent: WireAgent | null;
  /** 2 sent, 3 received, 4 seen: read on the visitor's own messages only (map.ts). */
  status?: WireMessageStatus;
  // Newer API versions (rich.ts maps them; `custom` is not read):
  title?: string | null;
  media?: WireMedia | null;
  buttons?: WireButton[];
  carousel?: WireCarouselItem[];
  quickReplies?: string[];
}

export type WireMessageStatus = 2 | 3 | 4;

export interface WireButton {
  title: string | null;
  payload: string | null;
  type: 'reply' | 'webUrl' | 'phoneNumber';
}

/** A file, served at `GET media/{year}/{month}/{day}/{filename}`. */
export interface WireMedia {
  id: string;
  mimeType: string;
  year: number;
  month: number;
  day: number;
  filename: string;
  description: string | null;
}

/** A carousel card: carries no typeId of its own. */
export interface WireCarouselItem {
  title: string | null;
  message: string | null;
  media: WireMedia | null;
  buttons: WireButton[];
}

/** `GET /messages`, `/messages/before:ID`, `/messages/after:ID`. Lists are newest first. */
export interface WireMessageList extends WireEnvelope<WireMessage[]> {
  paging: { before: string; after: string };
  agent: (WireAgent & { isTyping: boolean | number | null }) | null;
  stickyMessage: string | null;
}

export interface WireSendResult {
  messageId: string | number;
}

/** `PUT /messages/status/4 {messageIds}`: the ids it marked. */
export interface WireSeenResult {
  messageIds: number[];
}

/** `GET /messages/unseen/count`: the agent messages and info lines the visitor has not marked seen. */
export interface WireUnseenCount {
  messageIds: number[];
  count: number;
}

/** `GET /config`. Colours are hex RGB without `#`; flags come as booleans, numbers or "0"/"1". */
export interface WireConfig {
  name: string;
  telephone: string;
  font: number;
  allowImage: boolean | number | string;
  backgroundImage: string;
  navHideCloseButton: boolean | number | string;
  dateBorder: boolean | number | string;
  balloonStyle: number;
  infoTextBorder: boolean | number | string;
  infoText: string;
  infoText2: string;
  authorizationRequired: string | number | boolean;
  backgroundColor: string;
  navBackgroundColor: string;
  navTextColor: string;
  dateColor: string;
  inputFieldBackgroundColor: string;
  inputFieldTextColor: string;
  inputFieldPlaceholderColor: string;
  inputBackgroundColor: string;
  inputTextColor: string;
  userBackgroundColor: string;
  userTextColor: string;
  userTextLinkColor: string;
  userTimeColor: string;
  userSentColor: string;
  accountBackgroundColor: string;
  accountTextColor: string;
  accountTextLinkColor: string;
  accountTimeColor: string;
  infoTextBackgroundColor: string;
  infoTextColor: string;
}

export type WireColorField = Extract<keyof WireConfig, `${string}Color`>;

/** Notification codes that mean a failure. */
export type WireErrorCode =
  | 'device_not_registered'
  | 'device_requires_authorization'
  | 'authentication_required'
  | 'authentication_not_valid'
  | 'authentication_expired'
  | 'api_key_not_valid'
  | 'invalid_media_type'
  | 'missing_media'
  | 'media_too_large'
  | 'could_not_save_media';
