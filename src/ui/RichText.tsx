import type { ComponentChildren } from 'preact';
import { parseRichText, type Inline } from './markdown';

// The whole tree re-renders on every session change (see mount.ts): keep parsed messages instead of parsing again.
const parsed = new Map<string, Inline[]>();
const parse = (text: string): Inline[] => {
  let nodes = parsed.get(text);
  if (!nodes) {
    if (parsed.size > 500) parsed.clear();
    parsed.set(text, (nodes = parseRichText(text)));
  }
  return nodes;
};

// Strings become text nodes; nothing here is ever parsed as HTML.
function renderInlines(nodes: Inline[], linkPart: string | undefined): ComponentChildren {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'break':
        return <br key={i} />;
      case 'strong':
        return <strong key={i}>{renderInlines(node.children, linkPart)}</strong>;
      case 'em':
        return <em key={i}>{renderInlines(node.children, linkPart)}</em>;
      case 'link':
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer" part={linkPart}>
            {renderInlines(node.children, linkPart)}
          </a>
        );
    }
  });
}

/** Renders a chat message's light Markdown; `linkPart` is exposed as the links' `part` for ::part() styling. */
export function RichText({ text, linkPart }: { text: string; linkPart?: string }) {
  return <>{renderInlines(parse(text), linkPart)}</>;
}
