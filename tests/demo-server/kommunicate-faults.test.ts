// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { call, kommunicate, startServer, visitor } from './helpers';

async function withGroup() {
  const server = await startServer();
  const v = kommunicate(server.url);
  const groupId = await v.group();
  return { server, v, groupId };
}

const addFault = (url: string, rule: unknown) => call(url, 'POST', '/__control/faults', rule);
const stats = async (url: string, api = 'kommunicate') => (await call(url, 'GET', `/__control/stats?api=${api}`)).json;

describe('faults, chaos and statistics on /kommunicate', () => {
  it('answers a fault rule in the Kommunicate error envelope, only for the API it names', async () => {
    const { server, v, groupId } = await withGroup();
    await addFault(server.url, { api: 'kommunicate', path: '^/rest/ws/message/list$', status: 503 });
    const parley = visitor(server.url);
    await parley.register();
    expect((await parley.get('/messages')).status).toBe(200); // the rule is Kommunicate's
    const faulted = await v.list(groupId);
    expect(faulted.status).toBe(503);
    expect(faulted.json).toEqual({
      status: 'error',
      errorResponse: [
        { errorCode: 'SERVICE_UNAVAILABLE', description: 'service unavailable', displayMessage: 'service unavailable' },
      ],
      generatedAt: expect.any(Number),
    });
    expect((await v.list(groupId)).status).toBe(200);
    expect((await addFault(server.url, { api: 'other', status: 500 })).status).toBe(400);
  });

  it('a rule without `api` applies to any visitor API', async () => {
    const { server, v, groupId } = await withGroup();
    await addFault(server.url, { status: 500 });
    expect((await v.send(groupId, 'x')).status).toBe(500);
  });

  it('drops: before handling nothing is stored, after handling once', async () => {
    const { server, v, groupId } = await withGroup();
    await addFault(server.url, { api: 'kommunicate', method: 'POST', path: 'send$', drop: true });
    await expect(v.send(groupId, 'lost')).rejects.toThrow();
    await addFault(server.url, { api: 'kommunicate', method: 'POST', path: 'send$', dropAfterHandling: true });
    await expect(v.send(groupId, 'stored, answer lost')).rejects.toThrow();
    expect((await stats(server.url)).messagesByText).toEqual({ 'stored, answer lost': 1 });
    const log = (await call(server.url, 'GET', '/__control/requests?api=kommunicate&limit=2')).json;
    expect(log.map((r: any) => [r.status, r.dropped])).toEqual([
      [0, true],
      [200, true],
    ]);
  });

  it('counts requests by route and visitor texts per API, apart from Parley', async () => {
    const { server, v, groupId } = await withGroup();
    await v.send(groupId, 'same');
    await v.send(groupId, 'same');
    await v.list(groupId);
    const kommunicateStats = await stats(server.url);
    expect(kommunicateStats).toEqual({
      requests: 4,
      byRoute: {
        'POST /rest/ws/group/conversation': 1,
        'POST /rest/ws/message/send': 2,
        'GET /rest/ws/message/list': 1,
      },
      messagesByText: { same: 2 },
      chaos: { faults: 0, byKind: {} },
    });
    expect((await stats(server.url, 'parley')).requests).toBe(0);
    expect((await call(server.url, 'GET', '/__control/stats?api=nope')).status).toBe(400);
  });

  it('chaos faults /kommunicate in its envelope, never with notRegistered', async () => {
    const { server, v, groupId } = await withGroup();
    await call(server.url, 'POST', '/__control/chaos', {
      rate: 1,
      seed: 5,
      kinds: ['500', '502', '429', 'notRegistered'],
    });
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await v.list(groupId));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([500, 502, 429]));
    expect(answers.every((a) => a.json.status === 'error')).toBe(true);
    expect(answers.find((a) => a.status === 429)!.response.headers.get('retry-after')).toBe('1');
    const { chaos } = await stats(server.url);
    expect(chaos.faults).toBe(12);
    expect(chaos.byKind.notRegistered).toBeUndefined();
  });

  it('reset forgets Kommunicate groups and statistics; group ids are not reused', async () => {
    const { server, v, groupId } = await withGroup();
    await call(server.url, 'POST', '/__control/reset');
    expect((await v.list(groupId)).json.errorResponse[0].errorCode).toBe('AL-G-01');
    expect((await stats(server.url)).requests).toBe(1);
    expect(await v.group()).toBeGreaterThan(groupId);
  });
});
