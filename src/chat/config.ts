import { defined } from '../lib/objects';
import type { ChatConfig } from '../transport/types';

/** What the chat shows where the backend says nothing: the widget's own title and look, no phone, intro or images. */
export const DEFAULT_CONFIG: ChatConfig = {
  name: null,
  telephone: null,
  allowImage: false,
  hideCloseButton: false,
  intro: null,
  introBorder: false,
  dateBorder: false,
  authorizationRequired: false,
  colors: {},
  backgroundImage: null,
  bubbleShape: 'rounded',
  font: 'system',
};

/** A backend's config completed with the defaults; a field it leaves out or sets to undefined takes the default. */
export const withDefaults = (config: Partial<ChatConfig>): ChatConfig => ({ ...DEFAULT_CONFIG, ...defined(config) });
