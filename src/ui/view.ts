import type { ChatSession } from '../chat/session';

export type Mode = 'launcher' | 'inline' | 'fullscreen';
export type Position = 'left' | 'right';

/** The session's signals that the UI shows (see mount.ts). */
export const VIEW_SIGNALS = [
  'messages',
  'isOpen',
  'unread',
  'agent',
  'sticky',
  'welcome',
  'config',
  'hasOlder',
  'loadingOlder',
  'loadState',
  'connection',
  'error',
] as const satisfies readonly (keyof ChatSession)[];

/** The session's state at one moment: the values of those signals. */
export type ChatView = { [K in (typeof VIEW_SIGNALS)[number]]: ChatSession[K]['value'] };

export interface ViewOptions {
  lang: string;
  mode: Mode;
  position: Position;
}

/** What the components may ask of the session; each takes only the actions it needs. */
export type ChatActions = Pick<
  ChatSession,
  | 'open'
  | 'close'
  | 'send'
  | 'sendImage'
  | 'typing'
  | 'activity'
  | 'retry'
  | 'cancel'
  | 'fetchImage'
  | 'fetchFile'
  | 'choose'
  | 'loadOlder'
  | 'capabilities'
  | 'startNew'
>;
