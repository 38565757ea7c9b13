// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { call, startServer, visitor } from './helpers';

async function registered() {
  const server = await startServer();
  const v = visitor(server.url);
  await v.register();
  return { server, v };
}

describe('messages', () => {
  it('stores a text message and lists the conversation newest first', async () => {
    const { v } = await registered();
    const first = await v.send('Hello, I have a question.');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      data: { messageId: expect.stringMatching(/^\d+$/) },
      status: 'SUCCESS',
      metadata: { values: { url: 'messages', message: 'Hello, I have a question.' }, method: 'post' },
    });
    const second = await v.send('What is my current balance?');
    const { status, json } = await v.get('/messages');
    expect(status).toBe(200);
    expect(json.data.map((m: any) => m.message)).toEqual(['What is my current balance?', 'Hello, I have a question.']);
    const [newest] = json.data;
    expect(newest).toEqual({
      id: Number(second.json.data.messageId),
      time: expect.any(Number),
      message: 'What is my current balance?',
      image: null,
      typeId: 1,
      agent: null,
      status: 2,
    });
    expect(Math.abs(newest.time - Date.now() / 1000)).toBeLessThan(5);
    expect(json.agent).toEqual({ id: null, name: null, avatar: null, isTyping: null });
    expect(json.paging).toEqual({ before: '', after: `/messages/after:${newest.id}` });
    expect(json.stickyMessage).toBeNull();
  });

  it('uses one increasing id counter across conversations', async () => {
    const { server, v } = await registered();
    const other = visitor(server.url);
    await other.register();
    const a = Number((await v.send('a')).json.data.messageId);
    const b = Number((await other.send('b')).json.data.messageId);
    const c = Number((await v.send('c')).json.data.messageId);
    expect(b).toBe(a + 1);
    expect(c).toBe(b + 1);
    expect((await other.get('/messages')).json.data.map((m: any) => m.message)).toEqual(['b']);
  });

  it('pages through 130 messages: the latest 50, then before: until paging.before is empty', async () => {
    const { server, v } = await registered();
    const seeded = await call(server.url, 'POST', `/webcare/conversations/${v.deviceId}/seed`, { count: 130 });
    expect(seeded.status).toBe(200);

    const latest = await v.get('/messages');
    expect(latest.json.data).toHaveLength(50);
    expect(latest.json.data[0].message).toBe('Message 130');
    expect(latest.json.data[49].message).toBe('Message 81');
    const ids = latest.json.data.map((m: any) => m.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    expect(latest.json.paging.before).toBe(`/messages/before:${ids[49]}`);
    expect(latest.json.paging.after).toBe(`/messages/after:${ids[0]}`);

    const texts: string[] = latest.json.data.map((m: any) => m.message);
    let before: string = latest.json.paging.before;
    let pages = 1;
    while (before !== '') {
      const page = await v.get(before);
      expect(page.status).toBe(200);
      texts.push(...page.json.data.map((m: any) => m.message));
      before = page.json.paging.before;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(texts).toHaveLength(130);
    expect(texts).toEqual(Array.from({ length: 130 }, (_, i) => `Message ${130 - i}`));
  });

  it('returns the messages after an id, the oldest 50 of them first, newest first within the page', async () => {
    const { server, v } = await registered();
    const first = Number((await v.send('before the burst')).json.data.messageId);
    await call(server.url, 'POST', `/webcare/conversations/${v.deviceId}/seed`, { count: 70 });

    const page = await v.get(`/messages/after:${first}`);
    expect(page.json.data).toHaveLength(50);
    expect(page.json.data[0].message).toBe('Message 50');
    expect(page.json.data[49].message).toBe('Message 1');
    expect(page.json.paging.after).toBe(`/messages/after:${page.json.data[0].id}`);

    const rest = await v.get(page.json.paging.after);
    expect(rest.json.data.map((m: any) => m.message)).toEqual(
      Array.from({ length: 20 }, (_, i) => `Message ${70 - i}`),
    );
    const none = await v.get(rest.json.paging.after);
    expect(none.json.data).toEqual([]);
    expect(none.json.paging.after).toBe(rest.json.paging.after);
  });

  it('returns one message of the conversation, and 404 for a message of another one', async () => {
    const { server, v } = await registered();
    const id = (await v.send('What is my current balance?')).json.data.messageId;
    const { status, json } = await v.get(`/messages/${id}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      data: { id: Number(id), message: 'What is my current balance?', typeId: 1, image: null, agent: null },
      status: 'SUCCESS',
      metadata: { values: { url: `messages/${id}` }, method: 'get' },
    });
    const stranger = visitor(server.url);
    await stranger.register();
    const foreign = await stranger.get(`/messages/${id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.json.status).toBe('ERROR');
  });

  it('rejects empty text and text together with an image', async () => {
    const { v } = await registered();
    for (const body of [{ message: '' }, { message: '   \n ' }, {}]) {
      const { status, json } = await v.post('/messages', body);
      expect(status).toBe(400);
      expect(json.status).toBe('ERROR');
      expect(json.notifications[0].type).toBe('error');
    }
    const both = await v.post('/messages', { message: 'look', image: 'data:image/png;base64,AAAA' });
    expect(both.status).toBe(400);
    expect(both.json.notifications[0].message).toBe('message_and_image_not_allowed');
    expect((await v.get('/messages')).json.data).toEqual([]);
  });

  it('records typing events and answers with the documented data', async () => {
    const { server, v } = await registered();
    await v.send('hi');
    const start = await v.post('/services/event/startTyping');
    expect(start.json).toMatchObject({ data: 'event startTyping executed', status: 'SUCCESS' });
    let list = await call(server.url, 'GET', '/webcare/conversations');
    expect(list.json.data[0]).toMatchObject({ id: v.deviceId, visitorTyping: true });
    const stop = await v.post('/services/event/stopTyping');
    expect(stop.json.data).toBe('event stopTyping executed');
    list = await call(server.url, 'GET', '/webcare/conversations');
    expect(list.json.data[0].visitorTyping).toBe(false);
  });

  it('returns hidden system messages (typeId 4) like any other: clients hide them', async () => {
    const { server, v } = await registered();
    await v.send('hi');
    await call(server.url, 'POST', `/webcare/conversations/${v.deviceId}/hidden`, { message: 'system' });
    const { json } = await v.get('/messages');
    expect(json.data[0]).toMatchObject({ typeId: 4, message: 'system' });
  });
});
