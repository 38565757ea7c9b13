// @vitest-environment node
// Rich agent messages (title, buttons, quick replies, carousel, a file) through the agent API to the visitor's lists.
import { describe, expect, it } from 'vitest';
import { call, startServer, visitor } from './helpers';

async function conversation() {
  const server = await startServer();
  const v = visitor(server.url);
  await v.register();
  const first = Number((await v.send('What can you do?')).json.data.messageId);
  const reply = (body: unknown) => call(server.url, 'POST', `/webcare/conversations/${v.deviceId}/replies`, body);
  return { server, v, first, reply };
}

const BUTTONS = [
  { title: 'Vraag over meubels', payload: 'Ik heb een vraag over meubels', type: 'reply' },
  { title: 'Open the shop', payload: 'https://shop.example/', type: 'webUrl' },
  { title: 'Call us', payload: '+31123456789', type: 'phoneNumber' },
];
const CAROUSEL = [
  { title: 'Fibre 1000', message: '1 Gbit/s', media: null, buttons: [BUTTONS[1]] },
  { title: 'Fibre 100', message: null, media: null, buttons: [] },
];

describe('rich agent messages', () => {
  it('round trips every rich field to GET /messages, before:, after:, /messages/ID and the console', async () => {
    const { server, v, first, reply } = await conversation();
    const sent = await reply({
      agentName: 'Noor',
      message: 'Pick one',
      title: 'Our menu',
      buttons: BUTTONS,
      quickReplies: ['Yes', 'No'],
      carousel: CAROUSEL,
    });
    expect(sent.status).toBe(200);
    const id = sent.json.data.id;
    const expected = {
      id,
      time: expect.any(Number),
      message: 'Pick one',
      image: null,
      typeId: 2,
      agent: { id: 1, name: 'Noor', avatar: null },
      title: 'Our menu',
      media: null,
      buttons: BUTTONS,
      carousel: CAROUSEL,
      quickReplies: ['Yes', 'No'],
      status: 2,
    };
    const latest = await v.get('/messages');
    expect(latest.json.data[0]).toEqual(expected);
    expect(latest.json.data[1]).toEqual({
      id: first,
      time: expect.any(Number),
      message: 'What can you do?',
      image: null,
      typeId: 1,
      agent: null,
      status: 2,
    });
    expect((await v.get(`/messages/after:${first}`)).json.data).toEqual([expected]);
    await v.send('later');
    expect((await v.get(`/messages/before:${id + 1}`)).json.data[0]).toEqual(expected);
    expect((await v.get(`/messages/${id}`)).json.data).toEqual(expected);
    const results = await call(server.url, 'GET', `/webcare/conversations/${v.deviceId}/results`);
    expect(results.json.data[1]).toEqual(expected);
  });

  it('gives info lines and plain agent texts the rich fields, empty; the visitor lists no welcomeMessage', async () => {
    const { server, v, reply } = await conversation();
    await reply({ message: 'Plain text' });
    await call(server.url, 'POST', `/webcare/conversations/${v.deviceId}/info`, { message: 'Sam joined' });
    const { json } = await v.get('/messages');
    for (const m of json.data.slice(0, 2)) {
      expect(m).toMatchObject({ title: null, media: null, buttons: [], carousel: [], quickReplies: [], status: 2 });
    }
    expect(json).not.toHaveProperty('welcomeMessage');
  });

  it('stores hostile values as given: the widget is tested against them', async () => {
    const { v, reply } = await conversation();
    const hostile = {
      title: '<img src=x onerror=alert(1)>',
      message: '<script>alert(1)</script>',
      buttons: [
        { title: 'js', payload: 'javascript:alert(1)', type: 'webUrl' },
        { title: 'data', payload: 'data:text/html,<script>alert(1)</script>', type: 'webUrl' },
        { title: 'no payload', type: 'reply' },
        { title: 'unknown', payload: 'x', type: 'teleport' },
        { payload: 'no title or type' },
        ...Array.from({ length: 495 }, (_, i) => ({ title: `b${i}`, payload: `p${i}`, type: 'reply' })),
      ],
      carousel: Array.from({ length: 100 }, (_, i) => ({ title: `<b>${i}</b>` })),
      media: { id: 'img/1/../../etc/passwd', mimeType: 'text/html', filename: '../x.html', year: 2025 },
    };
    const sent = await reply(hostile);
    expect(sent.status).toBe(200);
    const [m] = (await v.get('/messages')).json.data;
    expect(m.title).toBe(hostile.title);
    expect(m.message).toBe(hostile.message);
    expect(m.buttons).toHaveLength(500);
    expect(m.buttons.slice(0, 5)).toEqual(hostile.buttons.slice(0, 5));
    expect(m.buttons[2]).not.toHaveProperty('payload');
    expect(m.carousel).toHaveLength(100);
    expect(m.carousel[7]).toEqual({ title: '<b>7</b>', message: null, media: null, buttons: [] });
    expect(m.media).toEqual(hostile.media);
  });

  it('refuses shapes that are not Parley shapes, and an empty message, storing nothing', async () => {
    const { v, reply } = await conversation();
    const cases: [unknown, string][] = [
      [{ title: 5 }, 'invalid_title'],
      [{ message: 'x', buttons: 'click me' }, 'invalid_buttons'],
      [{ message: 'x', buttons: [null] }, 'invalid_buttons'],
      [{ message: 'x', buttons: [{ title: { nested: true } }] }, 'invalid_buttons'],
      [{ message: 'x', buttons: Array.from({ length: 1001 }, () => ({})) }, 'invalid_buttons'],
      [{ message: 'x', quickReplies: [1, 2] }, 'invalid_quickReplies'],
      [{ message: 'x', carousel: {} }, 'invalid_carousel'],
      [{ message: 'x', carousel: [[]] }, 'invalid_carousel'],
      [{ message: 'x', carousel: [{ buttons: [7] }] }, 'invalid_carousel'],
      [{ message: 'x', media: 'file.pdf' }, 'invalid_media'],
      [{ message: 'x', media: { id: ['a'] } }, 'invalid_media'],
      [{ message: 7, title: 't' }, 'invalid_message'],
      [{ message: '  ', buttons: [], quickReplies: [], carousel: [] }, 'missing_message'],
      [{}, 'missing_message'],
    ];
    for (const [body, code] of cases) {
      const { status, json } = await reply(body);
      expect({ body, status, code: json.messages[0]?.message }).toEqual({ body, status: 400, code });
    }
    expect((await v.get('/messages')).json.data.map((m: any) => m.typeId)).toEqual([1]);
  });

  it('survives a body that is not JSON, or too large', async () => {
    const { server, v } = await conversation();
    const post = (body: string) =>
      fetch(`${server.url}/webcare/conversations/${v.deviceId}/replies`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      }).then(async (response) => ({ status: response.status, json: await response.json() }));
    expect((await post('{"title": ')).json.messages[0].message).toBe('invalid_request');
    expect((await post('[1, 2]')).status).toBe(400);
    const big = JSON.stringify({ title: 'x', quickReplies: ['y'.repeat(1_100_000)] });
    expect((await post(big)).json.messages[0].message).toBe('invalid_request');
    expect((await v.get('/messages')).json.data).toHaveLength(1);
  });

  it('shows a rich message in the console list by its text, else its title, file or carousel', async () => {
    const { server, reply } = await conversation();
    const last = async () => (await call(server.url, 'GET', '/webcare/conversations')).json.data[0].lastMessage;
    await reply({ title: 'Only a title', buttons: BUTTONS });
    expect(await last()).toBe('Only a title');
    await reply({ carousel: CAROUSEL });
    expect(await last()).toBe('[carousel]');
  });

  it('adds the welcomeMessage of the dev config to every message list, and not to /config', async () => {
    const { server, v, first } = await conversation();
    await call(server.url, 'POST', '/__control/config', { welcomeMessage: 'Welcome! We answer within a minute.' });
    for (const path of ['/messages', `/messages/after:${first}`, `/messages/before:${first}`]) {
      expect((await v.get(path)).json.welcomeMessage).toBe('Welcome! We answer within a minute.');
    }
    expect((await v.get('/config')).json.data).not.toHaveProperty('welcomeMessage');
    await call(server.url, 'POST', '/__control/reset');
    await v.register();
    expect((await v.get('/messages')).json).not.toHaveProperty('welcomeMessage');
  });

  it('takes the welcomeMessage as a server option too', async () => {
    const server = await startServer({ welcomeMessage: 'Hello from the options' });
    const v = visitor(server.url);
    await v.register();
    expect((await v.get('/messages')).json.welcomeMessage).toBe('Hello from the options');
  });
});
