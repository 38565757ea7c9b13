import { createStore, get } from 'idb-keyval';
import { deviceKey } from '../chat/cache';
import { DATABASE } from '../chat/storage';
import { whenIdle } from '../lib/idle';

/**
 * Whether this browser keeps a device id for `storageKey`, that is a conversation whose closed launcher should show
 * unread agent messages: the loader's one look into storage before the chat has loaded. No answer (IndexedDB missing,
 * failing or silent) is no conversation.
 */
async function hasConversation(storageKey: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  return get(deviceKey(storageKey), createStore(...DATABASE)).then(Boolean, () => false);
}

/** When the browser is idle, at the latest after this long, a returning visitor's chat loads to poll for unread. */
const IDLE_TIMEOUT_MS = 5_000;

/** Runs `run` at idle time when this browser has a conversation under `storageKey`. */
export function whenReturning(storageKey: string, run: () => void): void {
  void hasConversation(storageKey).then((returning) => {
    if (returning) whenIdle(run, IDLE_TIMEOUT_MS);
  });
}
