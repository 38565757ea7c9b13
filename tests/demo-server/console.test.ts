// @vitest-environment node
// The agent console's markup and script agree: agent.js finds every element it uses (a missing one would stop
// the whole console at load), and the image picker offers the types the server takes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (name: string) => readFileSync(new URL(`../../demo/${name}`, import.meta.url), 'utf8');
const html = read('agent.html');
const script = read('agent.js');

describe('agent console', () => {
  it('has every element agent.js looks up by id', () => {
    const used = [...script.matchAll(/\$\('([\w-]+)'\)/g)].map((m) => m[1]);
    expect(used).toContain('send-image');
    const missing = used.filter((id) => !html.includes(`id="${id}"`));
    expect(missing).toEqual([]);
  });

  it('has a labelled "Send image" button and a single-file picker for the accepted image types', () => {
    expect(html).toMatch(/<button type="button" id="send-image"[^>]*>Send image…<\/button>/);
    const input = /<input type="file" id="image-file"[^>]*>/.exec(html)?.[0] ?? '';
    expect(input).toContain('aria-label="Image to send"');
    expect(input).not.toContain('multiple');
    const accept = /accept="([^"]+)"/.exec(input)?.[1].split(',');
    expect(accept?.sort()).toEqual(['image/gif', 'image/jpeg', 'image/png', 'image/webp']);
  });
});
