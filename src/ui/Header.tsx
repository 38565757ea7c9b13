import { h } from 'preact';
import { fill, type Strings } from './i18n';
import { CloseIcon, PhoneIcon } from './icons';

interface Props {
  title: string;
  /** The account's telephone number (config `telephone`): a link that calls it. */
  telephone?: string | null;
  t: Strings;
  /** Shows the close button; absent when the visitor may not close the chat. */
  onClose?: () => void;
}

export const Header = ({ title, telephone, t, onClose }: Props) => (
  <header part="header" class="header">
    <h2 part="title" class="title">
      {title}
    </h2>
    {telephone && (
      <a class="icon-button" href={`tel:${telephone.replace(/[^+\d]/g, '')}`} aria-label={fill(t.call, telephone)}>
        <PhoneIcon />
      </a>
    )}
    {onClose && (
      <button part="close" type="button" class="icon-button" aria-label={t.closeChat} onClick={onClose}>
        <CloseIcon />
      </button>
    )}
  </header>
);
