import { describe, expect, it } from 'vitest';
import {
  PARLEY_COLORS,
  toConfig,
  toMessage,
  toPage,
  toSeenResult,
  toSendResult,
  toUnseenCount,
} from '../../../src/transport/parley/map';
import { THEME_COLORS, TransportError } from '../../../src/transport/types';
import { CONFIG_ANSWER, envelope, LIST_ANSWER, SEND_ANSWER } from './fixtures';

const wire = (fields: Record<string, unknown> = {}) => ({
  id: 1,
  time: 1548335198,
  message: 'hi',
  image: null,
  typeId: 1,
  agent: null,
  ...fields,
});
const config = (fields: Record<string, unknown>) => toConfig(envelope({ ...CONFIG_ANSWER.data, ...fields }));
const invalid = expect.objectContaining({ kind: 'invalid' });

describe('messages', () => {
  it('maps the documented list example', () => {
    expect(toPage(LIST_ANSWER)).toEqual({
      messages: [
        { id: '1', time: 1548335198000, from: 'user', text: 'Hello, I have a question.', image: null, agent: null },
      ],
      older: null,
      newer: '1',
      agent: null,
      sticky: null,
      welcome: null,
    });
  });

  it('sorts newest-first lists oldest first and removes duplicates', () => {
    const page = toPage(
      envelope([wire({ id: 10 }), wire({ id: '9' }), wire({ id: 2 }), wire({ id: 9, message: 'dup' })]),
    );
    expect(page.messages.map((m) => m.id)).toEqual(['2', '9', '10']);
    expect(page.messages[1]?.text).toBe('hi');
  });

  it('maps typeIds and drops hidden (4, 5) and unknown ones', () => {
    const page = toPage(envelope([1, 2, 3, 4, 5, 6, 0, '2', null].map((typeId, i) => wire({ id: i + 1, typeId }))));
    expect(page.messages.map((m) => [m.id, m.from])).toEqual([
      ['1', 'user'],
      ['2', 'agent'],
      ['3', 'info'],
      ['8', 'agent'],
    ]);
  });

  it('ignores unknown fields', () => {
    const message = toMessage(wire({ custom: [{ a: 1 }], extra: 'x', status: 2 }));
    expect(message).toEqual({ id: '1', time: 1548335198000, from: 'user', text: 'hi', image: null, agent: null });
  });

  it("maps a visitor message's status 3 to delivered and 4 to seen; any other status, and the agent's, to none", () => {
    const statusOf = (status: unknown, typeId = 1) => toMessage(wire({ status, typeId }))?.status;
    expect([statusOf(3), statusOf('3'), statusOf(4), statusOf(' 4 ')]).toEqual([
      'delivered',
      'delivered',
      'seen',
      'seen',
    ]);
    for (const status of [undefined, null, 1, 2, 5, 3.5, 'seen', true, [4], { 4: 4 }])
      expect(statusOf(status), String(status)).toBeUndefined();
    expect([statusOf(4, 2), statusOf(3, 3)]).toEqual([undefined, undefined]);
    expect(toMessage(wire({ status: 4 }))).not.toHaveProperty('status', undefined);
    expect(toMessage(wire({ status: 2 }))).not.toHaveProperty('status');
  });

  it('drops items without a usable id or without content', () => {
    for (const id of [undefined, null, '', 'abc', -1, 1.5, {}]) expect(toMessage(wire({ id }))).toBeNull();
    expect(toMessage(wire({ message: '', image: null }))).toBeNull();
    expect(toMessage(wire({ message: 42, image: 7 }))).toBeNull();
    expect(toMessage('nope')).toBeNull();
    expect(toMessage(null)).toBeNull();
  });

  it('falls back to safe defaults on wrong field types', () => {
    expect(toMessage(wire({ time: 'yesterday', message: ['x'], image: 'img/1.png', agent: 'bob' }))).toEqual({
      id: '1',
      time: 0,
      from: 'user',
      text: null,
      image: 'img/1.png',
      agent: null,
    });
    expect(toMessage(wire({ time: undefined }))?.time).toBe(0);
  });

  it('treats times above 1e12 as milliseconds already', () => {
    expect(toMessage(wire({ time: 1548335198123 }))?.time).toBe(1548335198123);
  });

  it('keeps an agent name and only an http(s) avatar', () => {
    const agent = (a: unknown) => toMessage(wire({ typeId: 2, agent: a }))?.agent;
    expect(agent({ id: 3, name: ' Ann ', avatar: 'https://cdn.example/a.png' })).toEqual({
      name: 'Ann',
      avatar: 'https://cdn.example/a.png',
    });
    expect(agent({ name: 'Ann', avatar: 'javascript:alert(1)' })).toEqual({ name: 'Ann', avatar: null });
    expect(agent({ name: 5, avatar: '/relative.png' })).toBeNull();
  });

  it("pages by Parley's ids: the oldest when paging.before says there is more, the newest or the cursor asked", () => {
    const items = [3, 9, 5].map((id) => ({ id, time: id, typeId: 2, message: `m${id}` }));
    const paging = { before: '/messages/before:3', after: '/messages/after:9' };
    expect(toPage(envelope(items, { paging }))).toMatchObject({ older: '3', newer: '9' });
    expect(toPage(envelope(items, { paging: { ...paging, before: '' } }))).toMatchObject({ older: null });
    expect(toPage(envelope([], { paging }), '12')).toMatchObject({ older: null, newer: '12' });
  });

  it('reads the page root: paging, agent, sticky and welcome message', () => {
    const page = toPage(
      envelope([], {
        paging: { before: '/messages/before:5', after: '' },
        agent: { id: 1, name: 'Ann', avatar: null, isTyping: 1 },
        stickyMessage: 'Closed on Sunday',
        welcomeMessage: 'Welkom bij **KPN**',
      }),
    );
    // An empty page has no message to page on from.
    expect(page).toMatchObject({
      older: null,
      newer: null,
      agent: { name: 'Ann', avatar: null, isTyping: true },
      sticky: 'Closed on Sunday',
      welcome: 'Welkom bij **KPN**',
    });
    expect(toPage(envelope([], { agent: { name: null, avatar: null, isTyping: true } })).agent).toEqual({
      name: null,
      avatar: null,
      isTyping: true,
    });
    expect(toPage(envelope([], { agent: { name: 'Ann', isTyping: null } })).agent?.isTyping).toBe(false);
    expect(toPage(envelope([], { paging: 'x', stickyMessage: 3 }))).toMatchObject({ older: null, sticky: null });
  });

  it('refuses a list whose data is not an array', () => {
    expect(() => toPage(envelope({}))).toThrow(TransportError);
    expect(() => toPage('garbage')).toThrow(invalid);
  });

  it('reads messageId as a string, numbers too', () => {
    expect(toSendResult(SEND_ANSWER)).toEqual({ id: '1' });
    expect(toSendResult(envelope({ messageId: 42 }))).toEqual({ id: '42' });
    expect(() => toSendResult(envelope({}))).toThrow(invalid);
    expect(() => toSendResult(envelope({ messageId: '' }))).toThrow(invalid);
  });
});

