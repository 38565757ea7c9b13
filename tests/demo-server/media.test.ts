// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { PNG, imageForm, startServer, visitor } from './helpers';

async function registered() {
  const server = await startServer();
  const v = visitor(server.url);
  await v.register();
  return { server, v };
}

describe('image messages', () => {
  it('stores an uploaded image and serves the bytes back to the device that owns it', async () => {
    const { server, v } = await registered();
    const sent = await v.post('/messages', imageForm(PNG));
    expect(sent.status).toBe(200);
    expect(sent.json.data.messageId).toMatch(/^\d+$/);

    const { json } = await v.get('/messages');
    const [message] = json.data;
    expect(message).toMatchObject({ id: Number(sent.json.data.messageId), message: null, typeId: 1, agent: null });
    expect(message.image).toMatch(/^media\/\d+\/[0-9a-f]+\.png$/);

    const image = await v.get(`/${message.image}`);
    expect(image.status).toBe(200);
    expect(image.response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.response.arrayBuffer())).toEqual(PNG);

    // Not for another device, nor for an unregistered one; the agent console has its own route.
    const stranger = visitor(server.url);
    await stranger.register();
    expect((await stranger.get(`/${message.image}`)).status).toBe(404);
    expect((await visitor(server.url).get(`/${message.image}`)).status).toBe(502);
    const forAgent = await fetch(`${server.url}/webcare/${message.image}`);
    expect(forAgent.status).toBe(200);
    expect(Buffer.from(await forAgent.arrayBuffer())).toEqual(PNG);
  });

  it('knows images by their bytes, not by the declared type', async () => {
    const { v } = await registered();
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([4, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
    for (const [bytes, type] of [
      [jpeg, 'image/jpeg'],
      [gif, 'image/gif'],
      [webp, 'image/webp'],
    ] as const) {
      const sent = await v.post('/messages', imageForm(bytes, 'application/octet-stream', 'file.bin'));
      expect(sent.status).toBe(200);
      const message = (await v.get(`/messages/${sent.json.data.messageId}`)).json.data;
      const served = await v.get(`/${message.image}`);
      expect(served.response.headers.get('content-type')).toBe(type);
    }
  });

  it('rejects a file that is not an image: invalid_media_type', async () => {
    const { v } = await registered();
    const { status, json } = await v.post(
      '/messages',
      imageForm(Buffer.from('%PDF-1.7 not an image'), 'image/png', 'x.png'),
    );
    expect(status).toBe(400);
    expect(json).toMatchObject({ status: 'ERROR', notifications: [{ type: 'error', message: 'invalid_media_type' }] });
  });

  it('rejects an image over 10,000,000 bytes: media_too_large', async () => {
    const { v } = await registered();
    const big = Buffer.alloc(10_000_001);
    PNG.copy(big);
    const { status, json } = await v.post('/messages', imageForm(big));
    expect(status).toBe(400);
    expect(json.notifications[0].message).toBe('media_too_large');

    const huge = Buffer.alloc(25_000_000);
    PNG.copy(huge);
    const second = await v.post('/messages', imageForm(huge));
    expect(second.status).toBe(400);
    expect(second.json.notifications[0].message).toBe('media_too_large');
    expect((await v.get('/messages')).json.data).toEqual([]);
  });

  it('accepts an image of exactly 10,000,000 bytes', async () => {
    const { v } = await registered();
    const max = Buffer.alloc(10_000_000);
    PNG.copy(max);
    expect((await v.post('/messages', imageForm(max))).status).toBe(200);
  });

  it('rejects multipart without the image (missing_media) and with text beside the image', async () => {
    const { v } = await registered();
    const noImage = new FormData();
    noImage.append('message', 'hello');
    const missing = await v.post('/messages', noImage);
    expect(missing.status).toBe(400);
    expect(missing.json.notifications[0].message).toBe('missing_media');

    const both = await v.post('/messages', imageForm(PNG, 'image/png', 'a.png', { message: 'see this' }));
    expect(both.status).toBe(400);
    expect(both.json.notifications[0].message).toBe('message_and_image_not_allowed');
    expect((await v.get('/messages')).json.data).toEqual([]);
  });
});
