// @vitest-environment node
import { Agent, request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { call, startServer, visitor } from './helpers';

/**
 * A server and a registered visitor. The registration closes its connection: chaos never drops a request on a
 * connection kept alive from before it was on (see chaos.js), and fetch would keep this one for the next request.
 */
async function registered() {
  const server = await startServer();
  const v = visitor(server.url);
  await v.request('POST', '/devices', { type: 3 }, { Connection: 'close' });
  return { server, v };
}

const setChaos = (url: string, settings: unknown) => call(url, 'POST', '/__control/chaos', settings);
const stats = async (url: string) => (await call(url, 'GET', '/__control/stats')).json;

/** A request's status, or `failed` when the connection closed without an answer. */
const outcome = (answer: Promise<{ status: number }>): Promise<number | 'failed'> =>
  answer.then(
    (a) => a.status,
    () => 'failed' as const,
  );

type Visitor = ReturnType<typeof visitor>;

/** Every route the widget uses, in turn. */
const REQUESTS: ((v: Visitor) => Promise<{ status: number }>)[] = [
  (v) => v.get('/config'),
  (v) => v.get('/messages'),
  (v) => v.send(`mixed ${Math.random()}`),
  (v) => v.get('/messages/after:1'),
  (v) => v.post('/services/event/startTyping'),
  (v) => v.register(),
];

/** `n` requests at once. */
const mixedRequests = (v: Visitor, n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => outcome(REQUESTS[i % REQUESTS.length]!(v))));

/** `n` requests one after the other, so their order (and so the faults a seed draws) is fixed. */
async function inSequence(v: Visitor, n: number): Promise<(number | 'failed')[]> {
  const results: (number | 'failed')[] = [];
  for (let i = 0; i < n; i++) results.push(await outcome(REQUESTS[i % REQUESTS.length]!(v)));
  return results;
}

