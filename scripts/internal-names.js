// Property names that only the session's own modules use among themselves: the fields of a conversation
// (conversation.ts and the modules that declare them), of a session (session.ts), of the roles (leadership.ts),
// of the small helpers they share, and of the UI's class components. The script-tag build mangles them to short names, as @preact/signals
// mangles its internals. A name of the public API, the DOM, Preact, the tab protocol (sync.ts), what is stored
// (outbox.ts, cache.ts) or the wire (transport/) must never be here: tests/build/internal-names.test.ts checks.
export const INTERNAL_NAMES = [
  // conversation.ts, connection.ts, inbox.ts, pages.ts, queue.ts, sender.ts
  'cache', 'events', 'post', 'anyOpen', 'active', 'scope', 'own', 'waiters', 'typist', 'settle', 'settled', 'save',
  'registered', 'reported', 'onRefused', 'retryPending', 'announced', 'live', 'claimCopies', 'connecting',
  'poller', 'queued', 'imageBytes', 'claimedIds', 'finished', 'reading', 'trying', 'pumping', 'wakeUp',
  // session.ts
  'convo', 'role', 'roles', 'disposed', 'returning',
  // leadership.ts, follower.ts
  'opened', 'quieter', 'focused', 'wentOnline', 'retryMessage', 'deleteMessage', 'loadOlderPage', 'retire',
  'deliver', 'resume', 'restarted', 'receive', 'leave', 'tellLeader', 'peers', 'tabId',
  'conversation', 'forget',
  // scope.ts, waiters.ts, cache.ts, page.ts, poller.ts
  'alive', 'check', 'onEnd', 'wait', 'ids', 'claimDevice', 'saveConfig', 'saveConversation', 'wipe', 'listen',
  'kick', 'reschedule',
  // fields and methods of the UI's class components (not their props: a prop of a DOM element keeps its name)
  'setImage', 'observer', 'aborter', 'fromBottom', 'firstId', 'atBottom', 'remember', 'backOnlineTimer',
  'stopListening', 'fileInput', 'composer', 'closeViewer', 'openImage', 'launcher',
];
