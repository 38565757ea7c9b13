import { describe, expect, it } from 'vitest';
import {
  htmlToText,
  toFileMeta,
  toFileUrl,
  toGroupId,
  toList,
  toMessage,
  toSendResult,
} from '../../../src/transport/kommunicate/map';
import { AGENT, FILE_META, GROUP, listAnswer, SEND_ANSWER, success, wireMessage } from './fixtures';

const users = new Map([[AGENT.userId, { name: AGENT.userName, avatar: AGENT.imageLink }]]);

describe('toMessage', () => {
  it("maps the visitor's own message (type 5) and an agent's (type 4, sender in `to`)", () => {
    const own = wireMessage({ key: 'k1', createdAtTime: 1_700_000_000_123, message: 'Hello' });
    expect(toMessage(own, users)).toEqual({
      id: 'k1',
      time: 1_700_000_000_123,
      from: 'user',
      text: 'Hello',
      image: null,
      agent: null,
    });
    const theirs = wireMessage({ key: 'k2', type: 4, to: 'agent-sam', createdAtTime: '1700000000124' });
    expect(toMessage(theirs, users)).toMatchObject({
      from: 'agent',
      time: 1_700_000_000_124,
      agent: { name: 'Sam', avatar: 'https://cdn.example/sam.png' },
    });
    expect(toMessage(wireMessage({ type: 4, to: 'stranger' }), users)?.agent).toBeNull();
  });

  it('a notify message is an info line', () => {
    expect(toMessage(wireMessage({ type: 4, contentType: 10, message: 'Conversation closed' }))).toMatchObject({
      from: 'info',
      text: 'Conversation closed',
      agent: null,
    });
  });

  it('drops hidden messages', () => {
    expect(toMessage(wireMessage({ contentType: 11 }))).toBeNull();
    expect(toMessage(wireMessage({ metadata: { category: 'HIDDEN' } }))).toBeNull();
    expect(toMessage(wireMessage({ metadata: { hide: 'true' } }))).toBeNull();
    expect(toMessage(wireMessage({ metadata: { hide: 'false' } }))).not.toBeNull();
  });

  it('turns HTML into plain text', () => {
    const html = '<p>Hi <b>there</b> &amp; <a href="javascript:alert(1)">welcome</a></p><script>alert(1)</script>';
    expect(toMessage(wireMessage({ contentType: 3, message: html }))?.text).toBe('Hi there & welcome');
    expect(toMessage(wireMessage({ contentType: 3, message: '<script>x</script>' }))).toBeNull();
  });

  it('a rich message shows its text, or is dropped without one', () => {
    expect(toMessage(wireMessage({ message: 'Pick one', metadata: { contentType: '300' } }))?.text).toBe('Pick one');
    expect(toMessage(wireMessage({ message: '', metadata: { contentType: '300' } }))).toBeNull();
  });

  it('an image attachment is its blobKey, or its public URL; another file is a line with its name', () => {
    const image = toMessage(wireMessage({ contentType: 1, message: '', fileMeta: FILE_META }));
    expect(image).toMatchObject({ text: null, image: FILE_META.blobKey });
    const open = { ...FILE_META, url: 'https://cdn.example/p.png' };
    expect(toMessage(wireMessage({ contentType: 1, message: '', fileMeta: open }))?.image).toBe(open.url);
    const pdf = { ...FILE_META, contentType: 'application/pdf', name: 'invoice.pdf' };
    expect(toMessage(wireMessage({ contentType: 1, message: '', fileMeta: pdf }))).toMatchObject({
      text: '📎 invoice.pdf',
      image: null,
    });
    expect(toMessage(wireMessage({ contentType: 1, message: 'See', fileMeta: pdf }))?.text).toBe('See\n📎 invoice.pdf');
  });

  it('never takes a javascript: URL for an image or an avatar', () => {
    const meta = { ...FILE_META, url: 'javascript:alert(1)', blobKey: 'javascript:alert(1)' };
    expect(toMessage(wireMessage({ contentType: 1, message: '', fileMeta: meta }))).toBeNull();
    const withBlob = { ...FILE_META, url: 'javascript:alert(1)' };
    expect(toMessage(wireMessage({ contentType: 1, fileMeta: withBlob }))?.image).toBe(FILE_META.blobKey);
    const list = toList(
      listAnswer([wireMessage({ type: 4, to: 'bad' })], {}, [
        { userId: 'bad', userName: 'Bad', imageLink: 'javascript:alert(1)' },
      ]),
    );
    expect(list.messages[0]?.agent).toEqual({ name: 'Bad', avatar: null });
  });

  it('drops unusable items: no key, a local: key, a bad time, an unknown type or content type, no content', () => {
    for (const fields of [
      { key: null },
      { key: 42 },
      { key: 'local:abc' },
      { key: 'x'.repeat(201) },
      { createdAtTime: 'soon' },
      { createdAtTime: -5 },
      { createdAtTime: 1e300 },
      { createdAtTime: 1.5 },
      { type: 3 },
      { type: '5x' },
      { contentType: 2 },
      { message: '   ' },
      { message: 7 },
    ]) {
      expect(toMessage(wireMessage(fields)), JSON.stringify(fields)).toBeNull();
    }
    for (const value of [null, 'x', 5, [], {}]) expect(toMessage(value)).toBeNull();
  });
});

