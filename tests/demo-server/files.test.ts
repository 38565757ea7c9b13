// @vitest-environment node
// Files an agent attaches (PDF or any type): uploaded through the agent API, carried by a message's `media`, served
// to the visitor at `GET /media/{year}/{month}/{day}/{filename}` with its device id, as images are.
import { describe, expect, it } from 'vitest';
import { PNG, call, startServer, visitor } from './helpers';

async function conversation(options = {}) {
  const server = await startServer(options);
  const v = visitor(server.url);
  await v.register();
  await v.send('Can I have my invoice?');
  const base = `${server.url}/webcare/conversations/${v.deviceId}`;
  const upload = async (bytes: Uint8Array, type: string, name: string, description?: string) => {
    const form = new FormData();
    if (description !== undefined) form.append('description', description);
    form.append('media', new Blob([bytes as BlobPart], { type }), name);
    const response = await fetch(`${base}/media`, { method: 'POST', body: form });
    return { status: response.status, json: await response.json() };
  };
  const reply = (body: unknown) => call(server.url, 'POST', `/webcare/conversations/${v.deviceId}/replies`, body);
  return { server, v, upload, reply };
}

/** The URL path a Parley client builds from a media object: web from its parts, mobile from its id. */
const webPath = (media: any) => `/media/${media.year}/${media.month}/${media.day}/${media.filename}`;
const mobilePath = (media: any) => `/media/${media.id.split('/').slice(2).join('/')}`;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n', 'latin1');

