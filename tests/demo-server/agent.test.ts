// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { PNG, call, imageForm, startServer, visitor } from './helpers';

/** The rich fields of an agent message that has none. */
const NO_RICH_FIELDS = { title: null, media: null, buttons: [], carousel: [], quickReplies: [] };

async function conversation(options = {}) {
  const server = await startServer(options);
  const v = visitor(server.url);
  await v.register();
  const id = Number((await v.send('Is there an outage in Utrecht?')).json.data.messageId);
  return { server, v, id };
}

describe('agent API (/webcare)', () => {
  it('lists conversations, newest activity first, with typing and unanswered state', async () => {
    const { server, v } = await conversation();
    const other = visitor(server.url);
    await other.register();
    await other.send('Second visitor here');
    const { status, json } = await call(server.url, 'GET', '/webcare/conversations');
    expect(status).toBe(200);
    expect(json.status).toBe('SUCCESS');
    expect(json.data.map((c: any) => c.id)).toEqual([other.deviceId, v.deviceId]);
    expect(json.data[0]).toMatchObject({
      lastMessage: 'Second visitor here',
      lastMessageTime: expect.any(Number),
      messageCount: 1,
      visitorTyping: false,
      agentTyping: false,
      unanswered: true,
    });
  });

  it('shows an agent reply to the visitor, with the agent, oldest-first results for the console', async () => {
    const { server, v, id } = await conversation();
    const reply = await call(server.url, 'POST', `/webcare/results/${id}/replies`, {
      message: 'No outage known. Shall I test your line?',
      connectionId: 1,
      public: false,
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ data: { id: expect.any(Number) }, messages: [], status: 'SUCCESS' });

    const page = await v.get(`/messages/after:${id}`);
    expect(page.json.data).toEqual([
      {
        id: reply.json.data.id,
        time: expect.any(Number),
        message: 'No outage known. Shall I test your line?',
        image: null,
        typeId: 2,
        agent: { id: 1, name: 'Sam', avatar: null },
        ...NO_RICH_FIELDS,
        status: 2,
      },
    ]);
    expect(page.json.agent).toEqual({ id: 1, name: 'Sam', avatar: null, isTyping: false });

    const results = await call(server.url, 'GET', `/webcare/conversations/${v.deviceId}/results`);
    expect(results.json.data.map((r: any) => r.typeId)).toEqual([1, 2]);
    expect(results.json.conversation).toMatchObject({ id: v.deviceId, unanswered: false });
  });

  it('uses agentName for the agent, and 404 for an unknown result', async () => {
    const { server, v, id } = await conversation();
    await call(server.url, 'POST', `/webcare/results/${id}/replies`, { message: 'Hi', agentName: 'Noor' });
    expect((await v.get('/messages')).json.data[0].agent.name).toBe('Noor');
    const unknown = await call(server.url, 'POST', '/webcare/results/999999/replies', { message: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.status).toBe('ERROR');
  });

  it('turns agent typing into agent.isTyping, until stoptyping or a reply', async () => {
    const { server, v, id } = await conversation();
    await call(server.url, 'POST', `/webcare/results/${id}/event/starttyping`);
    let page = await v.get('/messages');
    expect(page.json.agent).toMatchObject({ name: 'Sam', isTyping: true });
    expect((await call(server.url, 'GET', '/webcare/conversations')).json.data[0].agentTyping).toBe(true);

    await call(server.url, 'POST', `/webcare/results/${id}/event/stoptyping`);
    page = await v.get('/messages');
    expect(page.json.agent.isTyping).toBe(false);

    await call(server.url, 'POST', `/webcare/results/${id}/event/starttyping`);
    await call(server.url, 'POST', `/webcare/results/${id}/replies`, { message: 'Done' });
    page = await v.get('/messages');
    expect(page.json.agent.isTyping).toBe(false);

    const bad = await call(server.url, 'POST', `/webcare/results/${id}/event/dance`);
    expect(bad.status).toBe(400);
  });

  it('expires a typing event after the typing timeout', async () => {
    let now = Date.now();
    const { server, v, id } = await conversation({ now: () => now });
    await call(server.url, 'POST', `/webcare/results/${id}/event/starttyping`);
    await v.post('/services/event/startTyping');
    now += 29_000;
    expect((await v.get('/messages')).json.agent.isTyping).toBe(true);
    now += 2_000;
    expect((await v.get('/messages')).json.agent.isTyping).toBe(false);
    expect((await call(server.url, 'GET', '/webcare/conversations')).json.data[0].visitorTyping).toBe(false);
  });

  it('adds info messages and sets and clears the sticky message', async () => {
    const { server, v } = await conversation();
    const base = `/webcare/conversations/${v.deviceId}`;
    await call(server.url, 'POST', `${base}/info`, { message: 'Sam joined the conversation' });
    await call(server.url, 'POST', `${base}/sticky`, { message: 'Planned maintenance tonight 01:00–03:00' });
    let page = await v.get('/messages');
    expect(page.json.data[0]).toMatchObject({ typeId: 3, message: 'Sam joined the conversation', agent: null });
    expect(page.json.stickyMessage).toBe('Planned maintenance tonight 01:00–03:00');
    await call(server.url, 'POST', `${base}/sticky`, { message: null });
    page = await v.get('/messages');
    expect(page.json.stickyMessage).toBeNull();
  });

  it('sends an agent image as multipart: the visitor lists it and fetches the PNG with its device id', async () => {
    const { server, v, id } = await conversation();
    const sent = await fetch(`${server.url}/webcare/results/${id}/replies`, {
      method: 'POST',
      body: imageForm(PNG, 'image/png', 'photo.png', { agentName: 'Noor' }),
    });
    expect(sent.status).toBe(200);
    const reply = await sent.json();
    expect(reply).toMatchObject({ data: { id: expect.any(Number) }, messages: [], status: 'SUCCESS' });

    const { json } = await v.get('/messages');
    expect(json.data[0]).toEqual({
      id: reply.data.id,
      time: expect.any(Number),
      message: null,
      image: expect.stringMatching(/^media\/\d+\/[0-9a-f]+\.png$/),
      typeId: 2,
      agent: { id: 1, name: 'Noor', avatar: null },
      ...NO_RICH_FIELDS,
      status: 2,
    });
    const ref = json.data[0].image;

    const image = await v.get(`/${ref}`);
    expect(image.status).toBe(200);
    expect(image.response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.response.arrayBuffer())).toEqual(PNG);
    const stranger = visitor(server.url);
    await stranger.register();
    expect((await stranger.get(`/${ref}`)).status).toBe(404);

    // The console shows it like any image: the same ref in its results, served below /webcare.
    const results = await call(server.url, 'GET', `/webcare/conversations/${v.deviceId}/results`);
    expect(results.json.data.at(-1)).toMatchObject({ id: reply.data.id, image: ref, typeId: 2 });
    expect(results.json.conversation).toMatchObject({ lastMessage: '[image]', unanswered: false });
    const forConsole = await fetch(`${server.url}/webcare/${ref}`);
    expect(forConsole.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await forConsole.arrayBuffer())).toEqual(PNG);
  });

  it('refuses an agent image that is not an image, too large, or beside text, and stores nothing', async () => {
    const { server, v, id } = await conversation({ maxImageBytes: 1_000 });
    const post = async (form: FormData) => {
      const response = await fetch(`${server.url}/webcare/results/${id}/replies`, { method: 'POST', body: form });
      return { status: response.status, json: await response.json() };
    };
    const notImage = await post(imageForm(Buffer.from('%PDF-1.7 not an image'), 'image/png', 'x.png'));
    expect(notImage).toEqual({
      status: 400,
      json: expect.objectContaining({
        data: null,
        messages: [{ type: 'error', message: 'invalid_media_type' }],
        status: 'ERROR',
      }),
    });
    const big = Buffer.alloc(1_001);
    PNG.copy(big);
    expect((await post(imageForm(big))).json.messages[0].message).toBe('media_too_large');
    const both = await post(imageForm(PNG, 'image/png', 'a.png', { message: 'see this' }));
    expect(both.json.messages[0].message).toBe('message_and_image_not_allowed');
    expect((await post(new FormData())).json.messages[0].message).toBe('missing_media');

    expect((await v.get('/messages')).json.data.map((m: any) => m.typeId)).toEqual([1]);
  });

  it('seeds agent messages into a conversation that is not registered yet', async () => {
    const server = await startServer();
    const v = visitor(server.url);
    const seeded = await call(server.url, 'POST', `/webcare/conversations/${v.deviceId}/seed`, {
      count: 3,
      from: 'agent',
    });
    expect(seeded.status).toBe(200);
    expect((await v.get('/messages')).status).toBe(502);
    await v.register();
    const { json } = await v.get('/messages');
    expect(json.data.map((m: any) => [m.message, m.typeId])).toEqual([
      ['Message 3', 2],
      ['Message 2', 2],
      ['Message 1', 2],
    ]);
  });
});
