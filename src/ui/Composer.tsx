import { Component, h, type RefObject } from 'preact';
import { MAX_TEXT_LENGTH } from '../chat/errors';
import type { ChatSession } from '../chat/session';
import { fill, type Strings } from './i18n';
import { SendIcon } from './icons';

interface Props {
  session: ChatSession;
  t: Strings;
  input: RefObject<HTMLTextAreaElement>;
}

/** The text field and send button. The draft is view state: it survives a failed send and moving the element. */
export class Composer extends Component<Props, { draft: string }> {
  state = { draft: '' };

  override componentDidUpdate() {
    const input = this.props.input.current;
    if (!input) return;
    // The field grows with its text; the stylesheet's max-height (120px) caps it, then it scrolls.
    input.style.height = 'auto';
    input.style.height = input.scrollHeight + 'px';
  }

  /** Sends the draft on submit and on Enter (Shift+Enter adds a line). */
  submit = (e: Event) => {
    e.preventDefault();
    const { draft } = this.state;
    const length = draft.trim().length;
    if (!length || length > MAX_TEXT_LENGTH) return;
    // The message is in the list (pending, then sent or failed with retry) from here on, so the draft can go.
    this.props.session.send(draft).catch(() => {});
    this.setState({ draft: '' });
  };

  render({ session, t, input }: Props, { draft }: { draft: string }) {
    const length = draft.trim().length;
    const tooLong = length > MAX_TEXT_LENGTH;
    return (
      <form part="composer" class="composer" onSubmit={this.submit}>
        <textarea
          ref={input}
          part="input"
          rows={1}
          value={draft}
          aria-label={t.message}
          placeholder={t.placeholder}
          aria-invalid={tooLong}
          aria-describedby={tooLong ? 'too-long' : undefined}
          enterkeyhint="send"
          onInput={(e) => {
            const value = e.currentTarget.value;
            this.setState({ draft: value });
            if (value.trim()) session.typing();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) this.submit(e);
          }}
        />
        <button part="send" type="submit" class="send" aria-label={t.send} disabled={!length || tooLong}>
          <SendIcon />
        </button>
        {tooLong && (
          <p id="too-long" class="hint" role="alert">
            {fill(t.tooLong, length, MAX_TEXT_LENGTH)}
          </p>
        )}
      </form>
    );
  }
}
