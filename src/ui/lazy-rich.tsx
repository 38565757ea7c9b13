// The components of the rich chunk (rich.ts), each loaded when it first renders (lazy.ts).
import { h } from 'preact';
import { importChunk } from '../lib/chunks';
import type { Strings } from './i18n';
import { lazy } from './lazy';

/** rich.ts: a chunk beside this one in the split script-tag build, a module of the bundle otherwise. */
const loadRich = (): Promise<typeof import('./rich')> =>
  import.meta.env.PARLEY_CHUNKS ? importChunk(import.meta.url, 'rich.js') : import('./rich');

/** Nothing while the chunk loads; a neutral line when it cannot. */
const pending = ({ t }: { t: Strings }, failed: boolean) =>
  failed ? <span class="unsupported">{t.cantShow}</span> : null;

export const Buttons = lazy(() => loadRich().then((rich) => rich.Buttons), pending);
export const Carousel = lazy(() => loadRich().then((rich) => rich.Carousel), pending);
export const FileCard = lazy(() => loadRich().then((rich) => rich.FileCard), pending);
export const QuickReplies = lazy(
  () => loadRich().then((rich) => rich.QuickReplies),
  () => null,
);
