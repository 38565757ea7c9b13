import { describe, expect, it } from 'vitest';
import { TransportError, type TransportErrorKind } from '../../src/transport/types';
import { bannerText } from '../../src/ui/Banner';
import { addTranslation, strings } from '../../src/ui/i18n';
import dutch from '../../src/ui/lang/nl';

const t = strings('en');
const fault = (kind: TransportErrorKind) => new TransportError(kind, `fake ${kind}`);

describe('bannerText', () => {
  it('says nothing while all is well', () => {
    expect(bannerText({ error: null, connection: 'online' }, t)).toBeNull();
    expect(bannerText({ error: null, connection: 'online', backOnline: false }, t)).toBeNull();
  });

  it('asks to sign in again when the backend refuses the visitor (unauthorized)', () => {
    expect(bannerText({ error: fault('unauthorized'), connection: 'online' }, t)).toBe(t.unauthorized);
  });

  it('asks to sign in when the account takes only signed-in visitors (authentication_required)', () => {
    const required = new TransportError('unauthorized', 'x', { code: 'authentication_required' });
    expect(bannerText({ error: required, connection: 'online' }, t)).toBe('Sign in to chat with us.');
  });

  it('says the conversation has ended when the backend ended it (ended)', () => {
    expect(bannerText({ error: fault('ended'), connection: 'offline' }, t)).toBe(t.ended);
  });

  it('says the chat is not available when the backend forbids it (forbidden)', () => {
    expect(bannerText({ error: fault('forbidden'), connection: 'online' }, t)).toBe(t.forbidden);
  });

  it('says the visitor is offline', () => {
    expect(bannerText({ error: null, connection: 'offline' }, t)).toBe(t.offline);
  });

  it('says the connection was lost while it reconnects', () => {
    expect(bannerText({ error: null, connection: 'reconnecting' }, t)).toBe(t.reconnecting);
  });

  it('says the connection is back for a moment', () => {
    expect(bannerText({ error: null, connection: 'online', backOnline: true }, t)).toBe(t.backOnline);
  });

  it('a lasting error beats the connection state', () => {
    for (const connection of ['offline', 'reconnecting'] as const) {
      expect(bannerText({ error: fault('unauthorized'), connection }, t)).toBe(t.unauthorized);
      expect(bannerText({ error: fault('forbidden'), connection, backOnline: true }, t)).toBe(t.forbidden);
    }
    expect(bannerText({ error: fault('forbidden'), connection: 'online', backOnline: true }, t)).toBe(t.forbidden);
  });

  it('a passing error leaves the connection state to speak', () => {
    expect(bannerText({ error: fault('network'), connection: 'reconnecting' }, t)).toBe(t.reconnecting);
    expect(bannerText({ error: fault('server'), connection: 'online' }, t)).toBeNull();
  });

  it("speaks the visitor's language", () => {
    addTranslation('nl', dutch);
    const nl = strings('nl');
    expect(bannerText({ error: null, connection: 'offline' }, nl)).toBe(nl.offline);
    expect(nl.offline).not.toBe(t.offline);
  });
});
