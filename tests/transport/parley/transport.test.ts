import { afterEach, describe, expect, it, vi } from 'vitest';
import { createParleyTransport, type ParleyTransportOptions } from '../../../src/transport/parley';
import {
  CONFIG_ANSWER,
  envelope,
  GATEWAY_ERROR,
  LIST_ANSWER,
  REGISTER_ANSWER,
  SEND_ANSWER,
  TYPING_ANSWER,
} from './fixtures';
import { fakeFetch, hang, json, raw, type Reply, xhrOver } from './fake-fetch';

const API = 'https://api.example/secure-messenger';
const ctx = { deviceId: 'device-0123456789' };

function setup(replies: Reply[], options: Partial<ParleyTransportOptions> = {}) {
  const fake = fakeFetch(...replies);
  vi.stubGlobal('XMLHttpRequest', xhrOver(fake.fetch));
  return { ...fake, transport: createParleyTransport({ apiUrl: `${API}/`, fetch: fake.fetch, ...options }) };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.head.querySelector('base')?.remove();
});

describe('requests', () => {
  it('sends every call to its method and URL with the device id', async () => {
    const { transport, calls } = setup([
      json(REGISTER_ANSWER),
      json(CONFIG_ANSWER),
      json(LIST_ANSWER),
      json(LIST_ANSWER),
      json(LIST_ANSWER),
      json(SEND_ANSWER),
      json(TYPING_ANSWER),
      json(TYPING_ANSWER),
    ]);
    await transport.register(ctx);
    await transport.config(ctx);
    await transport.latest(ctx);
    await transport.older(ctx, '12');
    await transport.newer(ctx, 'a/b?c');
    await transport.send(ctx, { text: 'Hello' });
    await transport.startTyping(ctx);
    await transport.stopTyping(ctx);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `POST ${API}/devices`,
      `GET ${API}/config`,
      `GET ${API}/messages`,
      `GET ${API}/messages/before:12`,
      `GET ${API}/messages/after:a%2Fb%3Fc`,
      `POST ${API}/messages`,
      `POST ${API}/services/event/startTyping`,
      `POST ${API}/services/event/stopTyping`,
    ]);
    for (const call of calls) {
      expect(call.headers.get('UniqueAppDeviceID')).toBe(ctx.deviceId);
      expect(call.headers.get('Accept')).toBe('application/json');
      expect(call.headers.has('Authorization')).toBe(false);
    }
    expect(calls[7]?.body).toBeUndefined();
  });

  it('registers as a web device with the page address without query and hash', async () => {
    const { transport, calls } = setup([json(REGISTER_ANSWER)]);
    await transport.register(ctx);
    expect(calls[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(calls[0]?.body))).toEqual({ type: 3, referer: `${location.origin}${location.pathname}` });
  });

  it('sends what the host said of the visitor as userAdditionalInformation, an object', async () => {
    const { transport, calls } = setup([json(REGISTER_ANSWER)]);
    await transport.register(ctx, { name: 'Ann de Vries', email: 'ann@example.com' });
    expect(JSON.parse(String(calls[0]?.body))).toMatchObject({
      type: 3,
      userAdditionalInformation: { name: 'Ann de Vries', email: 'ann@example.com' },
    });
  });

  it('tolerates a non-JSON 2xx answer to register and typing events', async () => {
    const { transport } = setup([raw('OK'), raw('', 204)]);
    await expect(transport.register(ctx)).resolves.toBeUndefined();
    await expect(transport.startTyping(ctx)).resolves.toBeUndefined();
  });

  it('sends the access token and extra headers', async () => {
    const { transport, calls } = setup([json(LIST_ANSWER)], { accessToken: 'tok', headers: { 'X-Tenant': 'shop' } });
    await transport.latest(ctx);
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer tok');
    expect(calls[0]?.headers.get('X-Tenant')).toBe('shop');
  });

  it('resolves a relative apiUrl against document.baseURI', async () => {
    const base = document.createElement('base');
    base.href = 'https://shop.example/app/';
    document.head.append(base);
    const { transport, calls } = setup([json(LIST_ANSWER)], { apiUrl: 'api/parley/' });
    await transport.latest(ctx);
    expect(calls[0]?.url).toBe('https://shop.example/app/api/parley/messages');
  });

  it('looks up globalThis.fetch at call time', async () => {
    const transport = createParleyTransport({ apiUrl: API });
    const fake = fakeFetch(json(LIST_ANSWER));
    vi.stubGlobal('fetch', fake.fetch);
    try {
      await transport.latest(ctx);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fake.calls).toHaveLength(1);
  });
});

