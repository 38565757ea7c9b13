import type { Conversation } from './conversation';
import { cancelError, fromErrorData } from './errors';
import type { Role, RoleDeps } from './leadership';
import { removeEntry, updateMessage } from './queue';
import { follow } from './state';
import type { TabMessage } from './sync';

/** Follows the leading tab: shows its state and events, and hands it what this tab's visitor does. */
export function createFollower(d: RoleDeps): Role & { tellLeader(): void } {
  const { state, post } = d;
  const c = d.conversation;
  const tellLeader = () => post({ type: 'tab', tab: d.tabId, open: state.isOpen.value, visible: d.page.visible() });
  const bye = () => post({ type: 'bye', tab: d.tabId });
  return {
    opened: tellLeader,
    quieter: tellLeader,
    focused: tellLeader,
    acted: tellLeader,
    wentOnline: tellLeader,
    deliver: (entry, image) => post({ type: 'outbox', entry, image, device: state.deviceId.value! }),
    retryMessage(id) {
      updateMessage(c(), id, { status: 'pending' });
      post({ type: 'retry', id });
    },
    deleteMessage: (id) => cancel(c(), id),
    loadOlderPage: async () => post({ type: 'older' }),
    resume: () => post({ type: 'resume' }),
    identified: () => post({ type: 'identify', visitor: state.visitor.value }),
    restarted() {},
    receive: (message) => receive(d, message, tellLeader),
    leave: bye,
    retire: bye,
    tellLeader,
  };
}

function cancel(c: Conversation, id: string): void {
  // Only a message the leader has not got yet is this tab's to remove from the store.
  removeEntry(c, id, c.own.has(id));
  c.settle(id, cancelError());
  c.post({ type: 'cancel', id });
}

function receive(d: RoleDeps, message: TabMessage, tellLeader: () => void): void {
  const c = d.conversation();
  switch (message.type) {
    case 'state':
      for (const m of message.state.messages) c.own.delete(m.id);
      return follow(d.state, message.state, [...c.own.values()]);
    case 'message':
      return d.events.emit('message', message.detail);
    case 'error':
      return d.events.emit('error', fromErrorData(message.error));
    case 'settled':
      return c.settle(
        message.id,
        message.error && (message.error === 'cancelled' ? cancelError() : fromErrorData(message.error)),
      );
    case 'hello':
      return tellLeader();
    case 'reset':
      return void d.forget();
  }
}
