// Markdown-lite for chat messages from untrusted servers: parses into a small tree of
// inline nodes that the UI renders as text nodes and elements, never as HTML.
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

// One token per match: a line break, a `*`/`_` run, `[`, `](url)` (no spaces; parentheses balanced one
// level deep), a lone `]`, or a bare http(s) URL not ending in `.,;:!?)*_'"`. Each repetition is a
// character class or a group with a distinct first character: no catastrophic backtracking.
const TOKEN = /\r?\n|([*_])\1*|\[|\]\(((?:[^\s()]|\([^\s()]*\))*)\)|\]|https?:\/\/[^\s<>"[\]]*[^\s<>"[\].,;:!?)*_'"]/gi;
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

/** The normalised href if `raw` is an absolute URL with one of `schemes` (a link's, by default), else null. */
export function safeHref(raw: string, schemes = /^(https?|mailto|tel):$/): string | null {
  try {
    const url = new URL(raw); // no base: relative and protocol-relative URLs throw
    if (schemes.test(url.protocol)) return url.href;
  } catch {}
  return null;
}

/** An open frame: the marker that opened it (a `*`/`_` run or `[`) and the nodes since. */
type Frame = [marker: string, children: Inline[]];

// The parse in progress, innermost frame last; the root's marker ' ' never matches a run. Parsing is synchronous
// and never nests, so one module-level stack serves every call.
let stack: Frame[];

const add = (node: Inline): void => {
  const list = stack[stack.length - 1][1];
  const last = list[list.length - 1];
  if (node.type === 'text' && last?.type === 'text') last.text += node.text;
  else list.push(node);
};

const text = (s: string) => s && add({ type: 'text', text: s });

/** Frames above `n` never matched: their markers become literal text. */
const unwind = (n: number): void => {
  while (stack.length > n) {
    const [marker, children] = stack.pop()!;
    text(marker);
    children.forEach(add);
  }
};

/** A safe URL becomes a link (an empty label shows the URL); an unsafe one leaves only its label as text. */
const link = (url: string, children: Inline[] = []): void => {
  const href = safeHref(url);
  if (!children[0]) children = [{ type: 'text', text: url }];
  if (href) add({ type: 'link', href, children });
  else children.forEach(add);
};

/**
 * A `*`/`_` run first closes open frames (innermost that fits, not past a link label's `[` at `bracket`), then
 * may open one of length 1 or 2. It opens only touching text on its right and closes only touching text on its
 * left ("5 * 3" does neither); `_` also must not touch a word on its outer side (snake_case).
 */
const emphasis = (run: string, c: string, before: string, after: string, bracket: number): void => {
  if (!SPACE.test(before) && (c === '*' || !WORD.test(after))) {
    for (let k = stack.length; --k > bracket; ) {
      if (run.startsWith(stack[k][0])) {
        unwind(k + 1);
        const [marker, children] = stack.pop()!;
        add({ type: marker[1] ? 'strong' : 'em', children });
        run = run.slice(marker.length);
        k = stack.length;
      }
    }
  }
  // At most 8 open frames (stack[8] set), so hostile nesting stays text.
  if (!run || run[2] || stack[8] || SPACE.test(after) || (c === '_' && WORD.test(before))) text(run);
  else stack.push([run, []]);
};

/** `]`, or `](url)` closing the open link label at `bracket`; without both, the brackets stay literal. */
const closeLabel = (token: string, url: string | undefined, bracket: number): void => {
  if (bracket < 0 || !url) {
    if (bracket > 0) unwind(bracket);
    text(token);
  } else {
    unwind(bracket + 1);
    link(url, stack.pop()![1]);
  }
};

export function parseRichText(source: string): Inline[] {
  stack = [[' ', []]];
  let last = 0;
  for (const m of source.matchAll(TOKEN)) {
    const [token, c, url] = m;
    const i = m.index!;
    const bracket = stack.findIndex((f) => f[0] === '[');
    const before = source.charAt(i - 1); // '' at either end
    text(source.slice(last, i));
    last = i + token.length;
    if (c) emphasis(token, c, before, source.charAt(last), bracket);
    else if (token === '[') bracket < 0 && !stack[8] ? stack.push([token, []]) : text(token);
    else if (token[0] === ']') closeLabel(token, url, bracket);
    else if (token < ' ') add({ type: 'break' });
    else if (bracket < 0 && !WORD.test(before))
      link(token); // a bare URL: not inside a word or a link label
    else text(token);
  }
  text(source.slice(last));
  unwind(1);
  return stack[0][1];
}