describe('send', () => {
  it('sends text as JSON and returns messageId as a string', async () => {
    const { transport, calls } = setup([json(envelope({ messageId: 17 }))]);
    await expect(transport.send(ctx, { text: 'Hello, I have a question.' })).resolves.toEqual({ id: '17' });
    expect(JSON.parse(String(calls[0]?.body))).toEqual({ message: 'Hello, I have a question.' });
  });

  it('uploads an image as multipart in field "image", without a message field', async () => {
    const append = vi.spyOn(FormData.prototype, 'append');
    const { transport, calls } = setup([json(SEND_ANSWER)]);
    const image = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    const onProgress = vi.fn();
    await expect(transport.send(ctx, { image }, { clientKey: 'local:a', onProgress })).resolves.toEqual({ id: '1' });
    const body = calls[0]?.body;
    expect(body).toBeInstanceOf(FormData);
    const form = body as FormData;
    expect([...form.keys()]).toEqual(['image']);
    expect((form.get('image') as Blob).size).toBe(3);
    expect(append).toHaveBeenCalledWith('image', image, 'image.png');
    expect(calls[0]?.headers.has('Content-Type')).toBe(false);
    expect(onProgress.mock.calls).toEqual([[0.5], [1]]);
  });

  it('reads an upload refused by the server like any answer: media_too_large is tooLarge', async () => {
    const refusal = { data: null, notifications: [{ type: 'error', message: 'media_too_large' }], status: 'ERROR' };
    const { transport } = setup([json(refusal, 400)]);
    const image = new Blob([new Uint8Array([1])], { type: 'image/jpeg' });
    await expect(transport.send(ctx, { image })).rejects.toMatchObject({ kind: 'tooLarge', details: { status: 400 } });
  });

  it('cancelling an upload aborts it and rejects with an AbortError, not a failure', async () => {
    const { transport, calls } = setup([hang]);
    const controller = new AbortController();
    const sending = transport.send(
      { ...ctx, signal: controller.signal },
      { image: new Blob(['x'], { type: 'image/png' }) },
    );
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    controller.abort();
    await expect(sending).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls[0]?.signal?.aborted).toBe(true);
  });

  it('refuses a send answer without messageId', async () => {
    const { transport } = setup([json(envelope({}))]);
    await expect(transport.send(ctx, { text: 'x' })).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('answers', () => {
  it('maps the documented examples', async () => {
    const { transport } = setup([json(CONFIG_ANSWER), json(LIST_ANSWER)]);
    await expect(transport.config(ctx)).resolves.toMatchObject({
      name: 'KPN Hackathon Demo - 30',
      bubbleShape: 'tail',
    });
    await expect(transport.latest(ctx)).resolves.toMatchObject({
      messages: [{ id: '1', from: 'user' }],
      older: null,
      newer: '1',
    });
  });

  it('rejects garbage in a 200 list answer as invalid', async () => {
    const { transport } = setup([raw('<html>oops</html>', 200, { 'Content-Type': 'text/html' }), json({ data: 'x' })]);
    await expect(transport.latest(ctx)).rejects.toMatchObject({ kind: 'invalid', details: { status: 200 } });
    await expect(transport.older(ctx, '3')).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('rejects with the error of either error shape', async () => {
    const { transport } = setup([
      json(GATEWAY_ERROR, 502),
      json({ data: null, status: 'ERROR', notifications: [{ type: 'error', message: 'device_not_registered' }] }),
    ]);
    await expect(transport.newer(ctx, '1')).rejects.toMatchObject({ kind: 'notRegistered', details: { status: 502 } });
    await expect(transport.latest(ctx)).rejects.toMatchObject({
      kind: 'notRegistered',
      details: { status: 200, code: 'device_not_registered' },
    });
  });

  it('rejects a 429 as rateLimited with Retry-After', async () => {
    const { transport } = setup([raw('', 429, { 'Retry-After': '3' })]);
    await expect(transport.stopTyping(ctx)).rejects.toMatchObject({
      kind: 'rateLimited',
      details: { status: 429, retryAfterMs: 3000 },
    });
  });

  it('rejects a failed fetch as network', async () => {
    const { transport } = setup([() => Promise.reject(new TypeError('Failed to fetch'))]);
    await expect(transport.config(ctx)).rejects.toMatchObject({ name: 'TransportError', kind: 'network' });
  });
});

describe('seen', () => {
  it('marks ids seen with PUT /messages/status/4 and their numbers as JSON', async () => {
    const { transport, calls } = setup([json(envelope({ messageIds: [12] }))]);
    await expect(transport.markSeen(ctx, ['12', '15'])).resolves.toBeUndefined();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([`PUT ${API}/messages/status/4`]);
    expect(calls[0]?.headers.get('UniqueAppDeviceID')).toBe(ctx.deviceId);
    expect(calls[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(calls[0]?.body))).toEqual({ messageIds: [12, 15] });
  });

  it('counts the unseen with GET /messages/unseen/count', async () => {
    const { transport, calls } = setup([json(envelope({ messageIds: [3, 4, 9], count: 3 }))]);
    await expect(transport.unseenCount(ctx)).resolves.toBe(3);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([`GET ${API}/messages/unseen/count`]);
    expect(calls[0]?.body).toBeUndefined();
  });

  it('rejects answers it cannot use as invalid, and errors as their kinds', async () => {
    const { transport } = setup([
      json(envelope({ marked: true })),
      json(envelope({ count: -2 })),
      json({ data: null, status: 'ERROR', notifications: [{ type: 'error', message: 'malformed_messageIds' }] }, 400),
      raw('', 503),
    ]);
    await expect(transport.markSeen(ctx, ['1'])).rejects.toMatchObject({ kind: 'invalid', details: {} });
    await expect(transport.unseenCount(ctx)).rejects.toMatchObject({ kind: 'invalid' });
    await expect(transport.markSeen(ctx, ['1'])).rejects.toMatchObject({
      kind: 'invalid',
      details: { status: 400, code: 'malformed_messageIds' },
    });
    await expect(transport.unseenCount(ctx)).rejects.toMatchObject({ kind: 'server', details: { status: 503 } });
  });
});
