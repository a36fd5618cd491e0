/** A file (or folder) as the index keeps it: what it is and where, never more of its content than a bounded excerpt. */
import type { FileKind } from './file-kinds.js';
import type { PathKey } from './path-key.js';

export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

/** A file or folder inside a granted folder, as plans and intents name it. */
export interface FileRef {
  readonly rootId: string;
  /** Relative to the root ("" = the root itself). */
  readonly path: PathKey;
}

/**
 * Where reading a file's content stands. Only 'done' files have a hash; the others say in
 * `contentNote` why not, in words a user can act on.
 *  - pending: not read yet
 *  - done: hashed (and its excerpt taken when it has text)
 *  - unstable: it kept changing while it was read (a download in progress, a log being written)
 *  - unreadable: the OS refused (permissions) or the file vanished
 *  - too-large: bigger than Steward hashes
 *  - linked-outside: a hard link whose other names may be outside the granted folders
 *  - not-file: folders, symbolic links and devices have no content to read
 */
export type ContentState = 'pending' | 'done' | 'unstable' | 'unreadable' | 'too-large' | 'linked-outside' | 'not-file';

/** What stat says about an entry: enough to tell, on a rescan, whether it changed. */
export interface EntryStamp {
  readonly type: EntryType;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  /** Device and inode as decimal strings (inodes can exceed 2^53). */
  readonly dev: string;
  readonly ino: string;
  readonly nlink: number;
}

export interface FileItem {
  readonly id: number;
  readonly rootId: string;
  /** Relative to the root; see path-key.ts. */
  readonly path: PathKey;
  /** For showing: invalid bytes as U+FFFD. */
  readonly displayPath: string;
  readonly name: string;
  readonly type: EntryType;
  readonly kind: FileKind;
  readonly size: number;
  readonly mtimeMs: number;
  readonly modifiedAt: string;
  readonly hash: string | null;
  readonly contentState: ContentState;
  readonly contentNote: string | null;
  /** For folders: the file or folder that makes it a project (".git", "package.json"), if any. */
  readonly projectMarker: string | null;
}

/**
 * Whether an entry is unchanged. A folder's times change whenever something inside it does;
 * that is a change of its children (which have their own entries), not of the folder.
 */
export function sameStamp(a: EntryStamp, b: EntryStamp): boolean {
  if (a.type === 'dir' && b.type === 'dir') return a.dev === b.dev && a.ino === b.ino;
  return a.type === b.type && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.dev === b.dev && a.ino === b.ino;
}
