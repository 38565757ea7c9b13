import { useLayoutEffect, useState } from 'preact/hooks';
import { MAX_TEXT_LENGTH } from '../chat/errors';
import type { ChatSession } from '../chat/session';
import type { Strings } from './i18n';
import { SendIcon } from './icons';

const MAX_INPUT_HEIGHT = 120;

/** The text field and send button. The draft is view state: it survives a failed send and moving the element. */
export function Composer({ session, t, inputRef }: { session: ChatSession; t: Strings; inputRef: { current: HTMLTextAreaElement | null } }) {
  const [draft, setDraft] = useState('');
  const tooLong = draft.trim().length > MAX_TEXT_LENGTH;
  const canSend = draft.trim() !== '' && !tooLong;

  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, MAX_INPUT_HEIGHT) + 'px';
  }, [draft]);

  const submit = () => {
    if (!canSend) return;
    // The message is in the list (pending, then sent or failed with retry) from here on, so the draft can go.
    session.send(draft).catch(() => {});
    setDraft('');
  };

  return (
    <form
      part="composer"
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={inputRef}
        part="input"
        rows={1}
        value={draft}
        aria-label={t.message}
        placeholder={t.placeholder}
        aria-invalid={tooLong}
        aria-describedby={tooLong ? 'parley-too-long' : undefined}
        enterkeyhint="send"
        onInput={(e) => {
          setDraft(e.currentTarget.value);
          if (e.currentTarget.value.trim()) session.typing();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button part="send" type="submit" class="send" aria-label={t.send} disabled={!canSend}>
        <SendIcon />
      </button>
      {tooLong && (
        <p id="parley-too-long" class="hint" role="alert">
          {t.tooLong(draft.trim().length, MAX_TEXT_LENGTH)}
        </p>
      )}
    </form>
  );
}
