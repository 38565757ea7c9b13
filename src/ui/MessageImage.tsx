import { Component } from 'preact';
import type { ChatSession } from '../chat/session';
import type { Strings } from './i18n';

interface Props {
  session: ChatSession;
  imageRef: string;
  t: Strings;
}

/**
 * An image of a message, fetched through the transport (the API may want the same headers as every request)
 * and shown from an object URL that is revoked when the bubble goes. A failure shows a named placeholder.
 */
export class MessageImage extends Component<Props, { url?: string; failed?: boolean }> {
  alive = true;

  override componentDidMount() {
    this.props.session.fetchImage(this.props.imageRef).then(
      (blob) => this.alive && this.setState({ url: URL.createObjectURL(blob) }),
      () => this.alive && this.setState({ failed: true }),
    );
  }

  override componentWillUnmount() {
    this.alive = false;
    if (this.state.url) URL.revokeObjectURL(this.state.url);
  }

  render({ t }: Props, { url, failed }: { url?: string; failed?: boolean }) {
    return failed || !url ? (
      <span part="image" class={failed ? 'image missing' : 'image'} role="img" aria-label={t.image} />
    ) : (
      <img part="image" class="image" src={url} alt={t.image} onError={() => this.setState({ failed: true })} />
    );
  }
}
