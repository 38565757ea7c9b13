import { effect } from '@preact/signals-core';
import { describe, expect, it } from 'vitest';
import { assign, createState, follow, publicState, snapshot, startOver } from '../../src/chat/state';
import { defaultConfig } from '../helpers/fake-transport';
import { serverMessage } from '../helpers/messages';
import { TransportError } from '../../src/transport/types';

describe('state', () => {
  it('starts a conversation empty, with the given device id and the connection the page reports', () => {
    const online = createState('device-1234', true);
    expect(online.deviceId.value).toBe('device-1234');
    expect(online.connection.value).toBe('online');
    expect(online.messages.value).toEqual([]);
    expect([online.isOpen.value, online.loaded.value, online.loadState.value]).toEqual([false, false, 'idle']);
    expect(createState(null, false).connection.value).toBe('offline');
  });

  it('assign sets several values at once: an effect runs once for all of them', () => {
    const state = createState(null, true);
    const seen: [number, string | null][] = [];
    const stop = effect(() => void seen.push([state.unread.value, state.sticky.value]));
    assign(state, { unread: 3, sticky: 'Closed on Sundays' });
    stop();
    expect(seen).toEqual([
      [0, null],
      [3, 'Closed on Sundays'],
    ]);
  });

  it('snapshot has every value but isOpen, and the error as plain data that survives structured cloning', () => {
    const state = createState('device-1234', true);
    const error = new TransportError('unauthorized', 'no', { status: 401, code: 'auth', cause: new Error('x') });
    assign(state, { isOpen: true, messages: [serverMessage('1')], unread: 2, error });
    const shot = snapshot(state);
    expect(Object.keys(shot).sort()).toEqual(
      Object.keys(state)
        .filter((k) => k !== 'isOpen')
        .sort(),
    );
    expect(shot).not.toHaveProperty('isOpen');
    expect(shot.error).not.toBeInstanceOf(Error);
    expect(shot.error).toEqual({ kind: 'unauthorized', message: 'no', details: { status: 401, code: 'auth' } });
    expect(structuredClone(shot)).toEqual(shot);
    expect([shot.unread, shot.messages, shot.loaded]).toEqual([2, [serverMessage('1')], false]);
  });

  it('follow shows the leader snapshot with a TransportError restored and own messages after the leader ones', () => {
    const leader = createState('device-1234', true);
    const error = new TransportError('forbidden', 'f');
    assign(leader, { messages: [serverMessage('1'), serverMessage('2')], unread: 1, error });
    const follower = createState(null, true);
    follower.isOpen.value = true;
    const own = serverMessage('local:a', 'user', { status: 'pending' });
    follow(follower, snapshot(leader), [own]);
    expect(follower.messages.value.map((m) => m.id)).toEqual(['1', '2', 'local:a']);
    expect(follower.error.value).toBeInstanceOf(TransportError);
    expect(follower.error.value).toMatchObject({ kind: 'forbidden', message: 'f' });
    expect([follower.unread.value, follower.deviceId.value, follower.isOpen.value]).toEqual([1, 'device-1234', true]);

    leader.error.value = null;
    follow(follower, snapshot(leader), []);
    expect(follower.error.value).toBeNull();
  });

  it('startOver keeps isOpen, config and connection and sets everything else back', () => {
    const state = createState('old-device-1', true);
    const config = defaultConfig({ name: 'Help' });
    assign(state, {
      isOpen: true,
      config,
      connection: 'reconnecting',
      messages: [serverMessage('1')],
      unread: 4,
      agent: { name: 'Anna', avatar: null, isTyping: true },
      sticky: 's',
      hasOlder: true,
      loadingOlder: true,
      loadState: 'ready',
      error: new TransportError('forbidden', 'f'),
      loaded: true,
    });
    startOver(state, 'new-device-1');
    expect(state.isOpen.value).toBe(true);
    expect(state.config.value).toBe(config);
    expect(state.connection.value).toBe('reconnecting');
    expect(snapshot(state)).toEqual({
      ...snapshot(createState('new-device-1', true)),
      config,
      connection: 'reconnecting',
    });
  });

  it('publicState exposes the same signals, all but loaded, the cursors, the handle, the visitor and the ids marked seen', () => {
    const state = createState(null, true);
    const exposed = publicState(state);
    const hidden = ['loaded', 'cursors', 'handle', 'visitor', 'seen'];
    for (const key of hidden) expect(exposed).not.toHaveProperty(key);
    expect(Object.keys(exposed).sort()).toEqual(
      Object.keys(state)
        .filter((k) => !hidden.includes(k))
        .sort(),
    );
    expect(exposed.messages).toBe(state.messages);
    state.unread.value = 5;
    expect(exposed.unread.value).toBe(5);
  });
});
