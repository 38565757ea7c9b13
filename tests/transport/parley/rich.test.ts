import { describe, expect, it } from 'vitest';
import { createParleyTransport } from '../../../src/transport/parley';
import { hasRich, toMessage } from '../../../src/transport/parley/map';
import { richFields } from '../../../src/transport/parley/rich';
import type { Message } from '../../../src/transport/types';
import { envelope } from './fixtures';
import { fakeFetch, json, raw } from './fake-fetch';

const wireMessage = (fields: Record<string, unknown>) => ({
  id: 7,
  time: 1700000000,
  message: null,
  image: null,
  typeId: 2,
  agent: null,
  ...fields,
});
const agentMessage = (fields: Record<string, unknown>): Message | null => toMessage(wireMessage(fields), richFields);
const button = (type: unknown, payload: unknown, title: unknown = 'Go') => ({ type, payload, title });
const buttonsOf = (...buttons: unknown[]) => agentMessage({ buttons })?.buttons;
const PDF = { id: 'x', mimeType: 'application/pdf', year: 2026, month: 12, day: 3, filename: 'invoice.pdf' };

describe('rich Parley messages', () => {
  it('keeps a message that has only rich content, with its title', () => {
    const message = agentMessage({ title: 'Menu', buttons: [button('reply', 'sales', 'Talk to sales')] });
    expect(message).toMatchObject({
      text: null,
      image: null,
      title: 'Menu',
      buttons: [{ action: 'reply', label: 'Talk to sales', value: 'sales' }],
    });
    expect(agentMessage({ title: '  ', buttons: [], carousel: [], quickReplies: [] })).toBeNull();
  });

  it('labels a button with its title, else its payload, and disables one without a payload', () => {
    expect(buttonsOf(button('reply', 'Track my order', null), button('reply', null, 'Sales'))).toEqual([
      { action: 'reply', label: 'Track my order', value: 'Track my order' },
      { action: 'reply', label: 'Sales', value: null },
    ]);
    expect(buttonsOf(button('reply', null, null), button('reply', ' ', ''), null, 'x', 3)).toBeUndefined();
  });

  it('opens only http(s) links; any other URL is plain text', () => {
    const links = buttonsOf(
      button('webUrl', 'https://example.com/orders?id=1'),
      button('webUrl', 'javascript:alert(1)'),
      button('webUrl', 'data:text/html,<script>alert(1)</script>'),
      button('webUrl', '/relative'),
      button('webUrl', 'HTTP://EXAMPLE.COM'),
    );
    expect(links?.map((b) => [b.action, b.value])).toEqual([
      ['link', 'https://example.com/orders?id=1'],
      ['text', null],
      ['text', null],
      ['text', null],
      ['link', 'http://example.com/'],
    ]);
  });

  it('normalises phone numbers to one tel: link', () => {
    const calls = buttonsOf(
      button('phoneNumber', 'tel://+31123456789'),
      button('phoneNumber', 'tel:+31 (0)6-1234 5678'),
      button('phoneNumber', '+31123456789'),
      button('phoneNumber', 'tel:javascript:alert(1)'),
      button('phoneNumber', '12'),
    );
    expect(calls?.map((b) => [b.action, b.value])).toEqual([
      ['call', 'tel:+31123456789'],
      ['call', 'tel:+310612345678'],
      ['call', 'tel:+31123456789'],
      ['text', null],
      ['text', null],
    ]);
  });

  it('shows a button of an unknown type as unsupported, never as an action', () => {
    expect(
      buttonsOf(button('postback', 'x', 'Buy'), button({ toString: 'reply' }, 'x'), button(undefined, 'y')),
    ).toEqual([
      { action: 'unsupported', label: 'Buy', value: null },
      { action: 'unsupported', label: 'Go', value: null },
      { action: 'unsupported', label: 'Go', value: null },
    ]);
    expect(buttonsOf(button('toString', 'x'), button('__proto__', 'x'))?.map((b) => b.action)).toEqual([
      'unsupported',
      'unsupported',
    ]);
  });

  it('bounds what one message shows: 500 buttons, 100 cards, long labels', () => {
    const many = Array.from({ length: 500 }, (_, i) => button('reply', `p${i}`, `b${i}`));
    const cards = Array.from({ length: 100 }, (_, i) => ({ title: `card ${i}`, buttons: many }));
    const message = agentMessage({ buttons: many, carousel: cards, quickReplies: many.map((b) => b.payload) });
    expect(message?.buttons).toHaveLength(12);
    expect(message?.quickReplies).toHaveLength(12);
    expect(message?.cards).toHaveLength(20);
    expect(message?.cards?.[0]?.buttons).toHaveLength(12);
    const long = buttonsOf(button('reply', 'x'.repeat(5000), 'y'.repeat(5000)))?.[0];
    expect(long?.label).toHaveLength(200);
    expect(long?.label.endsWith('…')).toBe(true);
    expect(long?.value).toHaveLength(5000); // what is sent is the payload; the session bounds it like typed text
  });

  it('keeps quick replies that are text, trimmed', () => {
    expect(agentMessage({ message: 'Pick one', quickReplies: [' Yes ', '', null, 3, {}, 'No'] })?.quickReplies).toEqual(
      ['Yes', 'No'],
    );
  });

  it('maps carousel cards with title, text, media and buttons, dropping empty ones', () => {
    const message = agentMessage({
      message: 'Our phones',
      carousel: [
        { title: 'Phone A', message: '**Fast**', media: { ...PDF, mimeType: 'image/png', filename: 'a.png' } },
        { title: null, message: null, media: null, buttons: [] },
        { message: 'Specs', media: PDF, buttons: [button('webUrl', 'https://example.com/a')] },
        'nope',
      ],
    });
    expect(message?.text).toBe('Our phones');
    expect(message?.cards).toEqual([
      { title: 'Phone A', text: '**Fast**', image: 'media/2026/12/3/a.png', attachment: null, buttons: [] },
      {
        title: null,
        text: 'Specs',
        image: null,
        attachment: {
          ref: 'media/2026/12/3/invoice.pdf',
          name: 'invoice.pdf',
          label: 'invoice.pdf',
          type: 'application/pdf',
          size: null,
        },
        buttons: [{ action: 'link', label: 'Go', value: 'https://example.com/a' }],
      },
    ]);
  });

  it('shows image media inline and any other file as an attachment named by its description', () => {
    expect(agentMessage({ media: { ...PDF, mimeType: 'image/jpeg', filename: 'p.jpg' } })).toMatchObject({
      image: 'media/2026/12/3/p.jpg',
    });
    expect(agentMessage({ media: { ...PDF, description: 'Invoice December' } })?.attachment).toEqual({
      ref: 'media/2026/12/3/invoice.pdf',
      name: 'invoice.pdf',
      label: 'Invoice December',
      type: 'application/pdf',
      size: null,
    });
    // Stored under a hash, saved under the name it had.
    const hashed = { ...PDF, filename: `${'a'.repeat(40)}.pdf`, description: 'invoice-2025-001.pdf' };
    expect(agentMessage({ media: hashed })?.attachment).toMatchObject({
      ref: `media/2026/12/3/${'a'.repeat(40)}.pdf`,
      name: 'invoice-2025-001.pdf',
      label: 'invoice-2025-001.pdf',
    });
    expect(agentMessage({ media: { ...hashed, description: '../x.pdf' } })?.attachment?.name).toBe(hashed.filename);
    // The legacy image path wins over media: older API versions only have that.
    expect(agentMessage({ image: 'img/1.png', media: { ...PDF, mimeType: 'image/png' } })?.image).toBe('img/1.png');
  });

  it('treats every file name and type in media as untrusted', () => {
    const attachment = (media: Record<string, unknown>) =>
      agentMessage({ message: 'x', media: { ...PDF, ...media } })?.attachment;
    for (const filename of ['../../etc/passwd', 'a/b.pdf', 'a\\b.pdf', '..', '.', 'a\nb.pdf', '', 7])
      expect(attachment({ filename })).toBeUndefined();
    for (const year of [null, '20x', -1, 0, 1.5]) expect(attachment({ year })).toBeUndefined();
    expect(attachment({ filename: 'rapport #1?.pdf' })?.ref).toBe('media/2026/12/3/rapport%20%231%3F.pdf');
    expect(attachment({ mimeType: 'text/html"><script>' })?.type).toBe('application/octet-stream');
    expect(attachment({ mimeType: 'IMAGE/SVG+XML' })?.type).toBe('image/svg+xml'); // not shown inline: an attachment
    expect(attachment({ description: '<img src=x onerror=alert(1)>' })?.label).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('the rich mapping, loaded only when a list has rich fields', () => {
  it('tells a list with rich fields from one whose fields are empty, as newer API versions send them', () => {
    const empty = { title: null, media: null, buttons: [], carousel: [], quickReplies: [], message: 'hi' };
    expect(hasRich(envelope([wireMessage(empty)]))).toBe(false);
    expect(hasRich(envelope([wireMessage(empty), wireMessage({ ...empty, quickReplies: ['Yes'] })]))).toBe(true);
    expect(hasRich(envelope([wireMessage({ title: 'Menu' })]))).toBe(true);
    expect(hasRich({ data: 'x' })).toBe(false);
  });

  it('maps the rich fields of a listed message through the transport; without them nothing changes', async () => {
    const menu = wireMessage({ title: 'Menu', buttons: [{ type: 'reply', payload: 'Sales', title: 'Sales' }] });
    const { fetch } = fakeFetch(json(envelope([menu])), json(envelope([wireMessage({ message: 'hi', buttons: [] })])));
    const transport = createParleyTransport({ apiUrl: 'https://api.example/', fetch });
    const rich = await transport.latest({ deviceId: 'd' });
    expect(rich.messages[0]).toMatchObject({ title: 'Menu', buttons: [{ action: 'reply', value: 'Sales' }] });
    const plain = await transport.latest({ deviceId: 'd' });
    expect(plain.messages[0]).toEqual({
      id: '7',
      time: 1700000000000,
      from: 'agent',
      text: 'hi',
      image: null,
      agent: null,
    });
  });

  it('downloads an attachment with the identity headers, from below the API base only', async () => {
    const { fetch, calls } = fakeFetch(raw(new Blob(['%PDF-1.4'], { type: 'application/pdf' })));
    const transport = createParleyTransport({ apiUrl: 'https://api.example/v1.9/', fetch });
    const file = await transport.fetchFile({ deviceId: 'device-1' }, 'media/2026/12/3/invoice.pdf');
    expect(await file.text()).toBe('%PDF-1.4');
    expect(calls[0]?.url).toBe('https://api.example/v1.9/media/2026/12/3/invoice.pdf');
    expect(calls[0]?.headers.get('UniqueAppDeviceID')).toBe('device-1');
    await expect(transport.fetchFile({ deviceId: 'd' }, 'javascript:alert(1)')).rejects.toMatchObject({
      kind: 'invalid',
    });
  });
});
