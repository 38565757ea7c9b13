// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { PNG, call, kommunicate, kommunicateAgent, startServer } from './helpers';

const envelopeError = (errorCode: string) => ({
  status: 'error',
  errorResponse: [expect.objectContaining({ errorCode, description: expect.any(String) })],
  generatedAt: expect.any(Number),
});

async function withGroup(options = {}) {
  const server = await startServer(options);
  const v = kommunicate(server.url);
  const groupId = await v.group();
  return { server, v, groupId, agent: kommunicateAgent(server.url) };
}

describe('Kommunicate fake: identity', () => {
  it('answers 401 AL-UN-01 without the Api-Key, and AL-U-01 without Of-User-Id', async () => {
    const server = await startServer();
    const noKey = await kommunicate(server.url, undefined, { apiKey: null }).create();
    expect(noKey.status).toBe(401);
    expect(noKey.json).toEqual(envelopeError('AL-UN-01'));
    const wrongKey = await kommunicate(server.url, undefined, { apiKey: 'guess' }).create();
    expect(wrongKey.status).toBe(401);
    const anonymous = await kommunicate(server.url, '').create();
    expect(anonymous.status).toBe(200);
    expect(anonymous.json).toEqual(envelopeError('AL-U-01'));
  });

  it('answers an unknown route 404 and a wrong method 405, in the envelope', async () => {
    const server = await startServer();
    const v = kommunicate(server.url);
    expect((await v.request('GET', '/rest/ws/nothing')).json).toEqual(envelopeError('NOT_FOUND'));
    const wrong = await v.request('GET', '/rest/ws/message/send');
    expect(wrong.status).toBe(405);
    expect(wrong.json.status).toBe('error');
  });
});

describe('Kommunicate fake: groups', () => {
  it('creates a group, refuses its clientGroupId again, and shows it by clientGroupId or groupId', async () => {
    let now = 1_700_000_000_000;
    const server = await startServer({ now: () => now });
    const v = kommunicate(server.url);
    const created = await v.create();
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      status: 'success',
      generatedAt: now,
      response: {
        id: expect.any(Number),
        clientGroupId: `pc-${v.userId}`,
        name: 'Support',
        adminId: v.userId,
        membersId: [v.userId],
        metadata: { CONVERSATION_STATUS: 0 },
        createdAtTime: now,
      },
    });
    now += 5;
    const again = await v.create();
    expect(again.json).toEqual({
      status: 'error',
      errorResponse: [{ description: 'group already exists', displayMessage: 'group already exists' }],
      generatedAt: now,
    });
    const byClient = await v.request('GET', `/rest/ws/group/v2/info?clientGroupId=pc-${v.userId}`);
    expect(byClient.json.response).toMatchObject({ id: created.json.response.id, membersId: [v.userId] });
    const byId = await v.request('GET', `/rest/ws/group/v2/info?groupId=${created.json.response.id}`);
    expect(byId.json.response.clientGroupId).toBe(`pc-${v.userId}`);
  });

  it('shows a group only to its members (AL-G-01), and an unknown one to no one', async () => {
    const { server, v, groupId } = await withGroup();
    const stranger = kommunicate(server.url);
    expect((await stranger.request('GET', `/rest/ws/group/v2/info?groupId=${groupId}`)).json).toEqual(
      envelopeError('AL-G-01'),
    );
    expect((await stranger.request('GET', `/rest/ws/group/v2/info?clientGroupId=pc-${v.userId}`)).json).toEqual(
      envelopeError('AL-G-01'),
    );
    expect((await v.request('GET', '/rest/ws/group/v2/info?clientGroupId=nope')).json).toEqual(
      envelopeError('AL-G-01'),
    );
    expect((await stranger.send(groupId, 'let me in')).json).toEqual(envelopeError('AL-G-01'));
    expect((await stranger.list(groupId)).json).toEqual(envelopeError('AL-G-01'));
  });

  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['no groupName', { groupMemberList: ['abcdefghijk'] }],
    ['an empty member list', { groupName: 'x', groupMemberList: [] }],
    ['a member that is not a string', { groupName: 'x', groupMemberList: [42] }],
    ['a clientGroupId that is an object', { groupName: 'x', groupMemberList: ['abcdefghijk'], clientGroupId: {} }],
  ])('refuses a create with %s: 400 AL-IN-01', async (_name, body) => {
    const server = await startServer();
    const { status, json } = await kommunicate(server.url).request('POST', '/rest/ws/group/conversation', body);
    expect(status).toBe(400);
    expect(json).toEqual(envelopeError('AL-IN-01'));
  });
});