describe('chaos (/__control/chaos)', () => {
  it('is off by default and with rate 0', async () => {
    const { server, v } = await registered();
    expect((await call(server.url, 'GET', '/__control/chaos')).json).toEqual({ enabled: false });
    const off = await setChaos(server.url, { rate: 0, seed: 1 });
    expect(off).toEqual({ status: 200, json: { ok: true, chaos: { enabled: false } } });
    const results = await mixedRequests(v, 30);
    expect(results.every((status) => status === 200)).toBe(true);
    expect((await stats(server.url)).chaos).toEqual({ faults: 0, byKind: {} });
  });

  it('with rate 1 faults every request, and counts the faults by kind', async () => {
    const { server, v } = await registered();
    const on = await setChaos(server.url, { rate: 1, seed: 7, slowMs: 20 });
    expect(on.json).toEqual({
      ok: true,
      chaos: {
        enabled: true,
        rate: 1,
        seed: 7,
        kinds: ['500', '502', '503', '429', 'notRegistered', 'drop', 'dropAfterHandling', 'slowAfterHandling'],
        slowMs: 20,
      },
    });
    await inSequence(v, 60);
    const { requests, chaos } = await stats(server.url);
    expect(requests).toBe(61); // and the registration before chaos
    expect(chaos.faults).toBe(60);
    expect(Object.values(chaos.byKind).reduce((a: number, b) => a + (b as number), 0)).toBe(60);
    expect(Object.keys(chaos.byKind).length).toBeGreaterThanOrEqual(6);
    const log = (await call(server.url, 'GET', '/__control/requests?limit=60')).json;
    expect(log.every((r: { chaos?: string }) => typeof r.chaos === 'string')).toBe(true);
  });

  it('draws only the kinds asked for', async () => {
    const { server, v } = await registered();
    await setChaos(server.url, { rate: 1, seed: 3, kinds: ['503', '429'] });
    const results = await inSequence(v, 30);
    expect(new Set(results)).toEqual(new Set([503, 429]));
    const { chaos } = await stats(server.url);
    expect(chaos.faults).toBe(30);
    expect(Object.keys(chaos.byKind).sort()).toEqual(['429', '503']);
  });

  it('replays the same faults for the same seed, and others for another seed', async () => {
    const run = async (seed: number) => {
      const { server, v } = await registered();
      await setChaos(server.url, { rate: 0.5, seed, kinds: ['500', '502', '503', '429'] });
      return inSequence(v, 40);
    };
    const first = await run(12345);
    expect(await run(12345)).toEqual(first);
    expect(await run(54321)).not.toEqual(first);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(5);
    expect(first.filter((s) => s !== 200).length).toBeGreaterThan(5);
  });

  it('starts the sequence again when the same settings are posted again', async () => {
    const { server, v } = await registered();
    const settings = { rate: 0.5, seed: 99, kinds: ['503'] };
    await setChaos(server.url, settings);
    const first = await inSequence(v, 20);
    await setChaos(server.url, settings);
    expect(await inSequence(v, 20)).toEqual(first);
  });

  it('answers each status kind in its shape', async () => {
    const { server, v } = await registered();
    await setChaos(server.url, { rate: 1, kinds: ['500'] });
    const e500 = await v.get('/config');
    expect(e500.status).toBe(500);
    expect(e500.json).toMatchObject({
      status: 'ERROR',
      notifications: [{ type: 'error', message: 'internal_server_error' }],
    });

    await setChaos(server.url, { rate: 1, kinds: ['503'] });
    const e503 = await v.get('/messages');
    expect(e503.status).toBe(503);
    expect(e503.json.notifications[0].message).toBe('service_unavailable');

    await setChaos(server.url, { rate: 1, kinds: ['429'] });
    const e429 = await v.send('too many');
    expect(e429.status).toBe(429);
    expect(e429.response.headers.get('retry-after')).toBe('1');
    expect(e429.json.notifications[0].message).toBe('too_many_requests');

    await setChaos(server.url, { rate: 1, kinds: ['502'] });
    const e502 = await v.get('/messages');
    expect(e502.status).toBe(502);
    expect(e502.json.error).toMatchObject({
      status: '502 - Bad Gateway',
      message: { status: 'ERROR', notifications: [{ type: 'error', message: 'bad_gateway' }] },
    });
    expect((await stats(server.url)).messagesByText['too many']).toBeUndefined();
  });

  it('notRegistered forgets the device (the conversation stays) until it registers again', async () => {
    const { server, v } = await registered();
    await v.send('before');
    await setChaos(server.url, { rate: 1, kinds: ['notRegistered'] });
    const refused = await v.send('refused');
    expect(refused.status).toBe(502);
    expect(refused.json.error.message.notifications[0].message).toBe('device_not_registered');
    // A registration is never answered "not registered".
    expect((await v.register()).status).toBe(200);
    expect((await v.send('refused again')).status).toBe(502);
    await call(server.url, 'DELETE', '/__control/chaos');
    expect((await v.get('/messages')).status).toBe(502);
    expect((await v.register()).status).toBe(200);
    const list = await v.get('/messages');
    expect(list.status).toBe(200);
    expect(list.json.data.map((m: { message: string }) => m.message)).toEqual(['before']);
    expect((await stats(server.url)).chaos.byKind).toEqual({ notRegistered: 2 });
  });

  it('drop closes the connection without storing the message', async () => {
    const { server, v } = await registered();
    await setChaos(server.url, { rate: 1, kinds: ['drop'] });
    await expect(v.send('dropped')).rejects.toThrow();
    await call(server.url, 'DELETE', '/__control/chaos');
    expect((await stats(server.url)).messagesByText.dropped).toBeUndefined();
    const log = (await call(server.url, 'GET', '/__control/requests?limit=1')).json;
    expect(log[0]).toMatchObject({ path: '/messages', status: 0, dropped: true, chaos: 'drop' });
  });

  it('dropAfterHandling stores the message exactly once, and the client hears nothing', async () => {
    const { server, v } = await registered();
    await setChaos(server.url, { rate: 1, kinds: ['dropAfterHandling'] });
    await expect(v.send('stored, answer lost')).rejects.toThrow();
    await call(server.url, 'DELETE', '/__control/chaos');
    expect((await stats(server.url)).messagesByText['stored, answer lost']).toBe(1);
    const log = (await call(server.url, 'GET', '/__control/requests?limit=1')).json;
    expect(log[0]).toMatchObject({ path: '/messages', status: 200, dropped: true, chaos: 'dropAfterHandling' });
  });

  it('slowAfterHandling stores the message exactly once and answers after slowMs, past a client timeout', async () => {
    const { server, v } = await registered();
    await setChaos(server.url, { rate: 1, kinds: ['slowAfterHandling'], slowMs: 400 });
    const timedOut = fetch(`${server.url}/parley/messages`, {
      method: 'POST',
      headers: { UniqueAppDeviceID: v.deviceId, 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'client gave up' }),
      signal: AbortSignal.timeout(100),
    });
    await expect(timedOut).rejects.toThrow();
    expect((await stats(server.url)).messagesByText['client gave up']).toBe(1);

    const started = performance.now();
    const late = await v.send('answered late');
    expect(late.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
    await call(server.url, 'DELETE', '/__control/chaos');
    const { messagesByText } = await stats(server.url);
    expect(messagesByText['client gave up']).toBe(1);
    expect(messagesByText['answered late']).toBe(1);
  });

  it('answers Connection: close while on, and never drops on a connection kept alive from before', async () => {
    const { server, v } = await registered();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = httpRequest(
          `${server.url}/parley${path}`,
          { agent, headers: { UniqueAppDeviceID: v.deviceId } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get('/config')).toEqual({ status: 200, connection: 'keep-alive' });
      await setChaos(server.url, { rate: 1, kinds: ['drop'] });
      // The kept-alive connection: Chromium would resend a request dropped on it, so chaos leaves it alone.
      expect(await get('/config')).toEqual({ status: 200, connection: 'close' });
      await expect(get('/config')).rejects.toThrow();
    } finally {
      agent.destroy();
    }
  });

  it('is turned off by DELETE and by reset', async () => {
    const { server, v } = await registered();
    await setChaos(server.url, { rate: 1, kinds: ['500'] });
    expect((await v.get('/config')).status).toBe(500);
    expect((await call(server.url, 'DELETE', '/__control/chaos')).json).toEqual({
      ok: true,
      chaos: { enabled: false },
    });
    expect((await v.get('/config')).status).toBe(200);

    await setChaos(server.url, { rate: 1, kinds: ['500'] });
    await call(server.url, 'POST', '/__control/reset');
    expect((await call(server.url, 'GET', '/__control/chaos')).json).toEqual({ enabled: false });
    expect((await stats(server.url)).chaos).toEqual({ faults: 0, byKind: {} });
    const fresh = visitor(server.url);
    expect((await fresh.register()).status).toBe(200);
    expect((await fresh.get('/config')).status).toBe(200);
  });

  it('does not fault the agent API, the controls or preflights', async () => {
    const { server } = await registered();
    await setChaos(server.url, { rate: 1 });
    expect((await call(server.url, 'GET', '/webcare/conversations')).status).toBe(200);
    expect((await call(server.url, 'GET', '/__control/chaos')).status).toBe(200);
    expect((await fetch(`${server.url}/parley/messages`, { method: 'OPTIONS' })).status).toBe(204);
    expect((await stats(server.url)).chaos.faults).toBe(0);
  });

  it.each([
    [[], 'chaos settings are a JSON object'],
    [{}, 'rate must be a number from 0 to 1'],
    [{ rate: 1.5 }, 'rate must be a number from 0 to 1'],
    [{ rate: '0.5' }, 'rate must be a number from 0 to 1'],
    [{ rate: 0.5, seed: -1 }, 'seed must be an integer from 0 to 4294967295'],
    [{ rate: 0.5, seed: 1.5 }, 'seed must be an integer from 0 to 4294967295'],
    [{ rate: 0.5, kinds: [] }, 'kinds must be a non-empty array'],
    [{ rate: 0.5, kinds: ['500', 'teapot'] }, 'unknown kind "teapot"'],
    [{ rate: 0.5, kind: ['500'] }, 'unknown field kind'],
    [{ rate: 0.5, slowMs: -5 }, 'slowMs must be a number of ms, 0 or more'],
  ])('refuses %j', async (settings, message) => {
    const { server } = await registered();
    const { status, json } = await setChaos(server.url, settings);
    expect(status).toBe(400);
    expect(json.ok).toBe(false);
    expect(json.error).toContain(message);
    expect((await call(server.url, 'GET', '/__control/chaos')).json).toEqual({ enabled: false });
  });
});
