import { createStore, get } from 'idb-keyval';
import { deviceKey } from '../chat/cache';
import { DATABASE } from '../chat/storage';

/**
 * Whether this browser keeps a device id for `storageKey`, that is a conversation whose closed launcher should show
 * unread agent messages: the loader's one look into storage before the chat has loaded. No answer (IndexedDB missing,
 * failing or silent) is no conversation.
 */
export async function hasConversation(storageKey: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  return get(deviceKey(storageKey), createStore(...DATABASE)).then(Boolean, () => false);
}
