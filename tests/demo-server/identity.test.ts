// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { call, startServer, visitor, newDeviceId } from './helpers';

function expectGatewayError(json: any, url: string) {
  expect(json.error).toMatchObject({
    status: '502 - Bad Gateway',
    name: 'Bad - Request',
    message: {
      notifications: [{ type: 'error', message: 'device_not_registered' }],
      status: 'ERROR',
      metadata: { values: { url }, method: 'get' },
    },
    info: expect.any(String),
  });
  expect(json.error.transactionId).toEqual(expect.any(String));
}

describe('device identity', () => {
  it('answers 502 device_not_registered without a UniqueAppDeviceID header', async () => {
    const { url } = await startServer();
    const response = await fetch(`${url}/parley/config`);
    expect(response.status).toBe(502);
    expectGatewayError(await response.json(), 'config');
  });

  it('answers 502 for an id shorter than 10 characters, even on POST /devices', async () => {
    const { url } = await startServer();
    const short = visitor(url, 'short-id');
    const registration = await short.register();
    expect(registration.status).toBe(502);
    expect(registration.json.error.message.notifications[0].message).toBe('device_not_registered');
    const list = await short.get('/messages');
    expect(list.status).toBe(502);
    expectGatewayError(list.json, 'messages');
  });

  it('answers 502 for an id that is long enough but not registered', async () => {
    const { url } = await startServer();
    const { status, json } = await visitor(url).get('/messages/before:2');
    expect(status).toBe(502);
    expectGatewayError(json, 'messages/before:2');
  });

  it('registers a device idempotently with the envelope of the documentation', async () => {
    const { url } = await startServer();
    const v = visitor(url);
    for (let i = 0; i < 2; i++) {
      const { status, json } = await v.register();
      expect(status).toBe(200);
      expect(json).toMatchObject({
        data: {},
        notifications: [{ type: 'success', message: 'device_successfully_subscribed' }],
        status: 'SUCCESS',
        metadata: { values: { url: 'devices' }, method: 'post', duration: expect.any(Number) },
      });
    }
    const { status, json } = await v.get('/messages');
    expect(status).toBe(200);
    expect(json.data).toEqual([]);
  });

  it('serves the account config to a registered device', async () => {
    const { url } = await startServer();
    const v = visitor(url);
    await v.register();
    const { status, json } = await v.get('/config');
    expect(status).toBe(200);
    expect(json.status).toBe('SUCCESS');
    expect(json.metadata).toMatchObject({ values: { url: 'config' }, method: 'get' });
    expect(json.data).toMatchObject({ name: 'Parley Demo', allowImage: true, navBackgroundColor: '415581' });
    expect(json.data.infoText2).toMatch(/^Heb je een vraag\?/);
  });

  it('answers 404 and 405 with a Parley error envelope', async () => {
    const { url } = await startServer();
    const v = visitor(url);
    await v.register();
    const missing = await v.get('/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ status: 'ERROR', notifications: [{ type: 'error' }] });
    const wrongMethod = await v.request('DELETE', '/messages');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json.status).toBe('ERROR');
    expect(wrongMethod.response.headers.get('allow')).toContain('GET');
  });

  it('accepts requests with and without a bearer token by default', async () => {
    const { url } = await startServer();
    const v = visitor(url);
    await v.register();
    const withToken = await v.request('GET', '/config', undefined, { Authorization: 'Bearer anything' });
    expect(withToken.status).toBe(200);
  });

  it('requires the token when started with requireToken', async () => {
    const { url } = await startServer({ requireToken: 's3cret' });
    const id = newDeviceId();
    const anonymous = visitor(url, id);
    const missing = await anonymous.register();
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({
      status: 'ERROR',
      notifications: [{ type: 'error', message: 'api_key_not_valid' }],
    });
    const wrong = await anonymous.request('POST', '/devices', { type: 3 }, { Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const right = await anonymous.request('POST', '/devices', { type: 3 }, { Authorization: 'Bearer s3cret' });
    expect(right.status).toBe(200);
  });
});

describe('userAdditionalInformation', () => {
  async function registered() {
    const { url } = await startServer();
    const v = visitor(url);
    const register = (userAdditionalInformation?: unknown) =>
      v.post('/devices', { type: 3, referer: 'http://example.test/', userAdditionalInformation });
    const shown = async () => {
      const list = await call(url, 'GET', '/webcare/conversations?all=1');
      return list.json.data.find((c: any) => c.id === v.deviceId).userAdditionalInformation;
    };
    return { url, v, register, shown };
  }

  it('stores an object of strings, and shows it to the agent console', async () => {
    const { register, shown } = await registered();
    const info = { name: 'Ann de Vries', email: 'ann@example.nl', customerId: '<b>42</b>' };
    const { status, json } = await register(info);
    expect(status).toBe(200);
    expect(json.notifications).toEqual([{ type: 'success', message: 'device_successfully_subscribed' }]);
    expect(await shown()).toEqual(info);
  });

  it('stores a JSON-encoded string of one alike, as the spec describes it', async () => {
    const { register, shown } = await registered();
    const info = { name: 'Bob', address: 'Main street 1' };
    expect((await register(JSON.stringify(info))).json.notifications).toHaveLength(1);
    expect(await shown()).toEqual(info);
  });

  it('updates it when the device registers again: the last one wins, none clears it', async () => {
    const { v, register, shown } = await registered();
    await register({ name: 'Ann' });
    await v.send('hello');
    await register({ name: 'Ann', email: 'ann@example.nl' });
    expect(await shown()).toEqual({ name: 'Ann', email: 'ann@example.nl' });
    expect((await v.get('/messages')).json.data).toHaveLength(1);
    await register();
    expect(await shown()).toBeNull();
  });

  it('answers a malformed one with a warning, still registering the device', async () => {
    const { v, register, shown } = await registered();
    for (const bad of ['{"name":', '"just a string"', '[1, 2]', 42, { name: 5 }, { nested: { a: 'b' } }, true]) {
      const { status, json } = await register(bad);
      expect(status).toBe(200);
      expect(json.status).toBe('SUCCESS');
      expect(json.notifications).toEqual([
        { type: 'success', message: 'device_successfully_subscribed' },
        { type: 'warning', message: 'malformed_userAdditionalInformation' },
      ]);
      expect(await shown()).toBeNull();
    }
    expect((await v.get('/messages')).status).toBe(200);
  });

  it('keeps a __proto__ key as a plain key', async () => {
    const { register, shown } = await registered();
    await register('{"__proto__": "x", "name": "Eve"}');
    const info = await shown();
    expect(info).toEqual(JSON.parse('{"__proto__": "x", "name": "Eve"}'));
    expect(({} as any).name).toBeUndefined();
  });
});
