import { useState } from 'react';
import type { FileCreatePreview, FilePreview, FileRenamePreview, FilesMovePreview, FilesTrashPreview } from '@shared/domain/previews';
import { fullTime, shortWhen } from '../format/time';

/** How many files show before "and N more"; one more than this shows them all instead. */
const SHOWN = 3;

/** Files a step would move, and where to. */
export function FilesMovePreviewView({ preview }: { preview: FilesMovePreview }) {
  return (
    <div className="preview">
      <p className="preview__line">
        Into <strong>{preview.toFolder}</strong>
        {preview.createsFolder ? ' (a new folder)' : ''}
      </p>
      <FileList files={preview.files} label={`Files that would move to ${preview.toFolder}`} />
    </div>
  );
}

/** Copies a step would put in the Trash, and the originals that stay. */
export function FilesTrashPreviewView({ preview }: { preview: FilesTrashPreview }) {
  return (
    <div className="preview">
      <FileList files={preview.files} label="Files that would go to the Trash" />
      {preview.keeps.length > 0 ? <p className="preview__line">Kept: {preview.keeps.map((file) => file.shownPath).join(', ')}</p> : null}
    </div>
  );
}

/** A file renamed where it is: the old name and the new one. */
export function FileRenamePreviewView({ preview }: { preview: FileRenamePreview }) {
  return (
    <div className="preview">
      <FileList files={[preview.file]} label="File that would be renamed" />
      <p className="preview__line">
        New name: <strong>{preview.newName}</strong>
      </p>
    </div>
  );
}

/** A new file: where it goes and the start of what it holds. Nothing is overwritten. */
export function FileCreatePreviewView({ preview }: { preview: FileCreatePreview }) {
  return (
    <div className="preview">
      <p className="preview__line">
        New file <strong>{preview.shownPath}</strong> ({sizeOf(preview.size)})
      </p>
      <div className="draft-body">
        <p className="draft-body__text draft-body__text--clamped">{preview.text}</p>
      </div>
      <p className="preview__note">Written only if no file of that name is there; undo moves it to the Trash.</p>
    </div>
  );
}

function FileList({ files, label }: { files: readonly FilePreview[]; label: string }) {
  const [expanded, setExpanded] = useState(false);
  const capped = !expanded && files.length > SHOWN + 1;
  const shown = capped ? files.slice(0, SHOWN) : files;
  return (
    <>
      <ul className="message-list" aria-label={label}>
        {shown.map((file) => (
          <li key={file.shownPath} className="message-row message-row--file" title={file.shownPath}>
            <span className="message-row__from">{file.name}</span>
            <span className="message-row__date">{sizeOf(file.size)}</span>
            <time className="message-row__date" dateTime={file.modifiedAt} title={fullTime(file.modifiedAt)}>
              {shortWhen(file.modifiedAt)}
            </time>
          </li>
        ))}
      </ul>
      {capped ? (
        <button type="button" className="preview__more" aria-expanded={false} onClick={() => setExpanded(true)}>
          and {files.length - SHOWN} more
        </button>
      ) : null}
    </>
  );
}

function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
