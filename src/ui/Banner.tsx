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
  if (error?.details.code === 'authentication_required') return t.signIn;
  if (error && isRefusal(error)) return t[error.kind];
  if (connection !== 'online') return t[connection];
  return backOnline ? t.backOnline : null;
}

/**
 * The notice, when there is one; styled as an error while the session has one. An ended conversation offers a new
 * one (`startNew`).
 */
export function Banner(props: BannerState & { t: Strings; startNew(): void }) {
  const { t, error } = props;
  const text = bannerText(props, t);
  return (
    text && (
      <div part="banner" class={error ? 'banner error' : 'banner'} role="status">
        {text}
        {error?.kind === 'ended' && (
          <button type="button" class="link" onClick={props.startNew}>
            {t.startNew}
          </button>
        )}
      </div>
    )
  );
}
