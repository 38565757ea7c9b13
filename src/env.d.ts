// Build-time constants (vite.config.ts `define`).
interface ImportMetaEnv {
  /** The split script-tag build (the loader and its chunks): chunks are loaded by URL (lib/chunks.ts). */
  readonly PARLEY_CHUNKS?: boolean;
}
