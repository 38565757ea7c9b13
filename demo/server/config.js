// @ts-check
// The account configuration `GET /config` answers: the values of the KPN documentation's example,
// with a demo name. Colours are hex RGB without `#`, as Parley sends them.

/** @returns {Record<string, unknown>} a fresh copy, so a test may change it without touching the default */
export function defaultConfig() {
  return {
    name: 'Parley Demo',
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
  };
}
