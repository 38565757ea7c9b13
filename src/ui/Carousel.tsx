import { Component, createRef, h } from 'preact';
import type { Card, Message } from '../transport/types';
import { Buttons, type ChoiceProps } from './Buttons';
import { FileCard } from './FileCard';
import { fill } from './i18n';
import { MessageImage } from './lazy-images';
import type { OpenImage } from './MessageImage';
import { RichText } from './RichText';
import type { ChatActions } from './view';

export interface CarouselProps extends ChoiceProps {
  message: Message & { cards: Card[] };
  actions: Pick<ChatActions, 'fetchImage' | 'fetchFile'>;
  lang: string;
  onOpenImage: OpenImage;
}

/** Which way the row can still scroll; both false when it does not overflow. */
interface Overflow {
  back?: boolean;
  forward?: boolean;
}

/**
 * A row of cards that scrolls sideways (swipe, the scroll wheel, the arrow keys once focused, and the previous and
 * next buttons that show while the row overflows), snapping to a card. Each card has a fixed width and its image a
 * fixed box, so the row never changes the height of the message list once shown.
 */
export class Carousel extends Component<CarouselProps, Overflow> {
  row = createRef<HTMLUListElement>();
  resizes?: ResizeObserver;

  override componentDidMount() {
    this.measure();
    this.resizes = new ResizeObserver(this.measure);
    // The first card too: its width changes when the chunk's sheet comes, and the row's does not.
    const row = this.row.current!;
    for (const element of [row, row.firstElementChild]) if (element) this.resizes.observe(element);
  }

  override componentWillUnmount() {
    this.resizes?.disconnect();
  }

  measure = () => {
    const { scrollLeft, scrollWidth, clientWidth } = this.row.current!;
    // Right to left, scrollLeft runs from 0 down to negative values.
    const scrolled = Math.abs(scrollLeft);
    const back = scrolled > 1;
    const forward = scrolled + clientWidth < scrollWidth - 1;
    if (back !== Boolean(this.state.back) || forward !== Boolean(this.state.forward)) this.setState({ back, forward });
  };

  /** One card on, or back (-1): as far as a card is wide; the snapping lands it. */
  step(direction: 1 | -1) {
    const row = this.row.current!;
    const card = row.firstElementChild as HTMLElement;
    const rtl = getComputedStyle(row).direction === 'rtl' ? -1 : 1;
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    row.scrollBy({ left: direction * rtl * card.offsetWidth, behavior: smooth ? 'smooth' : 'auto' });
  }

  render({ message, actions, lang, onOpenImage, t, ...choice }: CarouselProps, { back, forward }: Overflow) {
    const { cards } = message;
    const nav = (direction: 1 | -1, enabled?: boolean) =>
      (back || forward) && (
        <button
          type="button"
          class={direction < 0 ? 'nav back' : 'nav forward'}
          aria-label={direction < 0 ? t.previous : t.next}
          // aria-disabled, not disabled: a button that keeps its focus at the end of the row.
          aria-disabled={!enabled}
          onClick={() => enabled && this.step(direction)}
        >
          <span aria-hidden>{direction < 0 ? '‹' : '›'}</span>
        </button>
      );
    return (
      // biome-ignore lint/a11y/useSemanticElements: a fieldset groups form fields; these are cards
      <div part="carousel" class="carousel" role="group" aria-label={t.carousel}>
        {nav(-1, back)}
        <ul class="cards" ref={this.row} onScroll={this.measure}>
          {cards.map((card, i) => (
            <li key={i} part="card" class="card" aria-label={fill(t.cardOf, i + 1, cards.length)}>
              {card.image && (
                <MessageImage
                  message={{ ...message, image: card.image, file: undefined }}
                  fetchImage={actions.fetchImage}
                  t={t}
                  onOpen={onOpenImage}
                />
              )}
              {card.title && <h4 class="msg-title">{card.title}</h4>}
              {card.text && (
                <div class="text">
                  <RichText text={card.text} />
                </div>
              )}
              {card.attachment && (
                <FileCard attachment={card.attachment} fetchFile={actions.fetchFile} lang={lang} t={t} />
              )}
              {card.buttons.length > 0 && <Buttons buttons={card.buttons} t={t} {...choice} />}
            </li>
          ))}
        </ul>
        {nav(1, forward)}
      </div>
    );
  }
}
