import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKommunicateTransport, type KommunicateTransportOptions } from '../../../src/transport/kommunicate';
import { fakeFetch, hang, json, raw, type Reply, xhrOver } from '../parley/fake-fetch';
import { FILE_META, GROUP, kError, listAnswer, SEND_ANSWER, success, wireMessage } from './fixtures';

const API = 'https://shop.example/kommunicate-proxy';
const ctx = { deviceId: 'device-0123456789', conversation: '100001' };
const LIST = `${API}/rest/ws/message/list?groupId=100001&startIndex=0&pageSize=50`;

function setup(replies: Reply[], options: Partial<KommunicateTransportOptions> = {}) {
  const fake = fakeFetch(...replies);
  vi.stubGlobal('XMLHttpRequest', xhrOver(fake.fetch));
  return { ...fake, transport: createKommunicateTransport({ apiUrl: `${API}/`, fetch: fake.fetch, ...options }) };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** `count` messages with times from `from` up, newest first as listed. */
const messages = (count: number, from: number) =>
  Array.from({ length: count }, (_, i) => wireMessage({ key: `k${from + i}`, createdAtTime: from + i })).reverse();

describe('requests', () => {
  it('sends the visitor id, the token and the host headers to the proxy only', async () => {
    const { transport, calls } = setup([json(listAnswer([])), raw('https://files.example/x')], {
      accessToken: 'tok',
      headers: { 'X-Shop': '1' },
    });
    await transport.latest(ctx);
    expect(calls[0]).toMatchObject({ method: 'GET', url: LIST });
    expect(calls[0]?.headers.get('Of-User-Id')).toBe(ctx.deviceId);
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer tok');
    expect(calls[0]?.headers.get('X-Shop')).toBe('1');
    expect(calls[0]?.headers.has('Api-Key')).toBe(false);
  });

  it('registers a new device: creates its group, pinned to it by clientGroupId', async () => {
    const { transport, calls } = setup([json(success(GROUP))], { groupName: 'Support' });
    await expect(transport.register({ deviceId: ctx.deviceId })).resolves.toEqual({ conversation: '100001' });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([`POST ${API}/rest/ws/group/conversation`]);
    expect(calls[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(calls[0]?.body))).toEqual({
      groupName: 'Support',
      groupMemberList: [ctx.deviceId],
      clientGroupId: `pc-${ctx.deviceId}`,
    });
  });

  it('register finds an existing group by clientGroupId', async () => {
    const { transport, calls } = setup([json(kError(null, 'group already exists')), json(success(GROUP))]);
    await expect(transport.register({ deviceId: ctx.deviceId })).resolves.toEqual({ conversation: '100001' });
    expect(calls[1]?.url).toBe(`${API}/rest/ws/group/v2/info?clientGroupId=pc-${ctx.deviceId}`);
  });

  it('register checks a handle, and replaces a group that is gone', async () => {
    const kept = setup([json(success(GROUP))]);
    await expect(kept.transport.register(ctx)).resolves.toEqual({ conversation: '100001' });
    expect(kept.calls.map((c) => `${c.method} ${c.url}`)).toEqual([`GET ${API}/rest/ws/group/v2/info?groupId=100001`]);
    for (const gone of [json(kError('AL-G-01')), json(kError('AL-UN-01'), 403)]) {
      const { transport, calls } = setup([gone, json(success({ ...GROUP, id: 100002 }))]);
      await expect(transport.register(ctx)).resolves.toEqual({ conversation: '100002' });
      expect(calls[1]?.url).toBe(`${API}/rest/ws/group/conversation`);
    }
    const down = setup([json(kError('SERVICE_UNAVAILABLE'), 503)]);
    await expect(down.transport.register(ctx)).rejects.toMatchObject({ kind: 'server' });
  });

  it('config has no route: the name given, images allowed', async () => {
    const { transport, calls } = setup([]);
    await expect(transport.config(ctx)).resolves.toEqual({ name: null, allowImage: true });
    await expect(createKommunicateTransport({ apiUrl: API, name: 'Shop' }).config(ctx)).resolves.toEqual({
      name: 'Shop',
      allowImage: true,
    });
    expect(calls).toHaveLength(0);
  });

  it('declares its limits and no typing', () => {
    const { transport } = setup([]);
    expect(transport.capabilities).toEqual({ maxImageBytes: 25 * 1024 * 1024, maxTextLength: 5000 });
    expect('startTyping' in transport || 'stopTyping' in transport).toBe(false);
  });
});

describe('pages', () => {
  it('latest: oldest first; older only when the page is full; cursors are times', async () => {
    const { transport, calls } = setup([json(listAnswer(messages(50, 1000))), json(listAnswer(messages(3, 997)))]);
    const latest = await transport.latest(ctx);
    expect(latest.messages.map((m) => m.time)).toEqual(Array.from({ length: 50 }, (_, i) => 1000 + i));
    expect(latest).toMatchObject({ older: '1000', newer: '1049', agent: null });
    const older = await transport.older(ctx, latest.older!);
    expect(calls[1]?.url).toBe(`${LIST}&endTime=1000`);
    expect(older).toMatchObject({ older: null, newer: '999' });
  });

  it('an empty conversation has no cursors', async () => {
    const { transport } = setup([json(listAnswer([]))]);
    expect(await transport.latest(ctx)).toMatchObject({ messages: [], older: null, newer: null });
  });

  it('newer asks from the cursor on and pages back until a page is not full', async () => {
    const { transport, calls } = setup([
      json(listAnswer(messages(50, 1100))),
      json(listAnswer(messages(50, 1050))),
      json(listAnswer(messages(49, 1001))),
    ]);
    const page = await transport.newer(ctx, '1000');
    expect(calls.map((c) => c.url)).toEqual([
      `${LIST}&startTime=1001`,
      `${LIST}&endTime=1100&startTime=1001`,
      `${LIST}&endTime=1050&startTime=1001`,
    ]);
    expect(page.messages.map((m) => m.time)).toEqual(Array.from({ length: 149 }, (_, i) => 1001 + i));
    expect(page.newer).toBe('1149');
  });

  it('newer without anything new keeps its cursor; drops what is not newer and duplicates', async () => {
    const empty = setup([json(listAnswer([]))]);
    expect(await empty.transport.newer(ctx, '1000')).toMatchObject({ messages: [], newer: '1000' });
    const old = wireMessage({ key: 'old', createdAtTime: 900 });
    const fresh = wireMessage({ key: 'new', createdAtTime: 1001 });
    const sloppy = setup([json(listAnswer([fresh, fresh, old]))]);
    expect((await sloppy.transport.newer(ctx, '1000')).messages.map((m) => m.id)).toEqual(['new']);
  });

  it('newer stops paging when the server ignores endTime', async () => {
    const { transport, calls } = setup([json(listAnswer(messages(50, 2000)))]);
    const page = await transport.newer(ctx, '1000');
    expect(calls).toHaveLength(2);
    expect(page.messages).toHaveLength(50);
  });

  it('a closed group that brings nothing newer ends the conversation', async () => {
    const closing = wireMessage({
      key: 'c',
      type: 4,
      contentType: 10,
      message: 'Conversation closed',
      createdAtTime: 1001,
    });
    const { transport } = setup([
      json(listAnswer([closing], { CONVERSATION_STATUS: 2 })),
      json(listAnswer([], { CONVERSATION_STATUS: 2 })),
    ]);
    const last = await transport.newer(ctx, '1000');
    expect(last.messages.map((m) => [m.from, m.text])).toEqual([['info', 'Conversation closed']]);
    await expect(transport.newer(ctx, last.newer!)).rejects.toMatchObject({ name: 'TransportError', kind: 'ended' });
  });

  it('refuses a cursor it never gave, and a call without a conversation asks to register', async () => {
    const { transport, calls } = setup([json(listAnswer([]))]);
    await expect(transport.newer(ctx, 'abc')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(transport.older(ctx, '1e9')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(transport.latest({ deviceId: ctx.deviceId })).rejects.toMatchObject({ kind: 'notRegistered' });
    await expect(transport.latest({ ...ctx, conversation: '1&groupId=2' })).rejects.toMatchObject({
      kind: 'notRegistered',
    });
    expect(calls).toHaveLength(0);
  });

  it('rejects garbage as invalid and a lost group as notRegistered', async () => {
    const { transport } = setup([
      raw('<html>', 200, { 'Content-Type': 'text/html' }),
      json({ message: 'x' }),
      json(kError('AL-G-01')),
    ]);
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'invalid' });
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'invalid' });
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'notRegistered', details: { code: 'AL-G-01' } });
  });
});

