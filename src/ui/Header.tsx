import { h } from 'preact';
import { fill, type Strings } from './i18n';
import { CloseIcon, PhoneIcon } from './icons';

interface Props {
  title: string;
  /** The account's telephone number (config `telephone`): a link that calls it. */
  telephone?: string | null;
  canClose: boolean;
  t: Strings;
  onClose: () => void;
}

export function Header({ title, telephone, canClose, t, onClose }: Props) {
  return (
    <header part="header" class="header">
      <h2 part="title" class="title">
        {title}
      </h2>
      {telephone && (
        <a class="icon-button" href={`tel:${telephone.replace(/[^+\d]/g, '')}`} aria-label={fill(t.call, telephone)}>
          <PhoneIcon />
        </a>
      )}
      {canClose && (
        <button part="close" type="button" class="icon-button" aria-label={t.closeChat} onClick={onClose}>
          <CloseIcon />
        </button>
      )}
    </header>
  );
}
