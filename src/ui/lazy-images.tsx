// The components of the images chunk (images.ts), each loaded when it first renders (lazy.ts).
import { h } from 'preact';
import { ImageBox } from './ImageBox';
import { lazy } from './lazy';
import { loadImages } from './load-images';

export const MessageImage = lazy(
  () => loadImages().then((images) => images.MessageImage),
  ({ t }, failed) => <ImageBox t={t} broken={failed} />,
);

// Its chunk has loaded by the time an image can be opened: the image was shown from it.
export const ImageViewer = lazy(
  () => loadImages().then((images) => images.ImageViewer),
  () => null,
);
