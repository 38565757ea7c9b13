// The JSON examples of KPN's Parley Secure Messenger documentation, verbatim (seeds/kpn-parley-secure-messenger-api.txt).
export const REGISTER_ANSWER = {
  data: {},
  notifications: [{ type: 'success', message: 'device_successfully_subscribed' }],
  status: 'SUCCESS',
  metadata: { values: { url: 'devices' }, method: 'post', duration: 0.004 },
};

export const CONFIG_ANSWER = {
  data: {
    name: 'KPN Hackathon Demo - 30',
    telephone: '',
    font: 4,
    allowImage: true,
    backgroundColor: 'eeeeee',
    backgroundImage: '',
    iOSStatusBarTextColor: '0',
    navBackgroundColor: '415581',
    navTextColor: 'ffffff',
    navHideCloseButton: false,
    dateBorder: false,
    dateColor: '4A5E83',
    iOSInputContainerBackgroundColor: 'eeebe6',
    inputFieldBackgroundColor: 'ffffff',
    inputFieldTextColor: '000000',
    inputFieldPlaceholderColor: '666666',
    inputBackgroundColor: '415581',
    inputTextColor: 'ffffff',
    balloonStyle: 2,
    userBackgroundColor: 'ffffff',
    userTextColor: '4A5E83',
    userTextLinkColor: '52d160',
    userTimeColor: '52d160',
    userSentColor: '52d160',
    accountBackgroundColor: '415581',
    accountTextColor: 'ffffff',
    accountTextLinkColor: '52d160',
    accountTimeColor: '52d160',
    infoTextBackgroundColor: 'eeeeee',
    infoTextBorder: 1,
    infoTextColor: '415581',
    infoText:
      'Heb je een vraag? Laat het ons weten via deze chat. Zodra we een antwoord hebben krijg je een notificatie.',
    infoText2:
      'Heb je een vraag? Laat het ons weten via deze chat. We kunnen je helaas geen notificaties sturen wanneer we je vraag hebben beantwoord, kijk regelmatig even of we je al hebben kunnen helpen.',
    genericPushMessage: '',
    authorizationRequired: '0',
  },
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

export const MESSAGE_ANSWER = {
  data: { id: 2, time: 1548335743, message: 'What is my current balance?', image: null, typeId: 1, agent: null },
  notifications: [],
  status: 'SUCCESS',
  metadata: { values: { url: 'messages/2' }, method: 'get', duration: 0.003 },
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
