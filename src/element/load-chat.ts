import type * as Chat from './chat';

export type ChatModule = typeof Chat;

/**
 * Where the chat's chunk is: beside the script-tag loader (`dist/parley-chat/chat.js` next to
 * `dist/parley-chat.js`), resolved while the loader's script runs, the one moment `document.currentScript` names it.
 */
const chunkUrl = import.meta.env.PARLEY_CHUNKS
  ? new URL('parley-chat/chat.js', (document.currentScript as HTMLScriptElement).src).href
  : '';

/** Failed loads of the chunk so far. */
let failures = 0;

/**
 * The chat module: a chunk from the loader's folder in the split script-tag build (so a CSP that allows the script
 * allows it), a module of this bundle otherwise (the single-file build inlines it; a host's bundler may split it).
 * Firefox keeps a failed module's error for its URL for the page's life, so a load after a failure asks for the
 * chunk under another query.
 */
export const loadChat = (): Promise<ChatModule> =>
  import.meta.env.PARLEY_CHUNKS
    ? import(/* @vite-ignore */ failures ? `${chunkUrl}?retry=${failures}` : chunkUrl).catch((error: unknown) => {
        failures++;
        throw error;
      })
    : import('./chat');
