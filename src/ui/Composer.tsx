import { Component, createRef, h, type RefObject } from 'preact';
import { ImageRejectedError, type ImageRejection, imageFile } from '../chat/image';
import { fill, type Strings } from './i18n';
import { CloseIcon, ImageIcon, SendIcon } from './icons';
import type { ChatActions } from './view';

interface Props {
  actions: Pick<ChatActions, 'send' | 'sendImage' | 'typing' | 'capabilities'>;
  t: Strings;
  input: RefObject<HTMLTextAreaElement>;
  /** The account accepts images (config `allowImage`): the attach button, paste and drop are on. */
  allowImage: boolean;
}

interface State {
  draft: string;
  /** The image picked for the next message, with its preview URL. */
  image: { file: Blob; url: string } | null;
  /** Why the last image picked is not in the preview: refused, or its checks could not load (offline). */
  refused: ImageRejection | 'imageUnavailable' | null;
}

/**
 * The text field, the image preview and the send button. Draft and picked image are view state: they survive a
 * failed send and moving the element.
 */
export class Composer extends Component<Props, State> {
  state: State = { draft: '', image: null, refused: null };
  fileInput = createRef<HTMLInputElement>();

  override componentDidUpdate(_: Props, previous: State) {
    const input = this.props.input.current;
    // The field grows with its text; the stylesheet's max-height (120px) caps it, then it scrolls. Measuring forces
    // a layout: only when the text changed.
    if (!input || previous.draft === this.state.draft) return;
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight}px`;
  }

  override componentWillUnmount() {
    this.setImage(null);
  }

  setImage(image: State['image']) {
    if (this.state.image) URL.revokeObjectURL(this.state.image.url);
    this.setState({ image });
  }

  /** A file from the attach button, a paste or a drop: checked by its bytes, then previewed until sent. */
  pick = async (file: Blob | null | undefined) => {
    if (!file || !this.props.allowImage) return;
    try {
      await (await imageFile()).checkImage(file, this.props.actions.capabilities().maxImageBytes);
      this.setImage({ file, url: URL.createObjectURL(file) });
      this.setState({ refused: null });
    } catch (e) {
      this.setState({ refused: e instanceof ImageRejectedError ? e.reason : 'imageUnavailable' });
    }
  };

  /** Sends on submit and on Enter (Shift+Enter adds a line): the image first, then the text as its caption. */
  submit = (e: Event) => {
    e.preventDefault();
    const { draft, image } = this.state;
    const length = draft.trim().length;
    if ((!length && !image) || length > this.props.actions.capabilities().maxTextLength) return;
    const { actions } = this.props;
    // Each message is in the list (pending, then sent or failed with retry) from here on, so the draft can go.
    if (image) {
      actions.sendImage(image.file).catch((error: unknown) => {
        if (error instanceof ImageRejectedError) this.setState({ refused: error.reason });
      });
      this.setImage(null); // its URL goes: the message shows the file itself
    }
    if (length) actions.send(draft).catch(() => {});
    this.setState({ draft: '', refused: null });
  };

  render({ actions, t, input, allowImage }: Props, { draft, image, refused }: State) {
    const length = draft.trim().length;
    const { maxTextLength, maxImageBytes } = actions.capabilities();
    const tooLong = length > maxTextLength;
    // The backend's image limit in whole megabytes (10 for Parley's 10,000,000 bytes, 26 for 25 MiB).
    const hint = tooLong
      ? fill(t.tooLong, length, maxTextLength)
      : refused && fill(t[refused], Math.round(maxImageBytes / 1e6));
    return (
      <form part="composer" class="composer" onSubmit={this.submit}>
        {image && (
          <div part="preview" class="preview">
            <span>
              <img src={image.url} alt={t.image} />
              <button
                part="remove-image"
                type="button"
                class="icon-button"
                aria-label={t.removeImage}
                onClick={() => this.setImage(null)}
              >
                <CloseIcon />
              </button>
            </span>
          </div>
        )}
        {allowImage && (
          <button
            part="attach"
            type="button"
            class="icon-button"
            aria-label={t.attach}
            onClick={() => {
              imageFile().catch(() => {}); // loads while the visitor chooses
              this.fileInput.current?.click();
            }}
          >
            <ImageIcon />
          </button>
        )}
        {allowImage && (
          <input
            ref={this.fileInput}
            type="file"
            accept="image/jpeg,image/png,image/gif,image/webp"
            hidden
            onChange={(e) => {
              const picker = e.currentTarget;
              void this.pick(picker.files?.[0]);
              picker.value = ''; // picking the same file again still fires change
            }}
          />
        )}
        <textarea
          ref={input}
          part="input"
          rows={1}
          value={draft}
          aria-label={t.message}
          placeholder={t.placeholder}
          aria-invalid={tooLong}
          aria-describedby={hint ? 'hint' : undefined}
          enterkeyhint="send"
          onInput={(e) => {
            const value = e.currentTarget.value;
            this.setState({ draft: value });
            if (value.trim()) actions.typing();
          }}
          onKeyDown={(e) => {
            // Safari ends an IME composition before the Enter that confirms it: that keydown has isComposing
            // false, and only keyCode 229 tells it is not the visitor's Enter to send.
            if (e.key === 'Enter' && !(e.shiftKey || e.isComposing || e.keyCode === 229)) this.submit(e);
          }}
          onPaste={(e) => {
            const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
            if (file && allowImage) {
              e.preventDefault();
              void this.pick(file);
            }
          }}
        />
        <button part="send" type="submit" class="send" aria-label={t.send} disabled={(!length && !image) || tooLong}>
          <SendIcon />
        </button>
        {hint && (
          <p id="hint" class="hint" role="alert">
            {hint}
          </p>
        )}
      </form>
    );
  }
}
