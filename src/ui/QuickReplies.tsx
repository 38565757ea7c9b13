import { h } from 'preact';
import type { Strings } from './i18n';

export interface QuickRepliesProps {
  replies: string[];
  choose(reply: string): void;
  t: Strings;
}

/** The newest message's quick replies, as chips above the composer; they go once anything newer arrives. */
export const QuickReplies = ({ replies, choose, t }: QuickRepliesProps) => (
  // biome-ignore lint/a11y/useSemanticElements: a fieldset groups form fields; these are answers to a message
  <div part="quick-replies" class="quick" role="group" aria-label={t.quickReplies}>
    {replies.map((reply, i) => (
      <button key={i} part="quick-reply" type="button" class="chip" onClick={() => choose(reply)}>
        {reply}
      </button>
    ))}
  </div>
);
