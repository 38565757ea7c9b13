import { h } from 'preact';
import { CHAT_ICON } from './stand-in';

// Icons as JSX: no HTML strings, no external requests, nothing a strict CSP could block.
const Svg = ({ d }: { d: string }) => (
  <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden>
    <path d={d} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
  </svg>
);

export const ChatIcon = () => <Svg d={CHAT_ICON} />;
export const CloseIcon = () => <Svg d="M6 6l12 12M18 6 6 18" />;
export const SendIcon = () => <Svg d="M4 12 20 4l-4 16-4-7zm8 1 8-9" />;
export const PhoneIcon = () => (
  <Svg d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2" />
);
export const ImageIcon = () => <Svg d="M4 5h16v14H4zm0 11 5-5 4 4 2-2 5 5M15 9h.01" />;
