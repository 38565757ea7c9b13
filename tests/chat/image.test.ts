import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES, MAX_IMAGE_SIDE } from '../../src/chat/image';
import { fitWithin, needsDownscale, sniffImageType } from '../../src/chat/image-file';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('sniffImageType', () => {
  it.each([
    ['image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF')],
    ['image/png', bytes(0x89, 'PNG\r\n\x1a\n', 0, 0)],
    ['image/gif', bytes('GIF89a', 1, 0, 1, 0)],
    ['image/gif', bytes('GIF87a', 1, 0, 1, 0)],
    ['image/webp', bytes('RIFF', 0x24, 0, 0, 0, 'WEBP')],
  ])('knows %s by its signature', (type, head) => {
    expect(sniffImageType(head)).toBe(type);
  });

  it.each([
    ['SVG', bytes('<svg xmlns=')],
    ['HEIC', bytes(0, 0, 0, 0x18, 'ftypheic')],
    ['PDF', bytes('%PDF-1.7\n')],
    ['a WAV file (RIFF, not WEBP)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVE')],
    ['an empty file', bytes()],
    ['a truncated PNG', bytes(0x89, 'PN')],
  ])('refuses %s', (_name, head) => {
    expect(sniffImageType(head)).toBeNull();
  });
});

describe('the downscale decision', () => {
  it('leaves an image within both limits alone', () => {
    expect(needsDownscale(MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, 100)).toBe(false);
  });

  it('scales an image over the byte limit, or with a side over the pixel limit', () => {
    expect(needsDownscale(MAX_IMAGE_BYTES + 1, 1000, 1000)).toBe(true);
    expect(needsDownscale(1000, MAX_IMAGE_SIDE + 1, 10)).toBe(true);
    expect(needsDownscale(1000, 10, MAX_IMAGE_SIDE + 1)).toBe(true);
  });

  it('fits a 12-megapixel photo within 2560 pixels, keeping its proportions', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 2560, height: 1920 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1920, height: 2560 });
  });

  it('never scales up, and never down to nothing', () => {
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(100_000, 2)).toEqual({ width: 2560, height: 1 });
  });
});
