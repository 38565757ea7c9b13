import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RichText } from '../../src/ui/RichText';
import { parseRichText, safeHref, type Inline } from '../../src/ui/markdown';

const t = (text: string): Inline => ({ type: 'text', text });
const strong = (...children: Inline[]): Inline => ({ type: 'strong', children });
const em = (...children: Inline[]): Inline => ({ type: 'em', children });
const link = (href: string, ...children: Inline[]): Inline => ({ type: 'link', href, children });
const br: Inline = { type: 'break' };

describe('parseRichText: emphasis', () => {
  it('parses ** and __ as strong, * and _ as em', () => {
    expect(parseRichText('a **b** c')).toEqual([t('a '), strong(t('b')), t(' c')]);
    expect(parseRichText('__b__')).toEqual([strong(t('b'))]);
    expect(parseRichText('*i* and _j_')).toEqual([em(t('i')), t(' and '), em(t('j'))]);
  });

  it('nests strong and em', () => {
    expect(parseRichText('**bold _and italic_**')).toEqual([strong(t('bold '), em(t('and italic')))]);
    expect(parseRichText('*it **bo** it*')).toEqual([em(t('it '), strong(t('bo')), t(' it'))]);
    expect(parseRichText('**bold *and italic***')).toEqual([strong(t('bold '), em(t('and italic')))]);
    // Emphasis cannot close across a link label's `[`.
    expect(parseRichText('*a [b* c](https://x.io)')).toEqual([t('*a '), link('https://x.io/', t('b* c'))]);
  });

  it('leaves intraword underscores, lone stars and unclosed markers literal', () => {
    expect(parseRichText('call snake_case_name now')).toEqual([t('call snake_case_name now')]);
    expect(parseRichText('5 * 3 = 15')).toEqual([t('5 * 3 = 15')]);
    expect(parseRichText('2 * 3 * 4')).toEqual([t('2 * 3 * 4')]);
    expect(parseRichText('**unclosed')).toEqual([t('**unclosed')]);
    expect(parseRichText('_open *mixed')).toEqual([t('_open *mixed')]);
    expect(parseRichText('****')).toEqual([t('****')]);
    expect(parseRichText('***both***')).toEqual([t('***both***')]); // runs longer than 2 are not supported
    expect(parseRichText('*a*b*')).toEqual([em(t('a')), t('b*')]);
    expect(parseRichText('**a _b** c_')).toEqual([strong(t('a _b')), t(' c_')]);
  });

  it('still allows star emphasis inside a word', () => {
    expect(parseRichText('un*frigging*believable')).toEqual([t('un'), em(t('frigging')), t('believable')]);
  });
});

describe('parseRichText: links', () => {
  it('parses [label](url) with formatted labels', () => {
    expect(parseRichText('see [the docs](https://example.com/a?b=1) now')).toEqual([
      t('see '),
      link('https://example.com/a?b=1', t('the docs')),
      t(' now'),
    ]);
    expect(parseRichText('[**big** deal](http://x.org)')).toEqual([
      link('http://x.org/', strong(t('big')), t(' deal')),
    ]);
    expect(parseRichText('[wiki](https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      link('https://en.wikipedia.org/wiki/Foo_(bar)', t('wiki')),
    ]);
  });

  it('accepts mailto:, tel: and upper-case schemes', () => {
    expect(parseRichText('[mail](mailto:help@example.com)')).toEqual([link('mailto:help@example.com', t('mail'))]);
    expect(parseRichText('[call](tel:+4930123)')).toEqual([link('tel:+4930123', t('call'))]);
    expect(parseRichText('[x](HTTPS://EXAMPLE.COM)')).toEqual([link('https://example.com/', t('x'))]);
  });

  it('renders unsafe or invalid links as their label text', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '/relative/path',
      '//evil.example.com',
      'ftp://example.com',
      'https://[bad',
    ]) {
      expect(parseRichText(`[click *me*](${url})`), url).toEqual([t('click '), em(t('me'))]);
    }
  });

  it('keeps brackets without a (url) literal', () => {
    expect(parseRichText('[a] b [c](https://c.io)')).toEqual([t('[a] b '), link('https://c.io/', t('c'))]);
    expect(parseRichText('[no close](https://x.io')).toEqual([
      t('[no close]('),
      link('https://x.io/', t('https://x.io')),
    ]);
    expect(parseRichText('[spaced](http://exa mple.com)')).toEqual([
      t('[spaced]('),
      link('http://exa/', t('http://exa')),
      t(' mple.com)'),
    ]);
    expect(parseRichText('a ] b [ c')).toEqual([t('a ] b [ c')]);
    expect(parseRichText('[](https://x.io)')).toEqual([link('https://x.io/', t('https://x.io'))]);
  });

  it('autolinks bare http(s) URLs, trimming trailing punctuation', () => {
    expect(parseRichText('go to https://example.com/path.')).toEqual([
      t('go to '),
      link('https://example.com/path', t('https://example.com/path')),
      t('.'),
    ]);
    expect(parseRichText('visit www.example.com, ok?')).toEqual([t('visit www.example.com, ok?')]); // no www. autolinks
    expect(parseRichText('(see http://x.io/a)')).toEqual([
      t('(see '),
      link('http://x.io/a', t('http://x.io/a')),
      t(')'),
    ]);
    expect(parseRichText('http://x.io/a?b=1),.;:!?')).toEqual([
      link('http://x.io/a?b=1', t('http://x.io/a?b=1')),
      t('),.;:!?'),
    ]);
    expect(parseRichText('**https://x.io/a_b**')).toEqual([strong(link('https://x.io/a_b', t('https://x.io/a_b')))]);
  });

  it('does not autolink inside words, link labels, or bare prefixes', () => {
    expect(parseRichText('ahttp://x.io')).toEqual([t('ahttp://x.io')]);
    expect(parseRichText('http:// alone')).toEqual([t('http:// alone')]);
    expect(parseRichText('[https://a.io](https://b.io)')).toEqual([link('https://b.io/', t('https://a.io'))]);
    expect(parseRichText('javascript:alert(1) www')).toEqual([t('javascript:alert(1) www')]);
  });
});

