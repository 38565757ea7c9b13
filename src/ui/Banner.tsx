import { h } from 'preact';
import { isRefusal } from '../chat/errors';
import type { Strings } from './i18n';
import type { ChatView } from './view';

export interface BannerState extends Pick<ChatView, 'error' | 'connection'> {
  /** The connection came back a moment ago. */
  backOnline?: boolean;
}

/** The notice about the connection or a lasting error; null while all is well. A lasting error comes first. */
export function bannerText({ error, connection, backOnline }: BannerState, t: Strings): string | null {
  if (error && isRefusal(error)) return t[error.kind];
  if (connection !== 'online') return t[connection];
  return backOnline ? t.backOnline : null;
}

/** The notice, when there is one; styled as an error while the session has one. */
export function Banner(props: BannerState & { t: Strings }) {
  const text = bannerText(props, props.t);
  return (
    text && (
      <div part="banner" class={props.error ? 'banner error' : 'banner'} role="status">
        {text}
      </div>
    )
  );
}
