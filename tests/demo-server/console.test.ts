// @vitest-environment node
// The agent console's markup and scripts agree: its modules find every element they use (a missing one would stop
// the whole console at load), and the image picker offers the types the server takes.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (name: string) => readFileSync(new URL(`../../demo/${name}`, import.meta.url), 'utf8');
const html = read('agent.html');
const modules = readdirSync(new URL('../../demo/', import.meta.url)).filter((name) => /^agent.*\.js$/.test(name));
const script = modules.map(read).join('\n');

describe('agent console', () => {
  it('has every element its modules look up by id', () => {
    expect(modules).toEqual(expect.arrayContaining(['agent.js', 'agent-message.js', 'agent-rich.js']));
    const used = [...script.matchAll(/\$\('([\w-]+)'\)/g)].map((m) => m[1]);
    expect(used).toEqual(expect.arrayContaining(['send-image', 'rich-title', 'presets', 'identity']));
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

  it('has a one-click button for every preset, and a preset for every button', () => {
    const buttons = [...html.matchAll(/data-preset="(\w+)"/g)].map((m) => m[1]);
    expect(buttons).toEqual(['menu', 'quickReplies', 'carousel', 'invoice', 'hostile']);
    const presets = [...script.matchAll(/^ {2}(\w+): async/gm)].map((m) => m[1]);
    expect(presets).toEqual(buttons);
  });
});
