// A broken or hostile server, through the whole Parley transport (fetch → http → map): every answer ends as a sane
// domain value or a TransportError, never as a TypeError, SyntaxError or RangeError thrown at the session.
import { describe, expect, it } from 'vitest';
import { createParleyTransport } from '../../../src/transport/parley';
import { TransportError, type Message, type Transport } from '../../../src/transport/types';
import { envelope } from './fixtures';
import { fakeFetch, json, raw, type Reply } from './fake-fetch';

const ctx = { deviceId: 'device-0123456789' };
const transportFor = (...replies: Reply[]): Transport =>
  createParleyTransport({ apiUrl: 'https://api.example/secure-messenger', fetch: fakeFetch(...replies).fetch });

/** A list answer (Parley's envelope) around these items. */
const list = (data: unknown, root: Record<string, unknown> = {}) => json(envelope(data, root));
const item = (fields: Record<string, unknown>) => ({
  id: 1,
  time: 1548335198,
  message: 'hi',
  image: null,
  typeId: 2,
  agent: null,
  ...fields,
});
const ids = (messages: Message[]) => messages.map((m) => m.id);

/** The error `promise` rejects with; fails the test when it resolves or rejects with anything but a TransportError. */
async function rejection(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`resolved with ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

/** Every call whose answer must carry JSON data. */
const JSON_CALLS: Record<string, (t: Transport) => Promise<unknown>> = {
  latest: (t) => t.latest(ctx),
  older: (t) => t.older(ctx, '5'),
  newer: (t) => t.newer(ctx, '5'),
  config: (t) => t.config(ctx),
  send: (t) => t.send(ctx, { text: 'hi' }),
};

describe('a body that is not usable JSON', () => {
  it('rejects every JSON call as invalid: truncated JSON, an HTML page, an empty body, a bare JSON value', async () => {
    const bodies: [string, Reply][] = [
      ['truncated', raw('{"data":[{"id":1,"time":15483', 200, { 'Content-Type': 'application/json' })],
      [
        'html',
        raw('<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>', 200, {
          'Content-Type': 'text/html',
        }),
      ],
      ['empty', raw('', 200, { 'Content-Type': 'application/json' })],
      ['null', raw('null')],
      ['string', raw('"SUCCESS"')],
      ['number', raw('42')],
      ['array', raw('[]')],
    ];
    for (const [body, reply] of bodies) {
      for (const [name, run] of Object.entries(JSON_CALLS)) {
        const error = await rejection(run(transportFor(reply)));
        expect(error.kind, `${name} with ${body} body`).toBe('invalid');
      }
    }
  });

  it('reads an HTML error page by its status', async () => {
    const page = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
    const error = await rejection(transportFor(raw(page, 502, { 'Content-Type': 'text/html' })).latest(ctx));
    expect(error).toMatchObject({ kind: 'server', details: { status: 502 } });
    expect((await rejection(transportFor(raw(page, 404)).config(ctx))).kind).toBe('invalid');
  });
});

describe('missing fields', () => {
  it('a list answer without data is invalid', async () => {
    for (const run of [JSON_CALLS.latest!, JSON_CALLS.older!, JSON_CALLS.newer!]) {
      expect((await rejection(run(transportFor(json({ status: 'SUCCESS', notifications: [] }))))).kind).toBe('invalid');
    }
  });

  it('skips items without an id, a known type or any content; the rest of the root defaults', async () => {
    // No envelope fields, no paging, agent or stickyMessage: only data.
    const page = await transportFor(
      json({
        data: [
          {},
          { id: 2 },
          { id: 3, typeId: 2 },
          { typeId: 2, message: 'no id' },
          { id: 4, message: 'no type' },
          { id: 5, typeId: 2, message: 'just enough' },
        ],
      }),
    ).latest(ctx);
    expect(page).toEqual({
      messages: [{ id: '5', time: 0, from: 'agent', text: 'just enough', image: null, agent: null }],
      older: null,
      newer: '5',
      agent: null,
      sticky: null,
      welcome: null,
    });
  });

  it('a config without fields leaves the shape and font to the defaults; a send answer without its fields is invalid', async () => {
    await expect(transportFor(list({})).config(ctx)).resolves.toEqual({
      name: null,
      telephone: null,
      allowImage: false,
      hideCloseButton: false,
      intro: null,
      introBorder: false,
      dateBorder: false,
      authorizationRequired: false,
      colors: {},
      backgroundImage: null,
    });
    expect((await rejection(transportFor(list({})).send(ctx, { text: 'hi' }))).kind).toBe('invalid');
  });
});

describe('wrong types', () => {
  it('drops items it cannot use and gives wrong-typed fields their safe default', async () => {
    const page = await transportFor(
      list(
        [
          null,
          'message',
          42,
          [], // not objects
          item({ id: 10, message: 42 }), // message as number, no image: nothing to show
          item({ id: 11, message: ['x'], image: 5 }),
          item({ id: {}, message: 'id as object' }),
          item({ id: [12], message: 'id as array' }),
          item({ id: 'abc', message: 'id not numeric' }),
          item({ id: 13, typeId: true, message: 'typeId as boolean' }),
          item({ id: 20, time: 'yesterday', message: 'time as text' }),
          item({ id: 21, time: '1548335198', typeId: '2', message: 'numbers as strings, as PHP sends them' }),
          item({ id: 22, time: -5, message: 'negative time' }),
          item({ id: 23, agent: ['Ann'], message: 'agent as array' }),
          item({ id: 24, agent: { name: 5, avatar: 7 }, message: 'agent fields as numbers' }),
          item({ id: 25, agent: 'Ann', message: { text: 'x' }, image: '/media/25.png' }),
        ],
        { agent: ['Ann'], paging: 'before', stickyMessage: { text: 'x' } },
      ),
    ).latest(ctx);
    expect(page.messages).toEqual([
      { id: '20', time: 0, from: 'agent', text: 'time as text', image: null, agent: null },
      {
        id: '21',
        time: 1548335198000,
        from: 'agent',
        text: 'numbers as strings, as PHP sends them',
        image: null,
        agent: null,
      },
      { id: '22', time: 0, from: 'agent', text: 'negative time', image: null, agent: null },
      { id: '23', time: 1548335198000, from: 'agent', text: 'agent as array', image: null, agent: null },
      { id: '24', time: 1548335198000, from: 'agent', text: 'agent fields as numbers', image: null, agent: null },
      { id: '25', time: 1548335198000, from: 'agent', text: null, image: '/media/25.png', agent: null },
    ]);
    expect(page).toMatchObject({ older: null, agent: null, sticky: null });
  });

  it('a time beyond what a Date can hold counts as unknown (0), so no date formatting can throw', async () => {
    const page = await transportFor(
      list([
        item({ id: 1, time: 1e20 }),
        item({ id: 2, time: '99999999999999999999' }),
        item({ id: 3, time: 8.64e15 }),
      ]),
    ).latest(ctx);
    expect(page.messages.map((m) => m.time)).toEqual([0, 0, 8.64e15]);
    for (const { time } of page.messages) expect(() => new Date(time).toISOString()).not.toThrow();
  });

  it('a list whose data is not an array, or a config whose data is not an object, is invalid', async () => {
    for (const data of [{ 0: item({}) }, 'messages', 5, null]) {
      expect((await rejection(transportFor(list(data)).latest(ctx))).kind).toBe('invalid');
    }
    for (const data of [[], 'config', 5, null]) {
      expect((await rejection(transportFor(list(data)).config(ctx))).kind).toBe('invalid');
    }
  });

  it('a config of wrong types keeps the defaults', async () => {
    const config = await transportFor(
      list({
        name: 42,
        telephone: {},
        allowImage: 'yes',
        font: 'serif',
        balloonStyle: [2],
        navBackgroundColor: 0xffffff,
        backgroundImage: ['https://x.example/a.png'],
        infoText2: ['hi'],
      }),
    ).config(ctx);
    expect(config).toMatchObject({
      name: null,
      telephone: null,
      allowImage: false,
      font: undefined,
      bubbleShape: undefined,
      colors: {},
      backgroundImage: null,
      intro: null,
    });
  });

  it('accepts only a Parley id as the id of a sent message; anything else is invalid, so it never becomes the poll cursor', async () => {
    for (const messageId of [42, '42', ' 42 ']) {
      await expect(transportFor(list({ messageId })).send(ctx, { text: 'hi' })).resolves.toEqual({ id: '42' });
    }
    for (const messageId of [{}, [42], true, 'abc', -1, 1.5, 1e21, '']) {
      const error = await rejection(transportFor(list({ messageId })).send(ctx, { text: 'hi' }));
      expect(error.kind, JSON.stringify(messageId)).toBe('invalid');
    }
  });
});

describe('message types', () => {
  it('an answer of only hidden (4, 5) and unknown types is an empty page, not an error', async () => {
    const types = [0, 4, 5, 6, 99, -1, 2.5, 'agent', null, true, {}];
    const page = await transportFor(list(types.map((typeId, i) => item({ id: i + 1, typeId })))).latest(ctx);
    expect(page.messages).toEqual([]);
  });
});

describe('size and order', () => {
  it('keeps a 100,000-character message whole, also without a single space', async () => {
    const long = 'A'.repeat(100_000);
    const spaced = ` ${'word '.repeat(20_000)}`;
    const page = await transportFor(
      list([item({ id: 2, message: long }), item({ id: 1, typeId: 3, message: spaced })]),
    ).latest(ctx);
    expect(page.messages.map((m) => m.text)).toEqual([spaced, long]);
  });

  it('maps 5,000 messages of one answer (newest first, as Parley sends them) oldest first', async () => {
    const data = Array.from({ length: 5_000 }, (_, i) => item({ id: 5_000 - i, message: `message ${5_000 - i}` }));
    const page = await transportFor(list(data, { paging: { before: '/messages/before:1', after: '' } })).latest(ctx);
    expect(page.messages).toHaveLength(5_000);
    expect(ids(page.messages)).toEqual(Array.from({ length: 5_000 }, (_, i) => String(i + 1)));
    expect(page.messages[4_999]?.text).toBe('message 5000');
    expect(page.older).toBe('1');
  });

  it('orders ids out of order by number and keeps the first of duplicated ids', async () => {
    const page = await transportFor(
      list([
        item({ id: 7, message: 'seven' }),
        item({ id: 3, message: 'three' }),
        item({ id: '7', message: 'seven again' }),
        item({ id: 12, message: 'twelve' }),
        item({ id: ' 12 ', message: 'twelve again' }),
        item({ id: '007', message: 'seven with zeros' }),
        item({ id: 100, message: 'hundred' }),
      ]),
    ).newer(ctx, '1');
    expect(page.messages.map((m) => [m.id, m.text])).toEqual([
      ['3', 'three'],
      ['7', 'seven'],
      ['12', 'twelve'],
      ['100', 'hundred'],
    ]);
  });
});
