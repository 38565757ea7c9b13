// The chat behind the element (ParleyChatElement.ts): the session, the Parley transport, the UI and its styles,
// and the wiring between them. The script-tag loader fetches it as a chunk once the visitor shows intent
// (load-chat.ts); the single-file and npm builds import it as a module. Everything else of the element stays light.
import css from '../ui/styles.css?inline';

export { createChatSession } from '../chat/session';
export { createParleyTransport } from '../transport/parley';
export { mountChat } from '../ui/mount';
export { wireSession } from './wiring';

/** The chat's own stylesheet, after the launcher's. */
export const chatStyles = css;
