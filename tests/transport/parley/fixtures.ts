// The JSON examples of KPN's Parley Secure Messenger documentation, verbatim (seeds/kpn-parley-secure-messenger-api.txt).
import { KPN_EXAMPLE_CONFIG } from '../../../demo/server/kpn-config.js';

export const REGISTER_ANSWER = {
  data: {},
  notifications: [{ type: 'success', message: 'device_successfully_subscribed' }],
  status: 'SUCCESS',
  metadata: { values: { url: 'devices' }, method: 'post', duration: 0.004 },
};

export const CONFIG_ANSWER = {
  data: KPN_EXAMPLE_CONFIG,
  notifications: [],
  status: 'SUCCESS',
  metadata: { values: { url: 'config' }, method: 'get', duration: 0.003 },
};

export const TYPING_ANSWER = {
  data: 'event startTyping executed',
  notifications: [],
  status: 'SUCCESS',
  metadata: { values: { url: 'services/event/startTyping' }, method: 'post', duration: 0.069 },
};

export const SEND_ANSWER = {
  data: { messageId: '1' },
  notifications: [],
  status: 'SUCCESS',
  metadata: { values: { url: 'messages', message: 'Hello, I have a question.' }, method: 'post', duration: 0.012 },
};

export const LIST_ANSWER = {
  data: [{ id: 1, time: 1548335198, message: 'Hello, I have a question.', image: null, typeId: 1, agent: null }],
  notifications: [],
  status: 'SUCCESS',
  metadata: { values: { url: 'messages' }, method: 'get', duration: 0.005 },
  agent: { id: null, name: null, avatar: null, isTyping: null },
  paging: { before: '', after: '/messages/after:1' },
  stickyMessage: null,
};

export const GATEWAY_ERROR = {
  error: {
    transactionId: 'apn07-4664-712680-9',
    status: '502 - Bad Gateway',
    name: 'Bad - Request',
    message: {
      notifications: [{ type: 'error', message: 'device_not_registered' }],
      status: 'ERROR',
      metadata: { values: { url: 'messages/before:2' }, method: 'get', duration: 0.003 },
    },
    info: 'https://developer.cubesbykpn.com',
  },
};

/** Parley's own error envelope. */
export const parleyError = (code: string) => ({
  data: null,
  notifications: [{ type: 'error', message: code }],
  status: 'ERROR',
  metadata: { values: { url: 'messages' }, method: 'get', duration: 0.001 },
});

/** A success envelope around `data`, plus root fields. */
export const envelope = (data: unknown, root: Record<string, unknown> = {}) => ({
  data,
  notifications: [],
  status: 'SUCCESS',
  metadata: { values: {}, method: 'get', duration: 0.001 },
  ...root,
});
