// The script-tag build mangles the names in scripts/internal-names.js. A mangled name that is also public, in the
// tab protocol, stored or on the wire would break the widget's API, or data between two builds of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTERNAL_NAMES } from '../../scripts/internal-names.js';
import { createChatSession } from '../../src/chat/session';
import { memoryStore } from '../../src/chat/storage';
import { ParleyChatElement } from '../../src/element/ParleyChatElement';
import { FakeTransport } from '../helpers/fake-transport';

/** Property names declared or used in a source file: `name:`, `name?:`, `name(` in declarations, `.name`. */
const propertyNames = (path: string): Set<string> => {
  // vitest runs in the repository's root; comments are prose, not names
  const source = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  return new Set(
    [...source.matchAll(/(?:^|[\s{,;.])([A-Za-z_$][\w$]*)\??(?=\s*[:(])|\.([A-Za-z_$][\w$]*)/gm)].map(
      (m) => m[1] ?? m[2]!,
    ),
  );
};

describe('the names the script-tag build mangles', () => {
  it('are none of the session object keys or the element properties', () => {
    const session = createChatSession({ transport: new FakeTransport(), storageKey: 'names', store: memoryStore() });
    const publicNames = [
      ...Object.keys(session),
      ...Object.getOwnPropertyNames(ParleyChatElement.prototype),
      ...Object.getOwnPropertyNames(Object.getPrototypeOf(ParleyChatElement.prototype)),
    ];
    session.dispose();
    expect(INTERNAL_NAMES.filter((name) => publicNames.includes(name))).toEqual([]);
  });

  // The public contract, the wire, the tab protocol, what is stored.
  for (const path of [
    'transport/types',
    'transport/parley/wire',
    'transport/parley/map',
    'chat/sync',
    'chat/outbox',
    'chat/state',
  ]) {
    it(`are not property names in src/${path}.ts`, () => {
      const names = propertyNames(`src/${path}.ts`);
      expect(INTERNAL_NAMES.filter((name) => names.has(name))).toEqual([]);
    });
  }

  it('are not a key of the cached conversation', () => {
    expect(INTERNAL_NAMES).not.toContain('messages');
    expect(INTERNAL_NAMES).not.toContain('unread');
  });
});