describe('seen', () => {
  it('takes an answer to the mark that lists ids, any of them; refuses any other', () => {
    expect(toSeenResult(envelope({ messageIds: [2, 3] }))).toBeUndefined();
    expect(toSeenResult(envelope({ messageIds: [] }))).toBeUndefined();
    for (const data of [{}, { messageIds: 2 }, { messageIds: '2,3' }, null, [2, 3]])
      expect(() => toSeenResult(envelope(data)), JSON.stringify(data)).toThrow(invalid);
    expect(() => toSeenResult('garbage')).toThrow(invalid);
  });

  it('reads the unseen count as a whole number of at least 0, as a number or a string', () => {
    expect(toUnseenCount(envelope({ messageIds: [1, 2], count: 2 }))).toBe(2);
    expect(toUnseenCount(envelope({ count: '7' }))).toBe(7);
    expect(toUnseenCount(envelope({ messageIds: [], count: 0 }))).toBe(0);
    for (const count of [undefined, null, -1, 1.5, 'two', 2 ** 60, true, [3]])
      expect(() => toUnseenCount(envelope({ messageIds: [], count })), String(count)).toThrow(invalid);
    expect(() => toUnseenCount(envelope(null))).toThrow(invalid);
  });
});

describe('config', () => {
  it('maps the documented example', () => {
    const result = toConfig(CONFIG_ANSWER);
    expect(result).toMatchObject({
      name: 'KPN Hackathon Demo - 30',
      telephone: null,
      allowImage: true,
      hideCloseButton: false,
      intro: CONFIG_ANSWER.data.infoText2,
      introBorder: true,
      dateBorder: false,
      authorizationRequired: false,
      backgroundImage: null,
      bubbleShape: 'tail',
      font: 'rounded',
    });
    expect(result.colors).toMatchObject({
      background: '#eeeeee',
      navBackground: '#415581',
      date: '#4a5e83',
      agentBackground: '#415581',
      infoText: '#415581',
    });
    expect(Object.keys(result.colors ?? {}).sort()).toEqual([...THEME_COLORS].sort());
  });

  it('maps every colour field to a distinct theme colour', () => {
    expect(new Set(Object.values(PARLEY_COLORS)).size).toBe(THEME_COLORS.length);
  });

  it('accepts only 3 or 6 hex digits without #', () => {
    const color = (value: unknown) => config({ navTextColor: value }).colors?.navText;
    expect(color('fff')).toBe('#fff');
    expect(color('415581')).toBe('#415581');
    for (const bad of ['#fff', 'red', '12345', 'javascript:', 'ffffff; x', '', 123, null])
      expect(color(bad)).toBeUndefined();
  });

  it('validates the telephone number', () => {
    const tel = (value: unknown) => config({ telephone: value }).telephone;
    expect(tel(' +31 (0)70-123 45 67 ')).toBe('+31 (0)70-123 45 67');
    expect(tel('112')).toBe('112');
    for (const bad of ['12', 'call us', 'tel:0701234567', '070<b>', 31701234567, '']) expect(tel(bad)).toBeNull();
  });

  it('accepts only an absolute http(s) background image', () => {
    const image = (value: unknown) => config({ backgroundImage: value }).backgroundImage;
    expect(image('https://cdn.example/bg.png')).toBe('https://cdn.example/bg.png');
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AA', '/bg.png', 'bg.png', 5])
      expect(image(bad)).toBeNull();
  });

  it('maps balloonStyle and font; an unknown one is left to the default', () => {
    const shapes = [1, 2, 3, 0, 9, '2', 'x'].map((balloonStyle) => config({ balloonStyle }).bubbleShape);
    expect(shapes).toEqual(['rounded', 'tail', 'square', undefined, undefined, 'tail', undefined]);
    const fonts = [1, 2, 3, 4, 0, 'constructor', null].map((font) => config({ font }).font);
    expect(fonts).toEqual(['sans', 'serif', 'mono', 'rounded', undefined, undefined, undefined]);
  });

  it('reads flags strictly and texts defensively', () => {
    for (const yes of [true, 1, '1'])
      expect(config({ allowImage: yes, navHideCloseButton: yes, authorizationRequired: yes })).toMatchObject({
        allowImage: true,
        hideCloseButton: true,
        authorizationRequired: true,
      });
    for (const no of [false, 0, '0', 'true', 'yes', null])
      expect(config({ allowImage: no, authorizationRequired: no }).allowImage).toBe(false);
    expect(config({ name: '   ', infoText2: 7, infoTextBorder: '0', dateBorder: 1 })).toMatchObject({
      name: null,
      intro: null,
      introBorder: false,
      dateBorder: true,
    });
  });

  it('refuses a config answer without data', () => {
    expect(() => toConfig(envelope('nope'))).toThrow(invalid);
  });
});
