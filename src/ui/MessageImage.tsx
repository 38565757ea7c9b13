import { Component, h } from 'preact';
import type { Message } from '../transport/types';
import type { Strings } from './i18n';
import { ImageBox } from './ImageBox';
import type { ChatActions } from './view';

/** An image in the viewer: its message, its URL, and the control that opened it (focus goes back there). */
export interface OpenedImage {
  id: string;
  url: string;
  opener: HTMLElement;
}

export type OpenImage = (image: OpenedImage) => void;

interface Props {
  message: Message;
  fetchImage: ChatActions['fetchImage'];
  t: Strings;
  onOpen: OpenImage;
}

/**
 * The image of a message, in a box of a fixed size so the list does not jump when it loads. The visitor's own
 * image shows from the picked bytes; any other is fetched through the transport (the same headers as every
 * request) once it scrolls near the view. Shown from an object URL that is revoked when the image goes.
 */
export class MessageImage extends Component<Props, { url?: string; broken?: boolean }> {
  observer?: IntersectionObserver;
  aborter = new AbortController();

  override componentDidMount() {
    const { file } = this.props.message;
    if (file) return this.show(file);
    if (typeof IntersectionObserver === 'undefined') return this.load();
    this.observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && this.load(), {
      rootMargin: '200px',
    });
    this.observer.observe(this.base as Element);
  }

  override componentWillUnmount() {
    this.observer?.disconnect();
    this.aborter.abort();
    if (this.state.url) URL.revokeObjectURL(this.state.url);
  }

  load() {
    this.observer?.disconnect();
    this.props.fetchImage(this.props.message.image!, this.aborter.signal).then(
      (blob) => this.aborter.signal.aborted || this.show(blob),
      () => this.aborter.signal.aborted || this.setState({ broken: true }),
    );
  }

  show(blob: Blob) {
    this.setState({ url: URL.createObjectURL(blob) });
  }

  render({ message, t, onOpen }: Props, { url, broken }: { url?: string; broken?: boolean }) {
    return url && !broken ? (
      <button
        part="image-button"
        type="button"
        class="image-button"
        aria-label={t.image}
        onClick={(e) => onOpen({ id: message.id, url, opener: e.currentTarget })}
      >
        <img part="image" class="image" src={url} alt="" onError={() => this.setState({ broken: true })} />
      </button>
    ) : (
      <ImageBox t={t} broken={Boolean(broken)} />
    );
  }
}
