// Markdown-lite for chat messages from untrusted servers: parses into a small tree of
// inline nodes that the UI renders as text nodes and elements, never as HTML.
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

type Frame = { marker: string; children: Inline[] }; // an opener still waiting for its closer

const MAX_DEPTH = 8; // deeper openers stay literal text, so hostile nesting cannot blow the stack
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const PUNCT = /[!-/:-@[-`{-~]/; // ASCII punctuation: what a backslash can escape
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;
// A single greedy character class after a fixed prefix: no backtracking blow-up.
const AUTOLINK = /(https?:\/\/|www\.)[^\s<>"]+/iy;
const TRAILING = '.,;:!?*_\'"';

/** The normalised href if `raw` is an absolute URL with an allowed scheme, else null. */
export function safeHref(raw: string): string | null {
  // Cheap pre-check: most hostile input fails here without the cost of a thrown exception.
  if (!SAFE_SCHEMES.has(/^\s*([a-z][a-z\d+.-]*:)/i.exec(raw)?.[1].toLowerCase() ?? '')) return null;
  try {
    const url = new URL(raw); // no base: relative and protocol-relative URLs throw
    return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function push(list: Inline[], node: Inline): void {
  const last = list[list.length - 1];
  if (node.type === 'text' && last?.type === 'text') last.text += node.text;
  else if (node.type !== 'text' || node.text) list.push(node);
}

export function parseRichText(source: string): Inline[] {
  const src = source.replace(/\r\n?/g, '\n');
  const stack: Frame[] = [{ marker: '', children: [] }];
  const add = (node: Inline) => push(stack[stack.length - 1].children, node);
  const text = (s: string) => add({ type: 'text', text: s });
  const inLink = () => stack.some((f) => f.marker === '[');
  // Pops the frames above `index`; their markers never matched, so they become literal text.
  const unwindTo = (index: number) => {
    while (stack.length - 1 > index) {
      const frame = stack.pop()!;
      text(frame.marker);
      frame.children.forEach(add);
    }
  };

  // A run of `*` or `_` first closes open frames (innermost first), then opens new ones.
  const emphasis = (start: number, c: string): number => {
    let end = start;
    while (src[end] === c) end++;
    const before = src[start - 1] ?? ' ';
    const after = src[end] ?? ' ';
    // An opener must touch text on its right, a closer on its left ("5 * 3" is neither);
    // `_` must also not touch a word on its outer side (snake_case_name).
    const canOpen = !SPACE.test(after) && (c === '*' || !WORD.test(before));
    const canClose = !SPACE.test(before) && (c === '*' || !WORD.test(after));
    let left = end - start;
    let opened = false;
    while (left > 0) {
      let at = -1; // innermost open frame of this character that fits the run; links are a barrier
      for (let k = stack.length - 1; k > 0 && stack[k].marker !== '['; k--) {
        if (stack[k].marker[0] === c && stack[k].marker.length <= left) { at = k; break; }
      }
      const nonEmpty = at > 0 && (stack[at].children.length > 0 || at < stack.length - 1);
      if (!opened && canClose && nonEmpty) {
        const frame = stack[at];
        unwindTo(at);
        stack.pop();
        add({ type: frame.marker.length === 2 ? 'strong' : 'em', children: frame.children });
        left -= frame.marker.length;
      } else if (canOpen && stack.length <= MAX_DEPTH) {
        const len = Math.min(left, 2); // `**`/`__` before `*`/`_`: `***x***` is strong(em(x))
        stack.push({ marker: c.repeat(len), children: [] });
        left -= len;
        opened = true;
      } else {
        text(c.repeat(left));
        left = 0;
      }
    }
    return end;
  };

  // `](url)` closes the open `[`; without a valid `(url)` both brackets stay literal.
  const closeLink = (i: number): number => {
    const at = stack.findIndex((f) => f.marker === '[');
    let close = -1;
    if (at > 0 && src[i + 1] === '(') {
      // The URL has no whitespace and at most one level of balanced parentheses (Foo_(bar)):
      // an attempt then fails at the next unmatched `(`, so repeated `](` stay linear.
      for (let j = i + 2, open = false; j < src.length && !SPACE.test(src[j]); j++) {
        if (src[j] === '(') { if (open) break; open = true; }
        else if (src[j] === ')') { if (!open) { close = j; break; } open = false; }
      }
    }
    if (close < 0) {
      if (at > 0) unwindTo(at - 1);
      text(']');
      return i + 1;
    }
    unwindTo(at);
    const label = stack.pop()!.children;
    const url = src.slice(i + 2, close);
    const href = safeHref(url);
    // An unsafe or invalid link keeps its label as text and drops the URL.
    if (href) add({ type: 'link', href, children: label.length ? label : [{ type: 'text', text: url }] });
    else label.forEach(add);
    return close + 1;
  };

  // Bare http(s):// and www. URLs at a word start become links (not inside a link label).
  const autolink = (i: number): number => {
    if (inLink() || WORD.test(src[i - 1] ?? '')) return i;
    AUTOLINK.lastIndex = i;
    const m = AUTOLINK.exec(src);
    if (!m) return i;
    // Trailing punctuation ends the sentence, not the URL; `)` stays only if it closes a `(`.
    let end = i + m[0].length;
    let unbalanced = 0;
    for (const ch of m[0]) unbalanced += ch === ')' ? 1 : ch === '(' ? -1 : 0;
    for (; end > i; end--) {
      const last = src[end - 1];
      if (last === ')' && unbalanced > 0) unbalanced--;
      else if (!TRAILING.includes(last)) break;
    }
    const url = src.slice(i, end);
    const href = end > i + m[1].length ? safeHref(/^www\./i.test(url) ? `https://${url}` : url) : null;
    // A rejected match is emitted whole as text, so its tail is not rescanned (keeps it linear).
    if (!href) { text(m[0]); return i + m[0].length; }
    add({ type: 'link', href, children: [{ type: 'text', text: url }] });
    return end;
  };

  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length && PUNCT.test(src[i + 1])) { text(src[i + 1]); i += 2; }
    else if (c === '\n') { add({ type: 'break' }); i++; }
    else if (c === '*' || c === '_') i = emphasis(i, c);
    else if (c === ']') i = closeLink(i);
    else if (c === '[' && stack.length <= MAX_DEPTH && !inLink()) { stack.push({ marker: '[', children: [] }); i++; }
    else {
      const next = c === 'h' || c === 'H' || c === 'w' || c === 'W' ? autolink(i) : i;
      if (next === i) { text(c); i++; } else i = next;
    }
  }
  unwindTo(0);
  return stack[0].children;
}
