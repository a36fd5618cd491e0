/**
 * Granted folders and "what you are working on", as every client sees them (Settings → Folders,
 * `steward folders list`, the popover's context).
 */

/**
 * Where watching a granted folder stands:
 *  - not-watched: this engine does not watch (the CLI without a running Steward)
 *  - starting, scanning: on its way; `scan` says how far
 *  - watching: changes are seen as they happen
 *  - polling: the system would not let Steward watch it, so it looks through it now and then
 *  - unavailable: renamed, unmounted, deleted or unreadable; `problem` says which, in words
 */
export type FolderWatchState = 'not-watched' | 'starting' | 'scanning' | 'watching' | 'polling' | 'unavailable' | 'stopped';

/** Why a folder is unavailable, in a word the UI can show as a badge. */
export type FolderProblem = 'renamed' | 'unmounted' | 'deleted' | 'permission-denied' | 'replaced' | 'not-a-folder' | 'unreadable';

export interface GrantedFolder {
  readonly id: string;
  readonly name: string;
  /** As the user granted it. */
  readonly path: string;
  readonly state: FolderWatchState;
  readonly problem: FolderProblem | null;
  /** What is going on, in a sentence the user can act on ("… was renamed to …; grant the new location"). */
  readonly message: string;
  /** Files and folders indexed so far, and files whose content is still to be read. */
  readonly scan: { readonly files: number; readonly folders: number; readonly contentPending: number; readonly lastScanAt: string | null };
}

export interface WorkingOnFile {
  readonly fileId: string;
  readonly name: string;
  /** "Projects/Alpha/plan.md", the granted folder's name first. */
  readonly shownPath: string;
  readonly modifiedAt: string;
}

/** Recently edited files of one project folder. */
export interface WorkingOnGroup {
  /** "Projects/Alpha" (or the granted folder's name for loose files). */
  readonly label: string;
  readonly folder: string;
  readonly lastEditedAt: string;
  readonly files: readonly WorkingOnFile[];
  /** Recent files in all (files may list fewer). */
  readonly total: number;
}
