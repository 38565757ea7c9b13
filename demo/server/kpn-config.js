// @ts-check
// The account configuration of the KPN documentation's example (seeds/kpn-parley-secure-messenger-api.txt),
// verbatim: the `data` of its `GET /config` answer. Colours are hex RGB without `#`, as Parley sends them.
// The dev server answers it under a demo name (config.js); the tests use it as the documented answer.

export const KPN_EXAMPLE_CONFIG = Object.freeze({
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
    'Heb je een vraag? Laat het ons weten via deze chat. We kunnen je helaas geen notificaties sturen wanneer we ' +
    'je vraag hebben beantwoord, kijk regelmatig even of we je al hebben kunnen helpen.',
  genericPushMessage: '',
  authorizationRequired: '0',
});