describe('Kommunicate fake: messages', () => {
  it('sends a text: bare answer, createdAt a string; listed with type 5 for the sender', async () => {
    const now = 1_700_000_000_000;
    const { v, groupId } = await withGroup({ now: () => now });
    const sent = await v.send(groupId, 'Hello', { key: 'c-1' });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({
      messageKey: expect.stringMatching(/^5-[0-9a-f]+-\d+$/),
      createdAt: String(now),
      conversationId: groupId,
    });
    const { json } = await v.list(groupId);
    expect(json).toEqual({
      message: [
        {
          key: sent.json.messageKey,
          groupId,
          createdAtTime: now,
          type: 5,
          contentType: 0,
          message: 'Hello',
          metadata: {},
          source: 1,
        },
      ],
      groupFeeds: [{ id: groupId, clientGroupId: `pc-${v.userId}`, metadata: { CONVERSATION_STATUS: 0 } }],
      userDetails: [],
    });
  });

  it('gives messages strictly increasing times, even in one millisecond, and lists them newest first', async () => {
    const now = 1_700_000_000_000;
    const { v, groupId } = await withGroup({ now: () => now });
    for (const text of ['a', 'b', 'c']) await v.send(groupId, text);
    const { json } = await v.list(groupId);
    expect(json.message.map((m: any) => [m.message, m.createdAtTime])).toEqual([
      ['c', now + 2],
      ['b', now + 1],
      ['a', now],
    ]);
  });

  it('pages newest first: pageSize newest of the range, endTime exclusive, startTime inclusive', async () => {
    let now = 1_700_000_000_000;
    const { v, groupId } = await withGroup({ now: () => now });
    for (let i = 1; i <= 7; i++) {
      await v.send(groupId, `m${i}`);
      now += 10;
    }
    const texts = (r: any) => r.json.message.map((m: any) => m.message);
    const first = await v.list(groupId, { pageSize: 3 });
    expect(texts(first)).toEqual(['m7', 'm6', 'm5']);
    const oldest = first.json.message.at(-1).createdAtTime;
    expect(texts(await v.list(groupId, { pageSize: 3, endTime: oldest }))).toEqual(['m4', 'm3', 'm2']);
    expect(texts(await v.list(groupId, { startTime: oldest }))).toEqual(['m7', 'm6', 'm5']);
    expect(texts(await v.list(groupId, { startTime: oldest + 1 }))).toEqual(['m7', 'm6']);
    // More newer messages than a page: the newest ones of the range.
    expect(texts(await v.list(groupId, { startTime: 0, pageSize: 2 }))).toEqual(['m7', 'm6']);
    expect(texts(await v.list(groupId, { startIndex: 2, pageSize: 2 }))).toEqual(['m5', 'm4']);
  });

  it.each([
    ['pageSize', 0],
    ['pageSize', 51],
    ['pageSize', 'ten'],
    ['endTime', -1],
    ['startIndex', 'x'],
  ])('refuses %s=%s with 400 AL-IN-01', async (name, value) => {
    const { v, groupId } = await withGroup();
    const { status, json } = await v.list(groupId, { [name]: value });
    expect(status).toBe(400);
    expect(json).toEqual(envelopeError('AL-IN-01'));
  });

  it('is idempotent by the client key: the same answer, nothing added, the key not listed', async () => {
    const { server, v, groupId } = await withGroup();
    const first = await v.send(groupId, 'only once', { key: 'k-1' });
    const again = await v.send(groupId, 'only once', { key: 'k-1' });
    expect(again.json).toEqual(first.json);
    const { json } = await v.list(groupId);
    expect(json.message).toHaveLength(1);
    expect(json.message[0].key).toBe(first.json.messageKey);
    const stats = await call(server.url, 'GET', '/__control/stats?api=kommunicate');
    expect(stats.json.messagesByText).toEqual({ 'only once': 1 });
  });

  it.each([
    ['not JSON', '{"groupId":'],
    ['a number as message', { message: 5 }],
    ['an empty message', { message: '  ' }],
    ['contentType 3 (HTML) from a visitor', { contentType: 3 }],
    ['a key that is a number', { key: 7 }],
    ['metadata that is a string', { metadata: 'x' }],
    ['an attachment without a file', { contentType: 1, fileMeta: { blobKey: 'nope' } }],
  ])('refuses a send with %s: 400 AL-IN-01', async (_name, extra) => {
    const { v, groupId } = await withGroup();
    const body = typeof extra === 'string' ? extra : { type: 5, message: 'hi', groupId, ...extra };
    const { status, json } = await v.request('POST', '/rest/ws/message/send', body);
    expect(status).toBe(400);
    expect(json).toEqual(envelopeError('AL-IN-01'));
  });

  it('refuses a text over 5,000 characters with AL-MS-01', async () => {
    const { v, groupId } = await withGroup();
    const long = await v.send(groupId, 'x'.repeat(5001));
    expect(long.status).toBe(200);
    expect(long.json).toEqual(envelopeError('AL-MS-01'));
    expect((await v.send(groupId, 'x'.repeat(5000))).json.messageKey).toEqual(expect.any(String));
  });

  it('shows agent messages as type 4 with the sender in `to`, the agent in userDetails, and the assignee', async () => {
    const { v, groupId, agent } = await withGroup();
    await v.send(groupId, 'Hi');
    const reply = await agent.send(groupId, 'Hello, I am Sam');
    expect(reply.json).toEqual({ messageKey: expect.any(String), createdAt: expect.any(Number) });
    await agent.send(groupId, '<b>bold</b>', { contentType: 3 });
    await agent.send(groupId, 'Sam joined', { contentType: 10 });
    await agent.send(groupId, 'internal', { contentType: 11 });
    await agent.send(groupId, 'routing note', { metadata: { category: 'HIDDEN' } });
    await agent.send(groupId, 'Pick one', { metadata: { contentType: '300', templateId: '6', payload: '[]' } });
    expect((await agent.assign(groupId)).json).toMatchObject({ status: 'success' });
    const { json } = await v.list(groupId);
    const [rich, hidden, internal, notify, html, text] = json.message;
    expect(text).toMatchObject({ type: 4, to: agent.agentId, contentType: 0, message: 'Hello, I am Sam' });
    expect(html).toMatchObject({ contentType: 3, message: '<b>bold</b>' });
    expect(notify.contentType).toBe(10);
    expect(internal.contentType).toBe(11);
    expect(hidden.metadata).toEqual({ category: 'HIDDEN' });
    expect(rich.metadata).toMatchObject({ contentType: '300', templateId: '6' });
    expect(json.userDetails).toEqual([
      { userId: agent.agentId, userName: agent.agentId, imageLink: null, roleType: 2 },
    ]);
    expect(json.groupFeeds[0].metadata).toEqual({ CONVERSATION_STATUS: 0, CONVERSATION_ASSIGNEE: agent.agentId });
  });

  it('closes a group (status 2): a notify message, then AL-G-02 for the visitor, unless the key was sent before', async () => {
    const { v, groupId, agent } = await withGroup();
    await v.send(groupId, 'before', { key: 'k-before' });
    expect((await agent.status(groupId, 2)).json).toEqual({
      status: 'success',
      generatedAt: expect.any(Number),
      response: 'updated',
    });
    expect((await agent.status(groupId, 2)).json.response).toBe('already updated');
    const { json } = await v.list(groupId);
    expect(json.groupFeeds[0].metadata.CONVERSATION_STATUS).toBe(2);
    expect(json.message[0]).toMatchObject({ contentType: 10, metadata: { KM_STATUS: 'closed' }, type: 4 });
    expect((await v.send(groupId, 'after')).json).toEqual(envelopeError('AL-G-02'));
    expect((await v.send(groupId, 'before', { key: 'k-before' })).json.messageKey).toEqual(expect.any(String));
    expect((await agent.status(groupId, 0)).json.response).toBe('updated');
    expect((await v.send(groupId, 'reopened')).status).toBe(200);
    expect((await agent.status(groupId, 7)).status).toBe(400);
    expect((await agent.status(999, 2)).json).toEqual(envelopeError('AL-G-01'));
  });
});

