// Build-time constants (vite.config.ts `define`).
interface ImportMetaEnv {
  /** The split script-tag build: the chat is a chunk beside the loader (load-chat.ts). */
  readonly PARLEY_CHUNKS?: boolean;
}
