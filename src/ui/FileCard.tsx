import { Component, h } from 'preact';
import type { Attachment } from '../transport/types';
import { fill, type Strings } from './i18n';
import type { ChatActions } from './view';

export interface FileCardProps {
  attachment: Attachment;
  fetchFile: ChatActions['fetchFile'];
  lang: string;
  t: Strings;
}

/** What the icon says: the name's extension (PDF, DOCX), else the type's subtype; at most four letters. */
const kindOf = ({ name, type }: Attachment): string =>
  (/\.(\w{1,4})$/.exec(name)?.[1] ?? /\/(\w{1,4})/.exec(type)?.[1] ?? '').toUpperCase();

/** The size in the locale's own form (1.2 MB, 1,2 MB). */
function sizeOf(bytes: number, lang: string): string {
  const mega = bytes >= 1e6;
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit: mega ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(Math.max(0.1, bytes / (mega ? 1e6 : 1e3)));
}

/**
 * A file of a message (a PDF invoice): its kind, name and size, and a download that fetches the bytes through the
 * transport (the same headers as every request) and saves them under the file's name.
 */
export class FileCard extends Component<FileCardProps, { busy?: boolean; failed?: boolean; size?: number }> {
  aborter = new AbortController();

  override componentWillUnmount() {
    this.aborter.abort();
  }

  download = () => {
    const { attachment, fetchFile } = this.props;
    this.setState({ busy: true, failed: false });
    fetchFile(attachment.ref, this.aborter.signal).then(
      (blob) => {
        const url = URL.createObjectURL(blob);
        const link = Object.assign(document.createElement('a'), { href: url, download: attachment.name });
        // In the document while clicked: Firefox downloads only from a link that is.
        this.base!.appendChild(link).click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        this.setState({ busy: false, size: blob.size });
      },
      () => this.aborter.signal.aborted || this.setState({ busy: false, failed: true }),
    );
  };

  render(
    { attachment, lang, t }: FileCardProps,
    { busy, failed, size = attachment.size ?? undefined }: FileCard['state'],
  ) {
    return (
      <div part="file" class="file">
        <span class="file-icon" aria-hidden>
          {kindOf(attachment)}
        </span>
        <span class="file-name">
          {attachment.label}
          {size !== undefined && <small>{sizeOf(size, lang)}</small>}
        </span>
        <button
          part="download"
          type="button"
          class="download"
          aria-label={fill(t.download, attachment.label)}
          disabled={busy}
          onClick={this.download}
        >
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden>
            <path d="M12 4v11m-5-5 5 5 5-5M5 20h14" fill="none" stroke="currentColor" stroke-width="2" />
          </svg>
        </button>
        {failed && (
          <span class="hint" role="alert">
            {t.downloadFailed}
          </span>
        )}
      </div>
    );
  }
}
