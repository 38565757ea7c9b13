import { fileURLToPath } from 'node:url';
import { type MinifyOptions, minify } from 'terser';
import { type BuildOptions, defineConfig, type Plugin } from 'vite';
import { INTERNAL_NAMES } from './scripts/internal-names.js';
import { LANGUAGES } from './src/ui/i18n-core';

// The builds into dist/ (see the modes below). Preact is bundled into each; it is never a peer dependency of users.
// Chrome 100, not 90: for older Chrome esbuild rewrites every `?.` around a V8 bug, at 300 bytes gzipped.
const target = ['es2022', 'chrome100', 'safari15', 'firefox100'];

// Property names only the bundle itself uses: ours (scripts/internal-names.js) and Preact's private `__x` names
// (it publishes them unmangled for its devtools, which never see this private copy).
const mangled = new RegExp(`^(${INTERNAL_NAMES.join('|')}|__(?!html$|proto__$|esModule$)\\w+|_sb)$`);

// The script-tag builds get a few lines of signals in place of @preact/signals-core, and a small renderer in place of
// Preact (src/lib/signals.ts and src/lib/preact.ts say why).
const embedAliases = {
  '@preact/signals-core': fileURLToPath(new URL('src/lib/signals.ts', import.meta.url)),
  preact: fileURLToPath(new URL('src/lib/preact.ts', import.meta.url)),
};

const terserOptions: MinifyOptions = {
  ecma: 2020,
  // inline: 1 inlines only simple functions: a big factory inlined at its one call moves away from the code
  // it shares strings with, past gzip's 32 KB window (about 25 bytes).
  compress: {
    inline: 1,
    passes: 2,
    unsafe_comps: true,
    unsafe_math: true,
    pure_getters: true,
    unsafe: true,
    unsafe_arrows: true,
    unsafe_methods: true,
  },
  format: { comments: false },
  mangle: { properties: { regex: mangled } },
};

/** The script-tag builds: minified with terser, internal names mangled, the lite signals and renderer. */
const scriptTag = (lib: NonNullable<BuildOptions['lib']>): BuildOptions => ({
  target,
  emptyOutDir: false,
  minify: 'terser',
  terserOptions,
  lib,
});

/**
 * Minifies a build's chunks one after another with one cache of mangled property names: an internal name read in
 * one chunk and written in another must be mangled alike (Vite minifies each chunk on its own).
 */
const minifyTogether = (): Plugin => ({
  name: 'minify-together',
  async generateBundle(_, bundle) {
    let props: object | undefined;
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const nameCache: { props?: object } = { props };
      chunk.code = (await minify(chunk.code, { ...terserOptions, module: true, nameCache })).code!;
      props = nameCache.props;
    }
  },
});

/** The modules the chat's entry imports statically, all of which go into the chunk `core.js`. */
function staticGraph(entry: string, info: (id: string) => { importedIds: readonly string[] } | null): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const next of info(id)?.importedIds ?? []) visit(next);
  };
  visit(entry);
  return seen;
}

const CHAT_ENTRY = fileURLToPath(new URL('src/element/chat.ts', import.meta.url));
let core: Set<string> | undefined;

/**
 * The chunks, each entry loaded by its URL (src/lib/chunks.ts): `chat.js` only re-exports `core.js`, the chat
 * itself; the entries loaded later (images, the image checks, rich messages and Parley's mapping of them, other
 * languages) import `core.js`. After a failed load an entry is asked for as `chat.js?retry=N` (Firefox keeps a
 * failed module's error for its URL), and the chunks still share the one copy of `core.js` that is running.
 */
const chunks = (onKommunicate: boolean): BuildOptions => ({
  ...scriptTag({
    entry: {
      chat: CHAT_ENTRY,
      ...Object.fromEntries(LANGUAGES.slice(1).map((lang) => [`lang-${lang}`, `src/ui/lang/${lang}.ts`])),
      images: 'src/ui/images.ts',
      rich: 'src/ui/rich.ts',
      'image-file': 'src/chat/image-file.ts',
      ...(!onKommunicate && { 'parley-rich': 'src/transport/parley/rich.ts' }),
    },
    formats: ['es'],
    fileName: (_format, name) => `parley-chat/${name}.js`,
  }),
  minify: false,
  cssMinify: true,
  rollupOptions: {
    output: {
      chunkFileNames: 'parley-chat/[name].js',
      manualChunks(id, { getModuleInfo }) {
        core ??= staticGraph(CHAT_ENTRY, getModuleInfo);
        return core.has(id) ? 'core' : undefined;
      },
    },
  },
});

/**
 * The builds, by mode:
 * - (none): the ESM library, `dist/index.js` and `dist/define.js`, whose chat module a host's bundler may split off;
 * - `embed`: the script-tag loader `dist/parley-chat.js`, which loads the chat from `dist/parley-chat/` on intent;
 * - `chunks`: those chunks, ES modules (`dist/parley-chat/chat.js`);
 * - `full`: everything in one file, `dist/parley-chat.full.js`;
 * - `kommunicate`: the same with the Kommunicate transport in place of Parley's, `dist/parley-chat.kommunicate.js`;
 * - `kommunicate-embed`, `kommunicate-chunks`: the split build with the Kommunicate transport, in `dist/kommunicate/`
 *   (its loader `dist/kommunicate/parley-chat.js` is the same code as Parley's; its `core.js` has the transport).
 */
const SCRIPT_TAG_MODES = ['embed', 'chunks', 'full', 'kommunicate', 'kommunicate-embed', 'kommunicate-chunks'];

/** The Kommunicate build's backend module in place of Parley's (src/element/backend.ts). */
const kommunicateBackend = {
  find: /^\.\/backend$/,
  replacement: fileURLToPath(new URL('src/element/backend-kommunicate.ts', import.meta.url)),
};

export default defineConfig(({ mode: given }) => {
  const onKommunicate = given.startsWith('kommunicate');
  const mode = given.replace(/^kommunicate-/, '');
  return {
    resolve: {
      alias: [
        ...(SCRIPT_TAG_MODES.includes(mode)
          ? Object.entries(embedAliases).map(([find, replacement]) => ({ find, replacement }))
          : []),
        ...(onKommunicate ? [kommunicateBackend] : []),
      ],
    },
    define: mode === 'embed' || mode === 'chunks' ? { 'import.meta.env.PARLEY_CHUNKS': 'true' } : {},
    plugins: mode === 'chunks' ? [minifyTogether()] : [],
    build: {
      ...(given.startsWith('kommunicate-') && { outDir: 'dist/kommunicate' }),
      ...({
        embed: scriptTag({
          entry: 'src/embed.ts',
          formats: ['iife'],
          name: 'ParleyChatScript',
          fileName: () => 'parley-chat.js',
        }),
        chunks: chunks(onKommunicate),
        full: scriptTag({
          entry: 'src/embed.ts',
          formats: ['iife'],
          name: 'ParleyChatScript',
          fileName: () => 'parley-chat.full.js',
        }),
        kommunicate: scriptTag({
          entry: 'src/embed.ts',
          formats: ['iife'],
          name: 'ParleyChatScript',
          fileName: () => 'parley-chat.kommunicate.js',
        }),
      }[mode] ?? {
        target,
        emptyOutDir: false,
        minify: 'esbuild',
        lib: {
          entry: { index: 'src/index.ts', define: 'src/define.ts', kommunicate: 'src/kommunicate.ts' },
          formats: ['es'],
          fileName: (_format, name) => `${name}.js`,
        },
        rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
      }),
    },
  };
});
