// @vitest-environment node
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createKommunicateProxy } from '../../demo/kommunicate-proxy.js';
import { KOMMUNICATE_KEY, PNG, call, kommunicate, kommunicateAgent, newDeviceId, startServer } from './helpers';

const viaProxy = (url: string, userId: string = newDeviceId()) =>
  kommunicate(url, userId, { base: '/kommunicate-proxy', apiKey: null });
const requests = async (url: string, limit = 50) =>
  (await call(url, 'GET', `/__control/requests?api=kommunicate&limit=${limit}`)).json;
const addFault = (url: string, rule: unknown) => call(url, 'POST', '/__control/faults', rule);

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

describe('Kommunicate proxy (/kommunicate-proxy)', () => {
  it('adds the Api-Key and pins the visitor: its own members and clientGroupId, whatever the browser sent', async () => {
    const server = await startServer();
    const v = viaProxy(server.url);
    const created = await v.request(
      'POST',
      '/rest/ws/group/conversation',
      { groupName: 'Support', groupMemberList: ['someone-else-entirely'], clientGroupId: 'theirs' },
      { 'Api-Key': 'browser-guess' },
    );
    expect(created.status).toBe(200);
    expect(created.json.response).toMatchObject({ clientGroupId: `pc-${v.userId}`, membersId: [v.userId] });
    const [record] = await requests(server.url, 1);
    expect(record).toMatchObject({ method: 'POST', path: '/rest/ws/group/conversation', deviceId: v.userId });
  });

  it('passes the six visitor routes, answers unchanged (status, body, content type)', async () => {
    const server = await startServer();
    const v = viaProxy(server.url);
    const groupId = (await v.create()).json.response.id;
    const again = await v.create();
    expect(again.json).toMatchObject({ status: 'error', errorResponse: [{ description: 'group already exists' }] });
    expect((await v.request('GET', `/rest/ws/group/v2/info?clientGroupId=pc-${v.userId}`)).json.response.id).toBe(
      groupId,
    );
    const sent = await v.send(groupId, 'through the proxy', { key: 'k1' });
    expect(sent.json).toEqual({
      messageKey: expect.any(String),
      createdAt: expect.any(String),
      conversationId: groupId,
    });
    const listed = await v.request('GET', `/rest/ws/message/v2/list?groupId=${groupId}&startIndex=0&pageSize=10`);
    expect(listed.json.message[0].message).toBe('through the proxy');
    const long = await v.send(groupId, 'x'.repeat(5001));
    expect(long.json.errorResponse[0].errorCode).toBe('AL-MS-01');
    expect(long.response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it("refuses another visitor's group and clientGroupId with 403 AL-UN-01", async () => {
    const server = await startServer();
    const owner = viaProxy(server.url);
    const groupId = (await owner.create()).json.response.id;
    const other = viaProxy(server.url);
    const unauthorized = { status: 'error', errorResponse: [expect.objectContaining({ errorCode: 'AL-UN-01' })] };
    for (const answer of [
      await other.send(groupId, 'sneaking in'),
      await other.list(groupId),
      await other.request('GET', `/rest/ws/group/v2/info?groupId=${groupId}`),
      await other.request('GET', `/rest/ws/group/v2/info?clientGroupId=pc-${owner.userId}`),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.json).toEqual(unauthorized);
    }
    expect((await viaProxy(server.url, 'short').create()).status).toBe(403);
  });

  it('answers 404 for every other route, the agent routes too', async () => {
    const server = await startServer();
    const v = viaProxy(server.url);
    const groupId = (await v.create()).json.response.id;
    expect(
      (await v.request('POST', '/rest/ws/message/v2/send', { groupId, message: 'x', fromUserName: 'a' })).status,
    ).toBe(404);
    expect((await v.request('PATCH', `/rest/ws/group/status/change?groupId=${groupId}&status=2`)).status).toBe(404);
    expect((await v.request('GET', '/files/x')).status).toBe(404);
  });

  it('answers preflights for the widget, with CORS on every answer', async () => {
    const server = await startServer();
    const preflight = await fetch(`${server.url}/kommunicate-proxy/rest/ws/message/send`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'of-user-id, authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Of-User-Id, Authorization, Content-Type');
    const answer = await viaProxy(server.url).request(
      'POST',
      '/rest/ws/group/conversation',
      { groupName: 'x' },
      {
        Origin: 'https://shop.example',
      },
    );
    expect(answer.response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('streams a multipart upload through, and signs URLs only for files the visitor was shown', async () => {
    const server = await startServer();
    const v = viaProxy(server.url);
    const groupId = (await v.create()).json.response.id;
    const uploaded = await v.upload(PNG);
    expect(uploaded.json).toMatchObject({ contentType: 'image/png', size: PNG.length, url: '' });
    await v.send(groupId, '', { contentType: 1, fileMeta: uploaded.json });
    const signed = await v.request('GET', `/rest/ws/file/url?key=${uploaded.json.blobKey}`);
    expect(signed.status).toBe(200);
    expect(Buffer.from(await (await fetch(signed.text)).arrayBuffer())).toEqual(PNG);
    const other = viaProxy(server.url);
    expect((await other.request('GET', `/rest/ws/file/url?key=${uploaded.json.blobKey}`)).status).toBe(403);
    const pdf = await v.upload(Buffer.from('%PDF-1.7'));
    expect(pdf.json).toEqual({ errorCode: 'MALICIOUS_CONTENT' });
  });

  it('passes an injected fault through: its status, body and Retry-After', async () => {
    const server = await startServer();
    const v = viaProxy(server.url);
    const groupId = (await v.create()).json.response.id;
    await addFault(server.url, {
      api: 'kommunicate',
      path: '^/rest/ws/message/send$',
      status: 429,
      headers: { 'Retry-After': '3' },
    });
    const limited = await v.send(groupId, 'slow down');
    expect(limited.status).toBe(429);
    expect(limited.response.headers.get('retry-after')).toBe('3');
    expect(limited.json).toMatchObject({ status: 'error', errorResponse: [{ errorCode: 'TOO_MANY_REQUESTS' }] });
  });

  it('turns a dropped upstream connection into a 502, never a hang; a handled drop still stores once', async () => {
    const server = await startServer();
    const v = viaProxy(server.url);
    const groupId = (await v.create()).json.response.id;
    await addFault(server.url, { api: 'kommunicate', path: '^/rest/ws/message/send$', dropAfterHandling: true });
    const dropped = await v.send(groupId, 'answer lost', { key: 'k-lost' });
    expect(dropped.status).toBe(502);
    expect(dropped.json.errorResponse[0].errorCode).toBe('UPSTREAM_FAILED');
    const retried = await v.send(groupId, 'answer lost', { key: 'k-lost' });
    expect(retried.status).toBe(200);
    const stats = await call(server.url, 'GET', '/__control/stats?api=kommunicate');
    expect(stats.json.messagesByText).toEqual({ 'answer lost': 1 });
  });

  it('times out an upstream that does not answer with a 504', async () => {
    const server = await startServer();
    const proxy = createKommunicateProxy({
      upstream: `${server.url}/kommunicate`,
      apiKey: KOMMUNICATE_KEY,
      timeoutMs: 200,
      identify: () => 'fixed-visitor-id',
    });
    const standalone = createServer(proxy);
    await new Promise<void>((resolve) => standalone.listen(0, '127.0.0.1', resolve));
    closing.push(() => new Promise((resolve) => standalone.close(() => resolve())));
    const address = standalone.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await addFault(server.url, { api: 'kommunicate', delayMs: 2_000 });
    const started = performance.now();
    const answer = await kommunicate(url, 'ignored-by-identify', { base: '', apiKey: null }).create();
    expect(answer.status).toBe(504);
    expect(performance.now() - started).toBeLessThan(1_500);
    const fine = await kommunicate(url, 'ignored-by-identify', { base: '', apiKey: null }).create();
    expect(fine.json.response.membersId).toEqual(['fixed-visitor-id']);
    standalone.closeAllConnections();
  });

  it('leaves the agent routes to the fake: an agent reply reaches the visitor through the proxy', async () => {
    const server = await startServer();
    const v = viaProxy(server.url);
    const groupId = (await v.create()).json.response.id;
    await kommunicateAgent(server.url).send(groupId, 'Hi from Sam');
    expect((await v.list(groupId)).json.message[0]).toMatchObject({ type: 4, message: 'Hi from Sam' });
  });
});
