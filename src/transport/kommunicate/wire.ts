// The Kommunicate (Applozic) visitor routes as /tmp/an/kommunicate-wire.md and demo/server/kommunicate-evidence.md
// describe them (what no public source shows is an assumption there). These types describe what the server is
// expected to send; nothing trusts them: map.ts takes `unknown` and narrows every field. They never leave this folder.

export interface WireError {
  /** e.g. `AL-G-01`; absent on "group already exists". */
  errorCode?: string;
  description?: string;
  displayMessage?: string;
}

/** Group routes answer in the envelope; errors come in it on any route, mostly with HTTP 200. */
export type WireEnvelope<Response = unknown> =
  | { status: 'success'; generatedAt: number; response: Response }
  | { status: 'error'; errorResponse: WireError[]; generatedAt?: number };

/** `POST /rest/ws/group/conversation`, `GET /rest/ws/group/v2/info`. */
export interface WireGroup {
  id: number;
  clientGroupId: string;
  name: string;
  adminId: string;
  membersId: string[];
  metadata: WireGroupMetadata;
  createdAtTime?: number;
}

export interface WireGroupMetadata {
  /** 0 open, 2 closed, 3 spam. */
  CONVERSATION_STATUS?: number | string;
  /** The assigned agent's userId. */
  CONVERSATION_ASSIGNEE?: string;
}

/** An uploaded file, bare (`POST /rest/ws/upload/image`) and on a listed attachment. Private files have no url. */
export interface WireFileMeta {
  blobKey: string;
  thumbnailBlobKey?: string;
  name: string;
  url: string;
  thumbnailUrl?: string;
  size: number;
  contentType: string;
  createdAtTime?: number;
  key?: string;
  userKey?: string;
}

/** 0 text, 1 attachment, 3 HTML, 5 text with a link, 10 notify (an info line), 11 hidden. */
export type WireContentType = 0 | 1 | 3 | 5 | 10 | 11;

export interface WireMessage {
  key: string;
  groupId: number;
  /** Epoch ms; a number or a string of digits. */
  createdAtTime: number | string;
  /** Relative to the caller: 5 sent by the caller (the visitor), 4 received. */
  type: 4 | 5;
  contentType: WireContentType;
  message: string;
  /** The sender's userId, on received messages. */
  to?: string;
  /** `category: "HIDDEN"`, `hide: "true"`; `contentType: "300"` marks a rich message. */
  metadata?: Record<string, unknown>;
  fileMeta?: WireFileMeta;
}

export interface WireUserDetail {
  userId: string;
  userName: string;
  imageLink: string | null;
  roleType: number;
}

/** `GET /rest/ws/message/list`, bare: newest first, at most pageSize of the range. */
export interface WireMessageList {
  message: WireMessage[];
  groupFeeds: { id: number; clientGroupId: string; metadata: WireGroupMetadata }[];
  userDetails: WireUserDetail[];
}

/** `POST /rest/ws/message/send`, bare; `messageKey` is the listed message's `key`. */
export interface WireSendResult {
  messageKey: string;
  createdAt: string;
  conversationId: number;
}

/** Error codes the adapter knows (the upload's `MALICIOUS_CONTENT` comes at the top level, not in the envelope). */
export type WireErrorCode =
  | 'AL-G-01'
  | 'AL-U-01'
  | 'AL-UN-01'
  | 'AL-G-02'
  | 'AL-MS-01'
  | 'AL-IN-01'
  | 'MALICIOUS_CONTENT';
