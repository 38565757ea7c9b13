import { importChunk } from '../lib/chunks';

/** images.ts: a chunk beside this one in the split script-tag build, a module of the bundle otherwise. */
export const loadImages = (): Promise<typeof import('./images')> =>
  import.meta.env.PARLEY_CHUNKS ? importChunk(import.meta.url, 'images.js') : import('./images');