describe('agent files', () => {
  it('uploads a PDF, sends it with text, and serves it to the visitor with its type and length', async () => {
    const { v, upload, reply } = await conversation({ now: () => Date.UTC(2025, 5, 6, 23, 59) });
    const uploaded = await upload(PDF, 'application/pdf', 'invoice.pdf');
    expect(uploaded.status).toBe(200);
    const { media } = uploaded.json.data;
    expect(media).toEqual({
      id: expect.stringMatching(/^img\/1\/2025\/6\/6\/[0-9a-f]{40}\.pdf$/),
      mimeType: 'application/pdf',
      year: '2025',
      month: '6',
      day: '6',
      filename: expect.stringMatching(/^[0-9a-f]{40}\.pdf$/),
      description: 'invoice.pdf',
    });
    expect(mobilePath(media)).toBe(webPath(media));

    const sent = await reply({ message: 'Here it is', media: { id: media.id, description: 'June.pdf' } });
    expect(sent.status).toBe(200);
    const [listed] = (await v.get('/messages')).json.data;
    expect(listed).toMatchObject({ message: 'Here it is', image: null, media: { ...media, description: 'June.pdf' } });

    const file = await v.get(webPath(listed.media));
    expect(file.status).toBe(200);
    expect(file.response.headers.get('content-type')).toBe('application/pdf');
    expect(file.response.headers.get('content-length')).toBe(String(PDF.length));
    expect(Buffer.from(await file.response.arrayBuffer())).toEqual(PDF);
  });

  it('refuses the file without the right device id, exactly as an image is refused', async () => {
    const { server, v, upload, reply } = await conversation();
    const { media } = (await upload(PDF, 'application/pdf', 'invoice.pdf')).json.data;
    await reply({ media: { id: media.id } });
    const image = await fetch(`${server.url}/webcare/conversations/${v.deviceId}/replies`, {
      method: 'POST',
      body: (() => {
        const form = new FormData();
        form.append('image', new Blob([PNG], { type: 'image/png' }), 'a.png');
        return form;
      })(),
    });
    expect(image.status).toBe(200);
    const imagePath = `/${(await v.get('/messages')).json.data[0].image}`;

    const stranger = visitor(server.url);
    await stranger.register();
    const unregistered = visitor(server.url);
    for (const path of [webPath(media), imagePath]) {
      const foreign = await stranger.get(path);
      expect(foreign.status).toBe(404);
      expect(foreign.json).toMatchObject({ status: 'ERROR', notifications: [{ type: 'error', message: 'not_found' }] });
      const unknown = await unregistered.get(path);
      expect(unknown.status).toBe(502);
      expect(unknown.json.error.message.notifications[0].message).toBe('device_not_registered');
      const anonymous = await fetch(`${server.url}/parley${path}`);
      expect(anonymous.status).toBe(502);
    }
    expect((await v.get(`${webPath(media).slice(0, -4)}.png`)).status).toBe(404);
  });

  it('serves the file to the agent console too, below /webcare', async () => {
    const { server, upload } = await conversation();
    const { media } = (await upload(PDF, 'application/pdf', 'invoice.pdf')).json.data;
    const response = await fetch(`${server.url}/webcare${webPath(media)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PDF);
    expect((await fetch(`${server.url}/webcare/media/2020/1/1/nothing.pdf`)).status).toBe(404);
  });

  it('types a file by its bytes (images, PDF), else as declared, else by its name', async () => {
    const { v, upload } = await conversation();
    const cases: [Uint8Array, string, string, string, RegExp][] = [
      [PNG, 'application/octet-stream', 'photo', 'image/png', /\.png$/],
      [PDF, 'application/octet-stream', 'x.bin', 'application/pdf', /\.pdf$/],
      [Buffer.from('a,b\n1,2\n'), 'text/csv', 'data.csv', 'text/csv', /\.csv$/],
      [Buffer.from('hello'), 'application/octet-stream', 'notes.txt', 'text/plain', /\.txt$/],
      [Buffer.from([1, 2, 3]), '', 'blob', 'application/octet-stream', /\.bin$/],
    ];
    for (const [bytes, declared, name, type, extension] of cases) {
      const { media } = (await upload(bytes, declared, name)).json.data;
      expect(media.mimeType).toBe(type);
      expect(media.filename).toMatch(extension);
      const served = await v.get(webPath(media));
      expect(served.response.headers.get('content-type')).toBe(type);
    }
  });

  it('has a built-in sample PDF, a valid one', async () => {
    const { server, v } = await conversation();
    const sample = await call(server.url, 'POST', `/webcare/conversations/${v.deviceId}/media`, { sample: 'invoice' });
    expect(sample.status).toBe(200);
    const { media } = sample.json.data;
    expect(media).toMatchObject({ mimeType: 'application/pdf', description: 'invoice-2025-001.pdf' });
    const bytes = Buffer.from(await (await v.get(webPath(media))).response.arrayBuffer());
    const text = bytes.toString('latin1');
    expect(bytes.length).toBeLessThan(1000);
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    // Every object starts where the cross-reference table says, and startxref points at the table.
    const entries = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(5);
    entries.forEach((offset, i) => expect(text.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true));
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)?.[1]);
    expect(text.slice(startxref).startsWith('xref\n')).toBe(true);
    const unknown = await call(server.url, 'POST', `/webcare/conversations/${v.deviceId}/media`, { sample: 'nope' });
    expect(unknown).toMatchObject({ status: 400, json: { messages: [{ message: 'unknown_sample' }] } });
  });

  it('refuses an upload without a file or over the limit', async () => {
    const { server, v, upload } = await conversation({ maxImageBytes: 1_000 });
    const empty = await fetch(`${server.url}/webcare/conversations/${v.deviceId}/media`, {
      method: 'POST',
      body: new FormData(),
    });
    expect((await empty.json()).messages[0].message).toBe('missing_media');
    const big = await upload(Buffer.alloc(1_001, 1), 'application/pdf', 'big.pdf');
    expect(big).toMatchObject({ status: 400, json: { messages: [{ message: 'media_too_large' }] } });
  });

  it('keeps a media id that is not a file of this conversation as given: nothing is served for it', async () => {
    const { server, v, reply } = await conversation();
    const other = visitor(server.url);
    await other.register();
    const theirs = await call(server.url, 'POST', `/webcare/conversations/${other.deviceId}/media`, {
      sample: 'invoice',
    });
    const { media } = theirs.json.data;
    await reply({ message: 'not yours', media: { id: media.id } });
    const [listed] = (await v.get('/messages')).json.data;
    expect(listed.media).toEqual({ id: media.id });
    expect((await v.get(mobilePath(media))).status).toBe(404);
  });
});
