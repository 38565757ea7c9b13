// @vitest-environment node
// The seen status: `PUT /messages/status/4` and `GET /messages/unseen/count` for the visitor, the console's marks on
// the visitor's messages, and both routes under statistics and fault injection like every visitor route.
import { describe, expect, it } from 'vitest';
import { call, startServer, visitor } from './helpers';

async function conversation() {
  const server = await startServer();
  const v = visitor(server.url);
  await v.register();
  const own = Number((await v.send('Hello?')).json.data.messageId);
  const base = `/webcare/conversations/${v.deviceId}`;
  const agent = (await call(server.url, 'POST', `${base}/replies`, { message: 'Hi!' })).json.data.id as number;
  const info = (await call(server.url, 'POST', `${base}/info`, { message: 'Sam joined' })).json.data.id as number;
  const hidden = (await call(server.url, 'POST', `${base}/hidden`, { typeId: 5 })).json.data.id as number;
  const seen = (messageIds: unknown) => v.request('PUT', '/messages/status/4', { messageIds });
  const statusOf = async () =>
    Object.fromEntries((await v.get('/messages')).json.data.map((m: any) => [m.id, m.status]));
  return { server, v, own, agent, info, hidden, seen, statusOf, base };
}

describe('seen status', () => {
  it('marks only the agent messages and info lines of the device seen; the unseen count drops', async () => {
    const { server, own, agent, info, hidden, seen, statusOf, v } = await conversation();
    const before = await v.get('/messages/unseen/count');
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({
      data: { messageIds: [agent, info], count: 2 },
      status: 'SUCCESS',
      notifications: [],
      metadata: { values: { url: 'messages/unseen/count' }, method: 'get' },
    });

    const other = visitor(server.url);
    await other.register();
    const foreign = Number((await other.send('mine')).json.data.messageId);
    const answer = await seen([agent, own, hidden, foreign, 999_999]);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      data: { messageIds: [agent] },
      status: 'SUCCESS',
      metadata: { values: { url: 'messages/status/4' }, method: 'put' },
    });
    expect(await statusOf()).toEqual({ [own]: 2, [agent]: 4, [info]: 2, [hidden]: 2 });
    expect((await v.get('/messages/unseen/count')).json.data).toEqual({ messageIds: [info], count: 1 });

    // Ids as strings too (a sent message's id is answered as one); marking again answers the same ids.
    expect((await seen([String(info), agent])).json.data.messageIds).toEqual([agent, info]);
    expect((await v.get('/messages/unseen/count')).json.data).toEqual({ messageIds: [], count: 0 });
    expect((await other.get('/messages')).json.data[0].status).toBe(2);
  });

  it('refuses a bad body with an error notification', async () => {
    const { server, v, seen, statusOf } = await conversation();
    const before = await statusOf();
    for (const ids of [undefined, 'all', [1.5], [-1], [null], ['12a'], [{ id: 1 }]]) {
      const { status, json } = await seen(ids);
      expect(status).toBe(400);
      expect(json).toMatchObject({
        status: 'ERROR',
        notifications: [{ type: 'error', message: 'malformed_messageIds' }],
      });
    }
    const notJson = await fetch(`${server.url}/parley/messages/status/4`, {
      method: 'PUT',
      headers: { UniqueAppDeviceID: v.deviceId, 'Content-Type': 'application/json' },
      body: '{"messageIds": [',
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).notifications).toEqual([{ type: 'error', message: 'invalid_request' }]);
    expect((await v.request('PUT', '/messages/status/4')).status).toBe(400); // no body: no messageIds
    expect(await statusOf()).toEqual(before);
    expect((await seen([])).json.data).toEqual({ messageIds: [] });
  });

  it('answers other methods and statuses as the API does, and needs a registered device', async () => {
    const { server, v } = await conversation();
    const get = await v.get('/messages/status/4');
    expect(get.status).toBe(405);
    expect(get.response.headers.get('allow')).toBe('PUT, OPTIONS');
    expect((await v.request('PUT', '/messages/status/3', { messageIds: [] })).status).toBe(404);
    const stranger = visitor(server.url);
    expect((await stranger.request('PUT', '/messages/status/4', { messageIds: [] })).status).toBe(502);
    expect((await stranger.get('/messages/unseen/count')).status).toBe(502);
  });

  it('counts both routes in the statistics, and fault rules apply to them', async () => {
    const { server, v, seen, agent } = await conversation();
    await call(server.url, 'POST', '/__control/faults', { method: 'PUT', path: '^/messages/status/4$', status: 503 });
    const faulted = await seen([agent]);
    expect(faulted.status).toBe(503);
    expect(faulted.json).toMatchObject({ status: 'ERROR', notifications: [{ type: 'error' }] });
    expect((await v.get('/messages/unseen/count')).json.data.count).toBe(2);
    expect((await seen([agent])).status).toBe(200);

    const stats = (await call(server.url, 'GET', '/__control/stats')).json;
    expect(stats.byRoute).toMatchObject({ 'PUT /messages/status/4': 2, 'GET /messages/unseen/count': 1 });
    const log = (await call(server.url, 'GET', '/__control/requests?limit=3')).json;
    expect(log.map((r: any) => [r.method, r.path, r.status])).toEqual([
      ['PUT', '/messages/status/4', 503],
      ['GET', '/messages/unseen/count', 200],
      ['PUT', '/messages/status/4', 200],
    ]);
  });

  it('lets chaos fault them like any visitor route', async () => {
    const { server, v } = await conversation();
    await call(server.url, 'POST', '/__control/chaos', { rate: 1, kinds: ['500'] });
    expect((await v.get('/messages/unseen/count')).status).toBe(500);
    expect((await v.request('PUT', '/messages/status/4', { messageIds: [] })).status).toBe(500);
    expect((await call(server.url, 'GET', '/__control/stats')).json.chaos).toEqual({ faults: 2, byKind: { 500: 2 } });
  });

  it('allows PUT in the preflight', async () => {
    const { server } = await conversation();
    const response = await fetch(`${server.url}/parley/messages/status/4`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it("marks the visitor's messages received when the console loads them, seen when it shows them", async () => {
    const { server, v, own, base, statusOf } = await conversation();
    expect((await statusOf())[own]).toBe(2);
    const results = await call(server.url, 'GET', `${base}/results`);
    expect(results.json.data.find((m: any) => m.id === own).status).toBe(3);
    const later = Number((await v.send('Still there?')).json.data.messageId);
    const marked = await call(server.url, 'POST', `${base}/seen`);
    expect(marked.json.data).toEqual({ messageIds: [own, later] });
    const statuses = await statusOf();
    expect([statuses[own], statuses[later]]).toEqual([4, 4]);
    expect((await call(server.url, 'POST', `${base}/seen`)).json.data).toEqual({ messageIds: [] });
    expect((await call(server.url, 'GET', `${base}/seen`)).status).toBe(405);
  });
});
