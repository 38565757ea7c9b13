import { h } from 'preact';
import type { MessageButton } from '../transport/types';
import type { Strings } from './i18n';
import { safeHref } from './markdown';

export interface ChoiceProps {
  /** The message can still be answered: it is the newest (src/chat/choices.ts). */
  open: boolean;
  /** The reply the visitor chose in the message, when they did. */
  chosen: string | null;
  choose(reply: string): void;
  t: Strings;
}

/** One button. The URLs are checked again here: a custom transport's message is as untrusted as Parley's. */
function Button({
  button: { action, label, value },
  open,
  chosen,
  choose,
  t,
}: ChoiceProps & { button: MessageButton }) {
  if (action === 'unsupported') return <span class="unsupported">{t.cantShow}</span>;
  if (action === 'text') return <span class="choice inert">{label}</span>;
  const href = value && action !== 'reply' && safeHref(value, action === 'link' ? /^https?:$/ : /^tel:$/);
  if (href)
    return action === 'link' ? (
      <a part="button" class="choice" href={href} target="_blank" rel="noopener noreferrer">
        {label}
        <span class="sr"> ({t.newTab})</span>
      </a>
    ) : (
      <a part="button" class="choice" href={href}>
        {label}
      </a>
    );
  // A link or number that is not safe to open shows as text; a button without a value is disabled.
  if (value !== null && action !== 'reply') return <span class="choice inert">{label}</span>;
  const picked = value !== null && value === chosen;
  return (
    <button
      part="button"
      type="button"
      class={picked ? 'choice chosen' : 'choice'}
      // Without a value it does nothing; once chosen, or when newer messages came, the set is decided.
      disabled={!open || value === null}
      aria-pressed={picked || undefined}
      onClick={() => choose(value!)}
    >
      {label}
    </button>
  );
}

/** A message's (or a card's) buttons, in a column. */
export const Buttons = ({ buttons, ...props }: ChoiceProps & { buttons: MessageButton[] }) => (
  <div part="buttons" class="buttons">
    {buttons.map((button, i) => (
      <Button key={i} button={button} {...props} />
    ))}
  </div>
);
