// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { call, startServer, visitor } from './helpers';

async function registered() {
  const server = await startServer();
  const v = visitor(server.url);
  await v.register();
  return { server, v };
}

const addFault = (url: string, rule: unknown) => call(url, 'POST', '/__control/faults', rule);

describe('fault injection (/__control/faults)', () => {
  it('answers a status for the next `count` matching requests, with headers, then handles normally', async () => {
    const { server, v } = await registered();
    const added = await addFault(server.url, {
      method: 'GET',
      path: '^/messages$',
      count: 2,
      status: 429,
      headers: { 'Retry-After': '2' },
    });
    expect(added.status).toBe(200);
    expect((await v.get('/config')).status).toBe(200); // does not match the path

    for (let i = 0; i < 2; i++) {
      const { status, json, response } = await v.get('/messages');
      expect(status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
      expect(json).toMatchObject({ status: 'ERROR', notifications: [{ type: 'error' }] });
    }
    expect((await v.get('/messages')).status).toBe(200);
    expect((await call(server.url, 'GET', '/__control/faults')).json).toEqual([]);
  });

  it('answers a custom body, and lists and clears pending rules', async () => {
    const { server, v } = await registered();
    await addFault(server.url, {
      path: '^/config$',
      status: 200,
      body: { data: null, status: 'ERROR', notifications: [] },
    });
    await addFault(server.url, { path: '^/never$', count: 5, status: 500 });
    const custom = await v.get('/config');
    expect(custom.status).toBe(200);
    expect(custom.json).toEqual({ data: null, status: 'ERROR', notifications: [] });
    const pending = await call(server.url, 'GET', '/__control/faults');
    expect(pending.json).toEqual([expect.objectContaining({ path: '^/never$', count: 5, status: 500 })]);
    await call(server.url, 'DELETE', '/__control/faults');
    expect((await call(server.url, 'GET', '/__control/faults')).json).toEqual([]);
  });

  it('rejects an invalid rule', async () => {
    const { server } = await registered();
    expect((await addFault(server.url, { path: '([', status: 500 })).status).toBe(400);
    expect((await addFault(server.url, { count: 0, status: 500 })).status).toBe(400);
  });

  it('delays a request, then handles it normally', async () => {
    const { server, v } = await registered();
    await addFault(server.url, { path: '^/config$', delayMs: 300 });
    const started = performance.now();
    const { status } = await v.get('/config');
    expect(status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('drops the connection without handling the request', async () => {
    const { server, v } = await registered();
    await addFault(server.url, { method: 'POST', path: '^/messages$', drop: true });
    await expect(v.send('lost on the way')).rejects.toThrow();
    const stats = await call(server.url, 'GET', '/__control/stats');
    expect(stats.json.messagesByText['lost on the way']).toBeUndefined();
    expect((await v.send('second try')).status).toBe(200);
  });

  it('dropAfterHandling stores the message but the client never hears back', async () => {
    const { server, v } = await registered();
    await addFault(server.url, { method: 'POST', path: '^/messages$', dropAfterHandling: true });
    await expect(v.send('answer lost')).rejects.toThrow();
    const stats = await call(server.url, 'GET', '/__control/stats');
    expect(stats.json.messagesByText['answer lost']).toBe(1);
    expect((await v.get('/messages')).json.data[0].message).toBe('answer lost');
    const log = await call(server.url, 'GET', '/__control/requests?limit=2');
    expect(log.json[0]).toMatchObject({ method: 'POST', path: '/messages', status: 200, dropped: true });
  });

  it('slowAfterHandling stores the message first and answers only after delayMs', async () => {
    const { server, v } = await registered();
    await addFault(server.url, { method: 'POST', path: '^/messages$', slowAfterHandling: true, delayMs: 400 });
    const started = performance.now();
    const answer = v.send('stored, answered late');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await call(server.url, 'GET', '/__control/stats')).json.messagesByText['stored, answered late']).toBe(1);
    const { status, json } = await answer;
    expect(status).toBe(200);
    expect(json.data.messageId).toEqual(expect.any(String));
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
    expect((await call(server.url, 'GET', '/__control/stats')).json.messagesByText['stored, answered late']).toBe(1);
  });

  it('refuses a rule that is both dropped and slow', async () => {
    const { server } = await registered();
    const { status, json } = await addFault(server.url, { drop: true, slowAfterHandling: true, delayMs: 10 });
    expect(status).toBe(400);
    expect(json.error).toBe('drop and slowAfterHandling exclude each other');
  });

  it('does not apply to preflights or to the agent API', async () => {
    const { server, v } = await registered();
    await addFault(server.url, { status: 500, count: 1 });
    const preflight = await fetch(`${server.url}/parley/messages`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect((await call(server.url, 'GET', '/webcare/conversations')).status).toBe(200);
    expect((await v.get('/messages')).status).toBe(500);
  });
});

describe('statistics and the request log', () => {
  it('counts requests by route and stored visitor messages by text', async () => {
    const { server, v } = await registered();
    const other = visitor(server.url);
    await other.register();
    await v.send('same text');
    await other.send('same text');
    await v.send('unique');
    await v.get('/messages');
    await v.get('/messages/before:5');
    const { json } = await call(server.url, 'GET', '/__control/stats');
    expect(json.requests).toBe(7);
    expect(json.byRoute).toEqual({
      'POST /devices': 2,
      'POST /messages': 3,
      'GET /messages': 1,
      'GET /messages/before:ID': 1,
    });
    expect(json.messagesByText).toEqual({ 'same text': 2, unique: 1 });
  });

  it('logs the last requests with device id, authorization and content type', async () => {
    const { server, v } = await registered();
    await v.request('GET', '/config', undefined, { Authorization: 'Bearer t0ken' });
    await fetch(`${server.url}/parley/config`);
    const { json } = await call(server.url, 'GET', '/__control/requests?limit=2');
    expect(json).toEqual([
      {
        method: 'GET',
        path: '/config',
        deviceId: v.deviceId,
        authorization: 'Bearer t0ken',
        contentType: null,
        status: 200,
        dropped: false,
        time: expect.any(Number),
      },
      expect.objectContaining({ deviceId: null, authorization: null, status: 502 }),
    ]);
    const first = await call(server.url, 'GET', '/__control/requests?limit=10');
    expect(first.json[0]).toMatchObject({ method: 'POST', path: '/devices', contentType: 'application/json' });
  });

  it('reset forgets devices, conversations, faults and statistics', async () => {
    const { server, v } = await registered();
    await v.send('before reset');
    await addFault(server.url, { status: 500, count: 3 });
    expect((await call(server.url, 'POST', '/__control/reset')).status).toBe(200);
    expect((await call(server.url, 'GET', '/__control/faults')).json).toEqual([]);
    expect((await call(server.url, 'GET', '/__control/stats')).json).toEqual({
      requests: 0,
      byRoute: {},
      messagesByText: {},
      chaos: { faults: 0, byKind: {} },
    });
    expect((await v.get('/messages')).status).toBe(502);
    expect((await call(server.url, 'GET', '/webcare/conversations')).json.data).toEqual([]);
  });
});
