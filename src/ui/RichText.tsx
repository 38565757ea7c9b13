/** @jsxFrag Fragment */
import { Fragment, h, type ComponentChildren } from 'preact';
import { parseRichText, type Inline } from './markdown';

// Strings become text nodes; nothing here is ever parsed as HTML.
function renderInlines(nodes: Inline[], linkPart: string | undefined): ComponentChildren {
  return nodes.map((node, i) => {
    if (node.type === 'text') return node.text;
    if (node.type === 'break') return <br key={i} />;
    const children = renderInlines(node.children, linkPart);
    if (node.type === 'link') {
      return (
        <a key={i} href={node.href} target="_blank" rel="noopener noreferrer" part={linkPart}>
          {children}
        </a>
      );
    }
    const Tag = node.type; // strong or em
    return <Tag key={i}>{children}</Tag>;
  });
}

/** Renders a chat message's light Markdown; `linkPart` is exposed as the links' `part` for ::part() styling. */
export function RichText({ text, linkPart }: { text: string; linkPart?: string }) {
  return <>{renderInlines(parseRichText(text), linkPart)}</>;
}
