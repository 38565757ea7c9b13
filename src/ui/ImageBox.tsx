import { h } from 'preact';
import type { Strings } from './i18n';

/** An image's box before it shows, or when it cannot: the size of the image to come, so the list does not jump. */
export const ImageBox = ({ t, broken }: { t: Strings; broken: boolean }) => (
  <span
    part="image"
    class={broken ? 'image broken' : 'image'}
    role="img"
    aria-label={broken ? t.imageMissing : t.image}
  />
);
