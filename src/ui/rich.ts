// What agents and bots send beyond text and images: buttons, files, carousels and quick replies. A chunk of its own
// in the split script-tag build, loaded when the first such message shows (lazy-rich.tsx), so a text conversation
// never loads it; its styles come with it.
import { Component, type ComponentType, h } from 'preact';
import { adoptSheet } from '../lib/sheet';
import { Buttons as ButtonsView } from './Buttons';
import { Carousel as CarouselView } from './Carousel';
import { FileCard as FileCardView } from './FileCard';
import { QuickReplies as QuickRepliesView } from './QuickReplies';
import css from './rich.css?inline';

/** The shadow roots that have this chunk's sheet. */
const styled = new WeakSet<Node>();

/** The component, whose shadow root gets this chunk's sheet when the first of them shows in it. */
function withSheet<P extends object>(View: ComponentType<P>): ComponentType<P> {
  return class extends Component<P> {
    override componentDidMount() {
      const root = this.base?.getRootNode();
      if (!(root instanceof ShadowRoot) || styled.has(root)) return;
      styled.add(root);
      // Without constructed sheets, a <style> needs the nonce the chat's own <style> has (a strict CSP).
      adoptSheet(root, root.querySelector('style')?.nonce || null, css);
    }

    override render(props: P) {
      return h(View, props);
    }
  };
}

export const Buttons = withSheet(ButtonsView);
export const Carousel = withSheet(CarouselView);
export const FileCard = withSheet(FileCardView);
export const QuickReplies = withSheet(QuickRepliesView);
