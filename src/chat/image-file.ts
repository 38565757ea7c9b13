// How the visitor's image is checked and scaled down before it is queued (image.ts has the rules and the error).
import { ImageRejectedError, type ImageType, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE } from './image';

/** File signatures; `-1` matches any byte (the RIFF chunk size of WebP). */
const SIGNATURES: [ImageType, number[]][] = [
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
  ['image/webp', [0x52, 0x49, 0x46, 0x46, -1, -1, -1, -1, 0x57, 0x45, 0x42, 0x50]],
];

/** The type the first 12 bytes of a file say it is, or null for anything else. */
export function sniffImageType(head: Uint8Array): ImageType | null {
  const match = SIGNATURES.find(([, bytes]) => bytes.every((b, i) => b < 0 || head[i] === b));
  return match ? match[0] : null;
}

/** The size to draw an image at so that its longer side is at most `maxSide`; never scaled up. */
export function fitWithin(width: number, height: number, maxSide = MAX_IMAGE_SIDE): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Whether an image must be re-encoded before an upload of at most `maxBytes`. */
export const needsDownscale = (bytes: number, width: number, height: number, maxBytes = MAX_IMAGE_BYTES): boolean =>
  bytes > maxBytes || Math.max(width, height) > MAX_IMAGE_SIDE;

/**
 * Checks a file's type by its bytes; a GIF over the backend's limit is refused at once, since it is never
 * re-encoded.
 */
export async function checkImage(file: Blob, maxBytes: number): Promise<ImageType> {
  const type = sniffImageType(new Uint8Array(await file.slice(0, 12).arrayBuffer()));
  if (!type) throw new ImageRejectedError('unsupported');
  if (type === 'image/gif' && file.size > maxBytes) throw new ImageRejectedError('tooLarge');
  return type;
}

/**
 * The bytes to upload: the file itself when it is fine, else a JPEG within MAX_IMAGE_SIDE (a few MB at most).
 * `createImageBitmap` applies the EXIF orientation, so a phone photo stays upright without its EXIF data.
 */
export async function prepareImage(file: Blob, type: ImageType, maxBytes: number): Promise<Blob> {
  if (type === 'image/gif') return file;
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  if (!needsDownscale(file.size, bitmap.width, bitmap.height, maxBytes)) return file;
  const size = fitWithin(bitmap.width, bitmap.height);
  const canvas = Object.assign(document.createElement('canvas'), size);
  const context = canvas.getContext('2d')!;
  // JPEG has no transparency: a transparent PNG gets a white background rather than a black one.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, size.width, size.height);
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  bitmap.close();
  const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!jpeg || jpeg.size > maxBytes) throw new ImageRejectedError('tooLarge');
  return jpeg;
}
