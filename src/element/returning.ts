import { createStore, get } from 'idb-keyval';
import { conversationKey, deviceKey } from '../chat/cache';
import { DATABASE } from '../chat/storage';
import { whenIdle } from '../lib/idle';

/**
 * Whether this browser has a conversation under `storageKey` whose closed launcher should show unread agent messages:
 * a device id it keeps, or, for the host's own device id (the `device-id` attribute), its cached conversation. The
 * loader's one look into storage before the chat has loaded; no answer (IndexedDB missing, failing or silent) is no
 * conversation.
 */
async function hasConversation(storageKey: string, deviceId: string | undefined): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  const key = deviceId ? conversationKey(storageKey, deviceId) : deviceKey(storageKey);
  return get(key, createStore(...DATABASE)).then(Boolean, () => false);
}

/** When the browser is idle, at the latest after this long, a returning visitor's chat loads to poll for unread. */
const IDLE_TIMEOUT_MS = 5_000;

/** Runs `run` at idle time when this browser has a conversation under `storageKey` (of the host's `deviceId`). */
export function whenReturning(storageKey: string, deviceId: string | undefined, run: () => void): void {
  void hasConversation(storageKey, deviceId).then((returning) => {
    if (returning) whenIdle(run, IDLE_TIMEOUT_MS);
  });
}
