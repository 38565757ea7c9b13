import { h } from 'preact';
import type { Strings } from './i18n';
import { CloseIcon } from './icons';

export interface ImageViewerProps {
  url: string;
  t: Strings;
  onClose: () => void;
}

// A ref that stays the same between renders is applied once, when the viewer opens: focus goes in then only.
const focus = (button: HTMLButtonElement | null) => button?.focus();

/** The image over the panel, with a link to the original and a close button (Escape closes it too, see App). */
export const ImageViewer = ({ url, t, onClose }: ImageViewerProps) => (
  <div part="viewer" class="viewer" role="dialog" aria-modal="true" aria-label={t.image}>
    <img src={url} alt="" />
    <a part="original" href={url} target="_blank" rel="noopener noreferrer">
      {t.original}
    </a>
    <button ref={focus} part="viewer-close" type="button" class="icon-button" aria-label={t.close} onClick={onClose}>
      <CloseIcon />
    </button>
  </div>
);
