import type * as Chat from './chat';

export type ChatModule = typeof Chat;

/**
 * Where the chat's chunk is: beside the script-tag loader (`dist/parley-chat/chat.js` next to
 * `dist/parley-chat.js`), resolved while the loader's script runs, the one moment `document.currentScript` names it.
 */
const chunkUrl = import.meta.env.PARLEY_CHUNKS
  ? new URL('parley-chat/chat.js', (document.currentScript as HTMLScriptElement).src).href
  : '';

/**
 * The chat module: a chunk from the loader's folder in the split script-tag build (so a CSP that allows the script
 * allows it), a module of this bundle otherwise (the single-file build inlines it; a host's bundler may split it).
 */
export const loadChat = (): Promise<ChatModule> =>
  import.meta.env.PARLEY_CHUNKS ? import(/* @vite-ignore */ chunkUrl) : import('./chat');
