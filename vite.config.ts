import { fileURLToPath } from 'node:url';
import { type BuildOptions, defineConfig } from 'vite';
import { INTERNAL_NAMES } from './scripts/internal-names.js';

// The builds into dist/ (see the modes below). Preact is bundled into each; it is never a peer dependency of users.
// Chrome 100, not 90: for older Chrome esbuild rewrites every `?.` around a V8 bug, at 300 bytes gzipped.
const target = ['es2022', 'chrome100', 'safari15', 'firefox100'];

// Property names only the bundle itself uses: ours (scripts/internal-names.js) and Preact's private `__x` names
// (it publishes them unmangled for its devtools, which never see this private copy).
const mangled = new RegExp(`^(${INTERNAL_NAMES.join('|')}|__(?!html$|proto__$|esModule$)\\w+|_sb)$`);

// The script-tag builds get a few lines of signals in place of @preact/signals-core (src/lib/signals.ts says why).
const embedAliases = { '@preact/signals-core': fileURLToPath(new URL('src/lib/signals.ts', import.meta.url)) };

/** The script-tag builds: minified with terser, internal names mangled, the lite signals. */
const scriptTag = (lib: NonNullable<BuildOptions['lib']>): BuildOptions => ({
  target,
  emptyOutDir: false,
  minify: 'terser',
  terserOptions: {
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
  },
  lib,
});

/**
 * The builds, by mode:
 * - (none): the ESM library, `dist/index.js` and `dist/define.js`, whose chat module a host's bundler may split off;
 * - `embed`: the script-tag loader `dist/parley-chat.js`, which loads the chat from `dist/parley-chat/` on intent;
 * - `chunks`: those chunks, ES modules (`dist/parley-chat/chat.js`);
 * - `full`: everything in one file, `dist/parley-chat.full.js`.
 */
const SCRIPT_TAG_MODES = ['embed', 'chunks', 'full'];

export default defineConfig(({ mode }) => ({
  resolve: { alias: SCRIPT_TAG_MODES.includes(mode) ? embedAliases : {} },
  define: mode === 'embed' ? { 'import.meta.env.PARLEY_CHUNKS': 'true' } : {},
  build: {
    embed: scriptTag({
      entry: 'src/embed.ts',
      formats: ['iife'],
      name: 'ParleyChatScript',
      fileName: () => 'parley-chat.js',
    }),
    chunks: scriptTag({ entry: 'src/element/chat.ts', formats: ['es'], fileName: () => 'parley-chat/chat.js' }),
    full: scriptTag({
      entry: 'src/embed.ts',
      formats: ['iife'],
      name: 'ParleyChatScript',
      fileName: () => 'parley-chat.full.js',
    }),
  }[mode] ?? {
    target,
    emptyOutDir: false,
    minify: 'esbuild',
    lib: {
      entry: { index: 'src/index.ts', define: 'src/define.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
}));