describe('send', () => {
  it('sends text with the client key and answers the messageKey', async () => {
    const { transport, calls } = setup([json(SEND_ANSWER)]);
    await expect(transport.send(ctx, { text: 'Hello' }, { clientKey: 'local:1' })).resolves.toEqual({
      id: SEND_ANSWER.messageKey,
    });
    expect(calls[0]).toMatchObject({ method: 'POST', url: `${API}/rest/ws/message/send` });
    expect(JSON.parse(String(calls[0]?.body))).toEqual({
      type: 5,
      source: 1,
      contentType: 0,
      message: 'Hello',
      groupId: 100001,
      key: 'local:1',
    });
  });

  it('answers null without a usable messageKey', async () => {
    const { transport } = setup([json({ createdAt: '1' })]);
    await expect(transport.send(ctx, { text: 'x' }, { clientKey: 'local:1' })).resolves.toEqual({ id: null });
  });

  it('a closed conversation is ended; a refused text is invalid', async () => {
    const { transport } = setup([json(kError('AL-G-02')), json(kError('AL-MS-01'))]);
    await expect(transport.send(ctx, { text: 'x' })).rejects.toMatchObject({ kind: 'ended' });
    await expect(transport.send(ctx, { text: 'x' })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('uploads an image privately with progress, then sends it with its fileMeta', async () => {
    const append = vi.spyOn(FormData.prototype, 'append');
    const { transport, calls } = setup([json(FILE_META), json(SEND_ANSWER)]);
    const image = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    const onProgress = vi.fn();
    await expect(transport.send(ctx, { image }, { clientKey: 'local:2', onProgress })).resolves.toEqual({
      id: SEND_ANSWER.messageKey,
    });
    expect(calls[0]).toMatchObject({ method: 'POST', url: `${API}/rest/ws/upload/image?aclsPrivate=true` });
    expect(calls[0]?.headers.get('Of-User-Id')).toBe(ctx.deviceId);
    expect(calls[0]?.headers.has('Content-Type')).toBe(false);
    const form = calls[0]?.body as FormData;
    expect([...form.keys()]).toEqual(['file']);
    expect(append).toHaveBeenCalledWith('file', image, 'image.png');
    expect(onProgress.mock.calls).toEqual([[0.5], [1]]);
    expect(JSON.parse(String(calls[1]?.body))).toEqual({
      type: 5,
      source: 1,
      contentType: 1,
      message: '',
      groupId: 100001,
      key: 'local:2',
      fileMeta: FILE_META,
    });
  });

  it('an upload refused as no image is invalid, too large is tooLarge', async () => {
    const image = new Blob(['x'], { type: 'image/png' });
    const { transport } = setup([json({ errorCode: 'MALICIOUS_CONTENT' }), json(kError('FILE_TOO_LARGE'), 413)]);
    await expect(transport.send(ctx, { image })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(transport.send(ctx, { image })).rejects.toMatchObject({ kind: 'tooLarge' });
  });
});

describe('fetchImage', () => {
  it('gives a public URL as it is, without a request', async () => {
    const { transport, calls } = setup([]);
    await expect(transport.fetchImage(ctx, 'https://cdn.example/a.png')).resolves.toBe('https://cdn.example/a.png');
    expect(calls).toHaveLength(0);
  });

  it("asks for a private file's signed URL", async () => {
    const signed = 'https://shop.example/kommunicate/files/abc?expires=1&sig=2';
    const { transport, calls } = setup([raw(signed, 200, { 'Content-Type': 'text/plain' })]);
    await expect(transport.fetchImage(ctx, FILE_META.blobKey)).resolves.toBe(signed);
    expect(calls[0]).toMatchObject({ method: 'GET', url: `${API}/rest/ws/file/url?key=${FILE_META.blobKey}` });
  });

  it('refuses a reference of another scheme and a signed URL that is not http(s)', async () => {
    const { transport, calls } = setup([raw('javascript:alert(1)'), json(kError('AL-G-01'))]);
    await expect(transport.fetchImage(ctx, 'javascript:alert(1)')).rejects.toMatchObject({ kind: 'invalid' });
    expect(calls).toHaveLength(0);
    await expect(transport.fetchImage(ctx, 'key')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(transport.fetchImage(ctx, 'key')).rejects.toMatchObject({ kind: 'notRegistered' });
  });
});

describe('failures', () => {
  it('HTTP statuses and the lost connection', async () => {
    const { transport } = setup([
      raw('', 429, { 'Retry-After': '3' }),
      json(kError('UPSTREAM_FAILED'), 502),
      json(kError('UPSTREAM_TIMEOUT'), 504),
      json(kError('AL-UN-01'), 403),
      () => Promise.reject(new TypeError('Failed to fetch')),
    ]);
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'rateLimited', details: { retryAfterMs: 3000 } });
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'server', details: { status: 502 } });
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'server', details: { status: 504 } });
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(transport.latest(ctx)).rejects.toMatchObject({ name: 'TransportError', kind: 'network' });
  });

  it('a 401 asks a token function once more', async () => {
    const token = vi.fn().mockResolvedValueOnce('old').mockResolvedValueOnce('new');
    const { transport, calls } = setup([json(kError('AL-UN-01'), 401), json(listAnswer([]))], { accessToken: token });
    await transport.latest(ctx);
    expect(calls.map((c) => c.headers.get('Authorization'))).toEqual(['Bearer old', 'Bearer new']);
  });

  it('times out, and a cancelled call rejects with its AbortError', async () => {
    const slow = setup([hang], { timeoutMs: 20 });
    await expect(slow.transport.latest(ctx)).rejects.toMatchObject({ name: 'TransportError', kind: 'timeout' });
    const { transport } = setup([hang]);
    const controller = new AbortController();
    const pending = transport.latest({ ...ctx, signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});
