import { Component, h } from 'preact';
import type { Message } from '../transport/types';
import type { Strings } from './i18n';
import { ImageBox } from './ImageBox';
import { safeHref } from './markdown';
import type { ChatActions } from './view';

/** An image in the viewer: its message, its URL, and the control that opened it (focus goes back there). */
export interface OpenedImage {
  id: string;
  url: string;
  opener: HTMLElement;
}

export type OpenImage = (image: OpenedImage) => void;

export interface MessageImageProps {
  message: Message;
  fetchImage: ChatActions['fetchImage'];
  t: Strings;
  onOpen: OpenImage;
}

/**
 * The image of a message, in a box of a fixed size so the list does not jump when it loads. The visitor's own
 * image shows from the picked bytes; any other is asked of the transport once it scrolls near the view: bytes
 * (fetched with the same headers as every request), shown from an object URL that is revoked when the image goes,
 * or an http(s) URL shown as it is.
 */
export class MessageImage extends Component<MessageImageProps, { url?: string; broken?: boolean }> {
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
    if (this.state.url?.startsWith('blob:')) URL.revokeObjectURL(this.state.url);
  }

  load() {
    this.observer?.disconnect();
    this.props.fetchImage(this.props.message.image!, this.aborter.signal).then(
      (blob) => this.aborter.signal.aborted || this.show(blob),
      () => this.aborter.signal.aborted || this.setState({ broken: true }),
    );
  }

  show(image: Blob | string) {
    // Only an http(s) URL from the transport goes into an `<img src>`.
    const url = typeof image === 'string' ? safeHref(image, /^https?:$/) : URL.createObjectURL(image);
    this.setState(url ? { url } : { broken: true });
  }

  render({ message, t, onOpen }: MessageImageProps, { url, broken }: { url?: string; broken?: boolean }) {
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
