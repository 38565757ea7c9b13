import type { Cache } from './cache';
import { ensureDeviceId } from './connection';
import type { Conversation } from './conversation';
import { capabilitiesOf } from './capabilities';
import { MessageRejectedError } from './errors';
import { ImageRejectedError, imageFile } from './image';
import { entryMessage, localId } from './messages';
import type { OutboxEntry } from './outbox';
import type { State } from './state';

/** What a caller hands in: a text, or an image (its bytes to send, still being prepared, and the bytes to show). */
export type Content = [text: string | null, image?: Promise<Blob>, preview?: Blob];

export interface AdmissionDeps {
  state: State;
  cache: Cache;
  /** The session has read its stored state. */
  started: Promise<unknown>;
  conversation(): Conversation;
  /** The entry is in the store: the leader sends it, a follower hands it to the leader. */
  deliver(entry: OutboxEntry, image?: Blob): void;
}

/** `answers`: the id of the message whose choice the content answers (choices.ts). */
type Admit = (accept: () => Promise<Content>, answers?: string) => Promise<void>;

/**
 * How the visitor's messages enter the outbox: in the order send and sendImage were called, an image with a caption
 * first, the caption second. A text shows once it is stored (a few milliseconds), so what the visitor sees survives
 * a reload; an image shows at once and is stored when it has been scaled down.
 */
function createAdmit({ state, cache, started, conversation, deliver }: AdmissionDeps): Admit {
  /** Each caller's content is accepted after the one before it (checked, its image type known). */
  let accepting: Promise<unknown> = Promise.resolve();
  /** Each entry is stored after the one before it. */
  let storing: Promise<unknown> = Promise.resolve();

  /**
   * Resolves when the message was sent; rejects when it failed, was deleted, `accept` refused it, or the
   * conversation it was written in ended first (a reset: nothing of the old conversation is sent in the new one).
   */
  function admit(accept: () => Promise<Content>, answers?: string): Promise<void> {
    const convo = conversation();
    const accepted = accepting.then(() => started).then(accept);
    accepting = accepted.catch(() => {});
    return accepted.then((content) => {
      convo.scope.check();
      return enter(convo, content, answers);
    });
  }

  function enter(convo: Conversation, [text, image, preview]: Content, answers?: string): Promise<void> {
    const entry: OutboxEntry = { id: localId(), time: Date.now(), text, attempts: 0, ...(answers && { answers }) };
    const show = () => {
      const message = entryMessage(entry, preview);
      convo.own.set(entry.id, message);
      state.messages.value = [...state.messages.value, message];
    };
    if (image) show();
    const done = convo.waiters.wait(entry.id);
    const stored = storing.then(async () => {
      const bytes = await image;
      const outbox = cache.outbox(await ensureDeviceId(convo));
      // Written before anything is sent: from here on a reload or a closed tab cannot lose it.
      // Refused: another tab answered the same choice first (that tab shows its answer).
      if (!(await outbox.add(entry, bytes))) return void convo.settle(entry.id, new MessageRejectedError('closed'));
      if (!convo.scope.alive || convo.finished.has(entry.id)) return void outbox.remove(entry.id);
      if (!image) show();
      deliver(entry, bytes);
    });
    storing = stored.catch(() => {});
    stored.catch((e: unknown) => {
      // An image that cannot be decoded: it goes, it cannot fail again later.
      state.messages.value = state.messages.value.filter((m) => m.id !== entry.id);
      convo.settle(entry.id, e as Error);
    });
    return done;
  }

  return admit;
}

export function createAdmission(deps: AdmissionDeps) {
  const admit = createAdmit(deps);
  return {
    /** Rejects with MessageRejectedError (nothing queued) for an empty or too long text. `answers`: see Admit. */
    text: (text: string, answers?: string) => admitText(admit, deps.conversation, text, answers),
    /**
     * Rejects with ImageRejectedError (nothing queued) for another format, a GIF over the limit, or a backend that
     * takes no images.
     */
    image: (file: Blob) => admitImage(admit, file, capabilitiesOf(deps.conversation().transport()).maxImageBytes),
  };
}

async function admitText(
  admit: Admit,
  conversation: () => Conversation,
  text: string,
  answers?: string,
): Promise<void> {
  const trimmed = String(text).trim();
  if (!trimmed) throw new MessageRejectedError('empty');
  const { maxTextLength } = capabilitiesOf(conversation().transport());
  if (trimmed.length > maxTextLength) throw new MessageRejectedError('tooLong', maxTextLength);
  return admit(async () => {
    conversation().typist.stop();
    return [trimmed];
  }, answers);
}

const admitImage = (admit: Admit, file: Blob, maxBytes: number): Promise<void> =>
  admit(async () => {
    if (!maxBytes) throw new ImageRejectedError('unsupported');
    const { checkImage, prepareImage } = await imageFile();
    const type = await checkImage(file, maxBytes);
    // The outbox keeps the bytes that will be sent: scaled down, when needed, while the original shows.
    const image = prepareImage(file, type, maxBytes).catch((e: unknown) =>
      Promise.reject(e instanceof ImageRejectedError ? e : new ImageRejectedError('unsupported')),
    );
    return [null, image, file];
  });