describe('Kommunicate fake: files', () => {
  it('uploads a private image, signs a URL for members, and serves it without headers until it expires', async () => {
    let now = Date.now();
    const { server, v, groupId } = await withGroup({ now: () => now });
    const uploaded = await v.upload(PNG);
    expect(uploaded.status).toBe(200);
    const meta = uploaded.json;
    expect(meta).toEqual({
      blobKey: expect.any(String),
      thumbnailBlobKey: expect.any(String),
      name: 'photo.png',
      url: '',
      thumbnailUrl: '',
      size: PNG.length,
      contentType: 'image/png',
      createdAtTime: expect.any(Number),
      key: expect.any(String),
      userKey: expect.any(String),
    });
    const stranger = kommunicate(server.url);
    expect((await stranger.request('GET', `/rest/ws/file/url?key=${meta.blobKey}`)).json).toEqual(
      envelopeError('AL-G-01'),
    );
    const sent = await v.send(groupId, '', { contentType: 1, fileMeta: { blobKey: meta.blobKey } });
    expect(sent.status).toBe(200);
    const listed = (await v.list(groupId)).json.message[0];
    expect(listed).toMatchObject({ contentType: 1, fileMeta: { blobKey: meta.blobKey, url: '' } });

    const signed = await v.request('GET', `/rest/ws/file/url?key=${meta.blobKey}`);
    expect(signed.response.headers.get('content-type')).toContain('text/plain');
    expect(signed.text).toMatch(new RegExp(`^${server.url}/kommunicate/files/${meta.blobKey}\\?expires=\\d+&sig=`));
    const image = await fetch(signed.text);
    expect(image.status).toBe(200);
    expect(image.headers.get('access-control-allow-origin')).toBe('*');
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);
    const thumbnail = await v.request('GET', `/rest/ws/file/url?key=${meta.thumbnailBlobKey}`);
    expect((await fetch(thumbnail.text)).status).toBe(200);

    expect((await fetch(signed.text.replace(/sig=.{4}/, 'sig=0000'))).status).toBe(403);
    expect((await fetch(signed.text.replace(/expires=\d+/, `expires=${now + 3_600_000}`))).status).toBe(403);
    now += 10 * 60 * 1000 + 1;
    expect((await fetch(signed.text)).status).toBe(403);
    expect((await stranger.request('GET', `/rest/ws/file/url?key=${meta.blobKey}`)).json).toEqual(
      envelopeError('AL-G-01'),
    );
  });

  it('refuses what is not an image (MALICIOUS_CONTENT), a file too large (413), and a form without `file`', async () => {
    const { v } = await withGroup({ kommunicateMaxUploadBytes: 1_000 });
    const pdf = await v.upload(Buffer.from('%PDF-1.7 not an image'), 'image/png', 'x.png');
    expect(pdf).toMatchObject({ status: 200, json: { errorCode: 'MALICIOUS_CONTENT' } });
    const big = Buffer.alloc(2_000);
    PNG.copy(big);
    const tooLarge = await v.upload(big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json).toEqual(envelopeError('FILE_TOO_LARGE'));
    const form = new FormData();
    form.append('image', new Blob([PNG]), 'a.png');
    const wrongField = await v.request('POST', '/rest/ws/upload/image?aclsPrivate=true', form);
    expect(wrongField.status).toBe(400);
    expect(wrongField.json).toEqual(envelopeError('AL-IN-01'));
  });
});
