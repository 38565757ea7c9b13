import type { Capabilities, Transport } from '../transport/types';
import { MAX_TEXT_LENGTH } from './errors';
import { MAX_IMAGE_BYTES } from './image';
import { defined } from '../lib/objects';

/** What a transport that declares nothing takes: Parley's limits (a typing state lasts 30 s, as the dev server's). */
const DEFAULT_CAPABILITIES: Capabilities = {
  typingExpiresMs: 30_000,
  maxImageBytes: MAX_IMAGE_BYTES,
  maxTextLength: MAX_TEXT_LENGTH,
};

export const capabilitiesOf = (transport: Transport): Capabilities => ({
  ...DEFAULT_CAPABILITIES,
  ...defined(transport.capabilities ?? {}),
});
