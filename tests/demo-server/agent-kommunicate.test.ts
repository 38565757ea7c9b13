// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { PNG, call, imageForm, kommunicate, startServer, visitor } from './helpers';

async function withGroup() {
  const server = await startServer();
  const v = kommunicate(server.url);
  const groupId = await v.group();
  await v.send(groupId, 'Is my order on its way?');
  return { server, v, groupId, base: `/webcare/kommunicate/${groupId}` };
}

describe('agent API for Kommunicate conversations (/webcare/kommunicate)', () => {
  it('lists Kommunicate conversations beside Parley ones, each with its backend', async () => {
    const { server, v, groupId } = await withGroup();
    const p = visitor(server.url);
    await p.register();
    await p.send('Parley here');
    const { json } = await call(server.url, 'GET', '/webcare/conversations');
    expect(json.data.map((c: any) => [c.backend, c.id])).toEqual([
      ['parley', p.deviceId],
      ['kommunicate', `kommunicate:${groupId}`],
    ]);
    expect(json.data[1]).toMatchObject({
      groupId,
      visitor: v.userId,
      status: 0,
      lastMessage: 'Is my order on its way?',
      messageCount: 1,
      unanswered: true,
    });
  });

  it('answers with text and HTML through the same store function: the visitor lists them from the agent', async () => {
    const { server, v, groupId, base } = await withGroup();
    const text = await call(server.url, 'POST', `${base}/replies`, { message: 'Yes, tomorrow', agentName: 'Noor' });
    expect(text.status).toBe(200);
    expect(text.json).toMatchObject({ status: 'SUCCESS', data: { messageKey: expect.any(String) } });
    await call(server.url, 'POST', `${base}/replies`, {
      message: '<b>Track it</b>',
      agentName: 'Noor',
      contentType: 3,
    });
    await call(server.url, 'POST', `${base}/replies`, { message: 'Noor joined', contentType: 10 });
    const listed = (await v.list(groupId)).json;
    expect(listed.message.map((m: any) => [m.type, m.contentType, m.message, m.to])).toEqual([
      [4, 10, 'Noor joined', 'Sam'],
      [4, 3, '<b>Track it</b>', 'Noor'],
      [4, 0, 'Yes, tomorrow', 'Noor'],
      [5, 0, 'Is my order on its way?', undefined],
    ]);
    const results = await call(server.url, 'GET', `${base}/results`);
    expect(results.json.data.map((r: any) => [r.typeId, r.contentType])).toEqual([
      [1, 0],
      [2, 0],
      [2, 3],
      [3, 10],
    ]);
    expect(results.json.conversation).toMatchObject({ backend: 'kommunicate', unanswered: false });
    const bad = await call(server.url, 'POST', `${base}/replies`, { message: 'x', contentType: 11 });
    expect(bad.status).toBe(400);
  });

  it('sends an image: the visitor gets a fileMeta and a signed URL, the console its bytes', async () => {
    const { server, v, groupId, base } = await withGroup();
    const sent = await fetch(`${server.url}${base}/replies`, { method: 'POST', body: imageForm(PNG) });
    expect(sent.status).toBe(200);
    const [image] = (await v.list(groupId)).json.message;
    expect(image).toMatchObject({ type: 4, contentType: 1, fileMeta: { contentType: 'image/png', url: '' } });
    const signed = await v.request('GET', `/rest/ws/file/url?key=${image.fileMeta.blobKey}`);
    expect(Buffer.from(await (await fetch(signed.text)).arrayBuffer())).toEqual(PNG);
    const results = await call(server.url, 'GET', `${base}/results`);
    const ref = results.json.data.at(-1).image;
    expect(ref).toBe(`kommunicate/files/${image.fileMeta.blobKey}`);
    const forConsole = await fetch(`${server.url}/webcare/${ref}`);
    expect(Buffer.from(await forConsole.arrayBuffer())).toEqual(PNG);
    const notImage = await fetch(`${server.url}${base}/replies`, {
      method: 'POST',
      body: imageForm(Buffer.from('%PDF-1.7')),
    });
    expect(notImage.status).toBe(400);
  });

  it('closes and reopens a conversation: status 2 for the visitor, whose sends are then refused', async () => {
    const { server, v, groupId, base } = await withGroup();
    const closed = await call(server.url, 'POST', `${base}/status`, { status: 2, agentName: 'Noor' });
    expect(closed.json.data).toEqual({ status: 2, result: 'updated' });
    const listed = (await v.list(groupId)).json;
    expect(listed.groupFeeds[0].metadata.CONVERSATION_STATUS).toBe(2);
    expect(listed.message[0]).toMatchObject({ contentType: 10, metadata: { KM_STATUS: 'closed' } });
    expect((await v.send(groupId, 'hello?')).json.errorResponse[0].errorCode).toBe('AL-G-02');
    const list = (await call(server.url, 'GET', '/webcare/conversations')).json.data;
    expect(list[0]).toMatchObject({ status: 2 });
    await call(server.url, 'POST', `${base}/status`, { status: 0 });
    expect((await v.send(groupId, 'hello again')).status).toBe(200);
    expect((await call(server.url, 'POST', `${base}/status`, { status: 'closed' })).status).toBe(400);
  });

  it("seeds a visitor's conversation: the group the widget finds by its clientGroupId, the messages in order", async () => {
    const server = await startServer();
    const v = kommunicate(server.url);
    const path = `/webcare/kommunicate/visitors/${v.userId}/seed`;
    const first = await call(server.url, 'POST', path, { count: 2 });
    expect(first.status).toBe(200);
    const agent = await call(server.url, 'POST', path, {
      count: 1,
      from: 'agent',
      prefix: 'Answer',
      agentName: 'Noor',
    });
    const { groupId } = first.json.data;
    expect(agent.json.data.groupId).toBe(groupId);
    // The widget's registration: creating the group says it exists, and it is found by `pc-<visitor>`.
    expect((await v.create()).json).toMatchObject({ status: 'error' });
    const info = (await v.request('GET', `/rest/ws/group/v2/info?clientGroupId=pc-${v.userId}`)).json;
    expect(info.response.id).toBe(groupId);
    const listed = (await v.list(groupId)).json.message.map((m: any) => [m.type, m.message]);
    expect(listed).toEqual([
      [4, 'Answer 1'],
      [5, 'Message 2'],
      [5, 'Message 1'],
    ]);
    expect((await call(server.url, 'POST', path, { count: 0 })).status).toBe(400);
  });

  it('answers 404 for an unknown group or action', async () => {
    const server = await startServer();
    expect((await call(server.url, 'GET', '/webcare/kommunicate/999/results')).status).toBe(404);
    expect((await call(server.url, 'GET', '/webcare/kommunicate/abc/results')).status).toBe(404);
    expect((await call(server.url, 'GET', '/webcare/kommunicate/files/nope')).status).toBe(404);
  });
});
