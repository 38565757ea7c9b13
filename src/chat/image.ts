// What the visitor's image must be before it is uploaded: one of four formats (by its bytes, not its name),
// at most MAX_IMAGE_BYTES, and not needlessly huge. Photos are scaled down in the browser; a GIF is never re-encoded
// (it would lose its animation), so a GIF over the limit is refused. The checks and the scaling are in image-file.ts,
// a chunk of its own in the script-tag build: only a visitor who sends an image loads it.

import { importChunk } from '../lib/chunks';

/** Parley's upload limit. */
export const MAX_IMAGE_BYTES = 10_000_000;
/** A photo with a longer side is scaled down to it: a chat never needs more, and the upload gets fast. */
export const MAX_IMAGE_SIDE = 2560;

export type ImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';
export type ImageRejection = 'unsupported' | 'tooLarge';

/** Thrown by `sendImage` for a file that can never be sent; nothing was queued. */
export class ImageRejectedError extends Error {
  override name = 'ImageRejectedError';
  constructor(readonly reason: ImageRejection) {
    super(reason === 'unsupported' ? 'Only JPEG, PNG, GIF and WebP images can be sent.' : 'The image is too large.');
  }
}

/** The checks and the scaling, loaded when first needed (a chunk beside this one in the split script-tag build). */
export const imageFile = (): Promise<typeof import('./image-file')> =>
  import.meta.env.PARLEY_CHUNKS ? importChunk(import.meta.url, 'image-file.js') : import('./image-file');