describe('parseRichText: breaks, backslashes, merging', () => {
  it('turns \\n and \\r\\n into breaks', () => {
    expect(parseRichText('a\nb\r\nc')).toEqual([t('a'), br, t('b'), br, t('c')]);
    expect(parseRichText('**a\nb**')).toEqual([strong(t('a'), br, t('b'))]);
  });

  it('keeps backslashes literal (no escapes)', () => {
    expect(parseRichText('C:\\Users\\me \\[x]')).toEqual([t('C:\\Users\\me \\[x]')]);
    expect(parseRichText('a\\b \\')).toEqual([t('a\\b \\')]);
  });

  it('merges adjacent text and returns [] for empty input', () => {
    expect(parseRichText('a * b _ c [ d')).toEqual([t('a * b _ c [ d')]);
    expect(parseRichText('')).toEqual([]);
  });
});

describe('parseRichText: hostile input', () => {
  it('parses a 100,000-character message', () => {
    const long = 'word **bold** _em_ https://example.com/x '.repeat(2440);
    expect(long.length).toBeGreaterThan(100_000);
    const out = parseRichText(long);
    for (const type of ['strong', 'em', 'link']) expect(out.filter((n) => n.type === type)).toHaveLength(2440);
    expect(out).toHaveLength(6 * 2440 + 1); // plus the text between them
  });

  it('treats 10,000 unmatched or deeply nested markers as text', () => {
    expect(parseRichText('*'.repeat(10_000))).toEqual([t('*'.repeat(10_000))]);
    expect(parseRichText('_a '.repeat(10_000))).toEqual([t('_a '.repeat(10_000))]);
    expect(parseRichText('[a]('.repeat(10_000))).toEqual([t('[a]('.repeat(10_000))]);
    expect(parseRichText('['.repeat(10_000) + ']'.repeat(10_000))).toEqual([
      t('['.repeat(10_000) + ']'.repeat(10_000)),
    ]);
    expect(parseRichText('http://a('.repeat(10_000))).toHaveLength(1);
  });

  it('caps nesting depth at 8', () => {
    const n = 10_000;
    const src = `${'*a _b '.repeat(n / 2)}x${' b_ a*'.repeat(n / 2)}`;
    const out = parseRichText(src);
    let depth = 0;
    const measure = (nodes: Inline[], d: number): void =>
      nodes.forEach((node) => {
        depth = Math.max(depth, d);
        if ('children' in node) measure(node.children, d + 1);
      });
    measure(out, 0);
    expect(depth).toBeLessThanOrEqual(8);
    expect(depth).toBeGreaterThan(0);
  });
});

describe('safeHref', () => {
  it('allows only absolute http, https, mailto and tel URLs', () => {
    expect(safeHref('https://a.io/x')).toBe('https://a.io/x');
    expect(safeHref(' javascript:alert(1)')).toBeNull();
    expect(safeHref('java\tscript:alert(1)')).toBeNull();
    expect(safeHref('file:///etc/passwd')).toBeNull();
    expect(safeHref('')).toBeNull();
    expect(safeHref('mailto:a@b.io', /^https?:$/)).toBeNull(); // an image's URL: http(s) only
    expect(safeHref('https://cdn.io/a.png', /^https?:$/)).toBe('https://cdn.io/a.png');
  });
});

describe('RichText', () => {
  let container: HTMLElement;
  const mount = (text: string, linkPart?: string) => {
    container = document.createElement('div');
    document.body.append(container);
    render(<RichText text={text} linkPart={linkPart} />, container);
    return container;
  };
  afterEach(() => {
    render(null, container);
    container.remove();
  });

  it('renders HTML in the source as literal text', () => {
    const src = '<script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold</b> **real**';
    const el = mount(src);
    expect(el.querySelector('script')).toBeNull();
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelector('strong')?.textContent).toBe('real');
    expect(el.textContent).toBe('<script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold</b> real');
  });

  it('renders strong, em, breaks and links', () => {
    const el = mount('**a** *b*\n[c](https://c.io) https://d.io', 'message-link');
    expect(el.querySelector('strong')?.textContent).toBe('a');
    expect(el.querySelector('em')?.textContent).toBe('b');
    expect(el.querySelectorAll('br')).toHaveLength(1);
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://c.io/', 'https://d.io/']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(a.getAttribute('part')).toBe('message-link');
    }
  });

  it('renders no <a> for a javascript: link', () => {
    const el = mount('[click](javascript:alert(document.cookie)) and [x](JAVASCRIPT:void(0))');
    expect(el.querySelector('a')).toBeNull();
    expect(el.textContent).toBe('click and x');
  });

  it('re-renders when the text changes', () => {
    const el = mount('*one*');
    render(<RichText text="**two**" />, el);
    expect(el.querySelector('em')).toBeNull();
    expect(el.querySelector('strong')?.textContent).toBe('two');
  });
});
