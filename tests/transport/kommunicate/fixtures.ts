// Kommunicate answers in the shapes the fake gives (demo/server/kommunicate-*.js, /tmp/an/kommunicate-wire.md).

export const GROUP = {
  id: 100001,
  clientGroupId: 'pc-device-0123456789',
  name: 'Chat',
  adminId: 'device-0123456789',
  membersId: ['device-0123456789'],
  metadata: { CONVERSATION_STATUS: 0 },
  createdAtTime: 1_700_000_000_000,
};

export const success = (response: unknown) => ({ status: 'success', generatedAt: 1_700_000_000_000, response });

export const kError = (errorCode: string | null, description = 'error') => ({
  status: 'error',
  errorResponse: [{ ...(errorCode === null ? {} : { errorCode }), description, displayMessage: description }],
  generatedAt: 1_700_000_000_000,
});

let n = 0;
/** A listed message; `type` 5 the visitor's own, 4 received (from `to`). */
export const wireMessage = (fields: Record<string, unknown> = {}) => ({
  key: `5-userkey-${++n}`,
  groupId: 100001,
  createdAtTime: 1_700_000_000_000 + n,
  type: 5,
  contentType: 0,
  message: `text ${n}`,
  metadata: {},
  source: 1,
  ...fields,
});

export const AGENT = { userId: 'agent-sam', userName: 'Sam', imageLink: 'https://cdn.example/sam.png', roleType: 2 };

/** A list answer: messages newest first, as Kommunicate sends them. */
export const listAnswer = (
  messages: unknown[],
  metadata: Record<string, unknown> = { CONVERSATION_STATUS: 0 },
  userDetails: unknown[] = [AGENT],
) => ({
  message: messages,
  groupFeeds: [{ id: 100001, clientGroupId: 'pc-device-0123456789', metadata }],
  userDetails,
});

export const SEND_ANSWER = {
  messageKey: '5-userkey-1700000000001',
  createdAt: '1700000000001',
  conversationId: 100001,
};

export const FILE_META = {
  blobKey: '6f1c2a4e-0000-4000-8000-000000000001',
  thumbnailBlobKey: '6f1c2a4e-0000-4000-8000-000000000001-thumbnail',
  name: 'photo.png',
  url: '',
  thumbnailUrl: '',
  size: 68,
  contentType: 'image/png',
  createdAtTime: 1_700_000_000_000,
  key: 'a',
  userKey: 'userkey',
};
