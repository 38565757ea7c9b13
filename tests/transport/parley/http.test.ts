import { afterEach, describe, expect, it, vi } from 'vitest';
import { createParleyTransport, type ParleyTransportOptions } from '../../../src/transport/parley';
import { isTransportError } from '../../../src/transport/types';
import { LIST_ANSWER, SEND_ANSWER } from './fixtures';
import { fakeFetch, hang, json, raw, type Reply, xhrOver } from './fake-fetch';

const API = 'https://api.example/secure-messenger';
const ctx = { deviceId: 'device-0123456789' };

function setup(replies: Reply[], options: Partial<ParleyTransportOptions> = {}) {
  const fake = fakeFetch(...replies);
  vi.stubGlobal('XMLHttpRequest', xhrOver(fake.fetch));
  return { ...fake, transport: createParleyTransport({ apiUrl: API, fetch: fake.fetch, ...options }) };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('timeout and cancelling', () => {
  it('rejects with timeout after timeoutMs and aborts the fetch', async () => {
    vi.useFakeTimers();
    const { transport, calls } = setup([hang], { timeoutMs: 1000 });
    const result = transport.latest(ctx);
    const check = expect(result).rejects.toMatchObject({ kind: 'timeout' });
    await vi.advanceTimersByTimeAsync(999);
    expect(calls[0]?.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await check;
    expect(calls[0]?.signal?.aborted).toBe(true);
  });

  it('defaults to 15 s, and 120 s for uploads', async () => {
    vi.useFakeTimers();
    const { transport } = setup([hang]);
    const text = transport.send(ctx, { text: 'x' }).catch((e: unknown) => e);
    let imageDone = false;
    const image = transport.send(ctx, { image: new Blob(['x'], { type: 'image/jpeg' }) }).catch((e: unknown) => e);
    void image.then(() => (imageDone = true));
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await text).toMatchObject({ kind: 'timeout' });
    await vi.advanceTimersByTimeAsync(104_999);
    expect(imageDone).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await image).toMatchObject({ kind: 'timeout' });
  });

  it('times out even when fetch ignores its signal', async () => {
    const { transport } = setup([() => new Promise<Response>(() => {})], { timeoutMs: 5 });
    await expect(transport.config(ctx)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it("rejects with the caller's abort reason, not a TransportError", async () => {
    const controller = new AbortController();
    const { transport, calls } = setup([hang]);
    const result = transport.latest({ ...ctx, signal: controller.signal });
    await Promise.resolve();
    controller.abort();
    const error = await result.catch((e: unknown) => e);
    expect(isTransportError(error)).toBe(false);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(calls[0]?.signal?.aborted).toBe(true);
  });

  it('does not fetch at all when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('gone', 'AbortError'));
    const { transport, spy } = setup([json(LIST_ANSWER)]);
    await expect(transport.latest({ ...ctx, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('access token', () => {
  it('calls a token function once, keeps the result, and sends it', async () => {
    const token = vi.fn(async () => 'first');
    const { transport, calls } = setup([json(LIST_ANSWER)], { accessToken: token });
    await transport.latest(ctx);
    await transport.latest(ctx);
    expect(token).toHaveBeenCalledTimes(1);
    expect(calls.map((c) => c.headers.get('Authorization'))).toEqual(['Bearer first', 'Bearer first']);
  });

  it('after a 401 asks the function again and repeats the request once', async () => {
    const token = vi.fn().mockReturnValueOnce('old').mockResolvedValueOnce('new');
    const { transport, calls } = setup([raw('', 401), json(LIST_ANSWER)], { accessToken: token });
    await expect(transport.latest(ctx)).resolves.toMatchObject({ older: null });
    expect(token).toHaveBeenCalledTimes(2);
    expect(calls.map((c) => c.headers.get('Authorization'))).toEqual(['Bearer old', 'Bearer new']);
  });

  it('repeats after device_requires_authorization too, also for an upload', async () => {
    const refused = {
      data: null,
      status: 'ERROR',
      notifications: [{ type: 'error', message: 'device_requires_authorization' }],
    };
    const token = vi.fn().mockReturnValueOnce('old').mockReturnValueOnce('new');
    const { transport, calls } = setup([json(refused, 400), json(SEND_ANSWER)], { accessToken: token });
    await expect(transport.send(ctx, { image: new Blob(['x'], { type: 'image/gif' }) })).resolves.toEqual({ id: '1' });
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body).toBeInstanceOf(FormData);
  });

  it('rejects unauthorized when the repeat is refused too', async () => {
    const token = vi.fn(() => 't');
    const { transport, calls } = setup([raw('', 401)], { accessToken: token });
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'unauthorized', details: { status: 401 } });
    expect(calls).toHaveLength(2);
    expect(token).toHaveBeenCalledTimes(2);
  });

  it('does not repeat with a string token', async () => {
    const { transport, calls } = setup([raw('', 401)], { accessToken: 'fixed' });
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(calls).toHaveLength(1);
  });

  it('rejects unauthorized when the token function fails, and asks again next time', async () => {
    const token = vi.fn().mockRejectedValueOnce(new Error('login expired')).mockResolvedValueOnce('ok');
    const { transport, calls } = setup([json(LIST_ANSWER)], { accessToken: token });
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(calls).toHaveLength(0);
    await transport.latest(ctx);
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer ok');
  });
});

describe('fetchImage', () => {
  const png = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });

  it('resolves a relative ref against the API base, with the same headers', async () => {
    const { transport, calls } = setup([raw(png, 200, { 'Content-Type': 'image/png' })], {
      accessToken: 't',
      headers: { 'X-A': '1' },
    });
    const blob = await transport.fetchImage(ctx, '/media/2024/a.png');
    expect(blob.size).toBe(4);
    await transport.fetchImage(ctx, 'media/b.png');
    expect(calls.map((c) => c.url)).toEqual([`${API}/media/2024/a.png`, `${API}/media/b.png`]);
    expect(calls[0]?.headers.get('UniqueAppDeviceID')).toBe(ctx.deviceId);
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer t');
    expect(calls[0]?.headers.get('X-A')).toBe('1');
  });

  it('fetches an absolute http(s) ref; credentials only on the API origin', async () => {
    const { transport, calls } = setup([raw(png, 200, { 'Content-Type': 'image/png' })], { accessToken: 't' });
    await transport.fetchImage(ctx, 'https://api.example/files/1.png');
    await transport.fetchImage(ctx, 'https://cdn.other.example/1.png');
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer t');
    expect(calls[1]?.url).toBe('https://cdn.other.example/1.png');
    expect(calls[1]?.headers.has('Authorization')).toBe(false);
    expect(calls[1]?.headers.has('UniqueAppDeviceID')).toBe(false);
  });

  it('refuses javascript:, data: and other refs without fetching', async () => {
    const { transport, spy } = setup([raw(png)]);
    for (const ref of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:image/png;base64,AAAA',
      'file:///etc/passwd',
      '',
      '  ',
    ]) {
      await expect(transport.fetchImage(ctx, ref)).rejects.toMatchObject({ kind: 'invalid' });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('rejects an error answer by its kind, and a JSON success as invalid', async () => {
    const { transport } = setup([raw('', 404), json({ data: {}, status: 'SUCCESS', notifications: [] })]);
    await expect(transport.fetchImage(ctx, 'media/x.png')).rejects.toMatchObject({
      kind: 'invalid',
      details: { status: 404 },
    });
    await expect(transport.fetchImage(ctx, 'media/x.png')).rejects.toMatchObject({
      kind: 'invalid',
      details: { status: 200 },
    });
  });
});
