import { useEffect, useState } from 'preact/hooks';
import type { ChatSession } from '../chat/session';
import type { Strings } from './i18n';

/**
 * An image of a message, fetched through the transport (the API may want the same headers as every request)
 * and shown from an object URL that is revoked when the bubble goes. A failure shows a named placeholder.
 */
export function MessageImage({ session, imageRef, t }: { session: ChatSession; imageRef: string; t: Strings }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let objectUrl: string | null = null;
    let alive = true;
    session.fetchImage(imageRef).then(
      (blob) => {
        if (!alive) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [imageRef]);

  if (failed || !url) {
    return <span part="image" class={failed ? 'image missing' : 'image loading'} role="img" aria-label={t.image} />;
  }
  return <img part="image" class="image" src={url} alt={t.image} onError={() => setFailed(true)} />;
}
