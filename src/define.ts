// `import 'parley-chat/define'`: registers <parley-chat>.
import { defineParleyChat } from './element/define';

defineParleyChat();