describe('htmlToText', () => {
  it('keeps words, drops tags and their attributes, decodes the common entities', () => {
    expect(htmlToText('a<br>b<br/>c')).toBe('a\nb\nc');
    expect(htmlToText('<img src=x onerror=alert(1)>ok')).toBe('ok');
    expect(htmlToText('&lt;b&gt; &quot;q&quot; &#39;s&#39; &#x1F600; &bogus; &#0;')).toBe(
      '<b> "q" \'s\' 😀 &bogus; &#0;',
    );
    expect(htmlToText('<style>p{}</style>x<script')).toBe('x');
  });

  it('stays linear on hostile input', () => {
    const start = performance.now();
    htmlToText('<script'.repeat(20_000));
    htmlToText('<'.repeat(100_000));
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('toList', () => {
  it('orders oldest first without duplicates, with cursors from every item listed, hidden ones too', () => {
    const a = wireMessage({ key: 'a', createdAtTime: 100 });
    const b = wireMessage({ key: 'b', createdAtTime: 200, type: 4, to: 'agent-sam' });
    const hidden = wireMessage({ key: 'h', createdAtTime: 300, contentType: 11 });
    const answer = toList(listAnswer([hidden, b, a, a]));
    expect(answer.messages.map((m) => m.id)).toEqual(['a', 'b']);
    expect(answer).toMatchObject({ count: 4, oldest: 100, newest: 300, closed: false, agent: null });
  });

  it('orders messages of the same time by key', () => {
    const same = [wireMessage({ key: 'b', createdAtTime: 5 }), wireMessage({ key: 'a', createdAtTime: 5 })];
    expect(toList(listAnswer(same)).messages.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('the assigned agent from userDetails; absent without groupFeeds; closed at status 2', () => {
    expect(toList(listAnswer([], { CONVERSATION_STATUS: 2, CONVERSATION_ASSIGNEE: 'agent-sam' }))).toMatchObject({
      closed: true,
      agent: { name: 'Sam', avatar: 'https://cdn.example/sam.png', isTyping: false },
    });
    expect(toList(listAnswer([], { CONVERSATION_ASSIGNEE: 'nobody-known' })).agent).toEqual({
      name: null,
      avatar: null,
      isTyping: false,
    });
    expect(toList(listAnswer([], { CONVERSATION_STATUS: '2' })).closed).toBe(true);
    expect('agent' in toList({ message: [] })).toBe(false);
    expect('agent' in toList({ message: [], groupFeeds: [] })).toBe(false);
  });

  it('rejects an answer that is not a list as invalid, and survives a huge hostile one', () => {
    for (const body of [undefined, null, 'x', [], { message: 'x' }, { messages: [] }]) {
      expect(() => toList(body)).toThrow(expect.objectContaining({ kind: 'invalid' }));
    }
    const items = Array.from({ length: 5000 }, (_, i) =>
      i % 2 ? wireMessage({ createdAtTime: 1000 + i }) : { key: {}, createdAtTime: [], type: 'x' },
    );
    const answer = toList({ message: items, groupFeeds: 'x', userDetails: { length: 3 } });
    expect(answer.messages).toHaveLength(2500);
    expect(answer).toMatchObject({ count: 5000, oldest: 1001, newest: 5999 });
  });
});

describe('the other answers', () => {
  it('toGroupId: the group id as a string', () => {
    expect(toGroupId(success(GROUP))).toBe('100001');
    expect(toGroupId(success({ id: '100002' }))).toBe('100002');
    for (const body of [success({}), success({ id: -1 }), success({ id: 1e20 }), success({ id: '1e3' }), null]) {
      expect(() => toGroupId(body)).toThrow(expect.objectContaining({ kind: 'invalid' }));
    }
  });

  it('toSendResult: the messageKey, or null without a usable one', () => {
    expect(toSendResult(SEND_ANSWER)).toEqual({ id: SEND_ANSWER.messageKey });
    expect(toSendResult({})).toEqual({ id: null });
    expect(toSendResult({ messageKey: 'local:1' })).toEqual({ id: null });
    expect(toSendResult('x')).toEqual({ id: null });
  });

  it('toFileMeta needs a blobKey; toFileUrl an http(s) URL', () => {
    expect(toFileMeta(FILE_META)).toBe(FILE_META);
    expect(() => toFileMeta({ url: 'x' })).toThrow(expect.objectContaining({ kind: 'invalid' }));
    expect(toFileUrl(' https://files.example/a?sig=1 ')).toBe('https://files.example/a?sig=1');
    for (const body of ['javascript:alert(1)', '/files/a', '', undefined]) {
      expect(() => toFileUrl(body)).toThrow(expect.objectContaining({ kind: 'invalid' }));
    }
  });
});
