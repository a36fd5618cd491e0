/**
 * What a step of a plan will do, shown on the card before anything runs. One member per kind
 * of effect; the renderer has one preview component per member.
 */

export interface MessagePreview {
  readonly from: string;
  readonly subject: string;
  readonly date: string;
}

/** Messages that would move from one folder to another (archive, move, trash). */
export interface MovePreview {
  readonly kind: 'move';
  readonly fromMailbox: string;
  readonly toMailbox: string;
  readonly messages: readonly MessagePreview[];
  /** In a list of suggestions, when `messages` names only the first of them: how many there are. */
  readonly messageCount?: number;
}

/** A message that would be saved as a draft (or sent, for email.send). */
export interface DraftPreview {
  readonly kind: 'draft';
  readonly mailbox: string;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
}

/** Flags or keywords that would be set or cleared on messages (label, mark read). */
export interface FlagsPreview {
  readonly kind: 'flags';
  /** In words: "\\Seen" is "read", "\\Flagged" is "flagged", a keyword is itself. */
  readonly add: readonly string[];
  readonly remove: readonly string[];
  readonly mailbox: string;
  readonly messages: readonly MessagePreview[];
  /** In a list of suggestions, when `messages` names only the first of them: how many there are. */
  readonly messageCount?: number;
}

/** An event that would be added, changed, answered or cancelled in a calendar. */
export interface EventPreview {
  readonly kind: 'event';
  /** The event's title as its calendar gives it (untrusted text). */
  readonly title: string;
  /** ISO UTC times of the (first) occurrence; the UI formats them in the user's locale. */
  readonly start: string;
  readonly end: string;
  readonly allDay: boolean;
  /** What would change, in words: "Your answer: accepted", "Added as tentative". */
  readonly change: string;
  /** What undo does, in words (for an answer: the organiser sees both answers). */
  readonly undoNote: string;
}


/** A file as a plan card lists it. */
export interface FilePreview {
  readonly name: string;
  /** The granted folder's name, then the path: "Downloads/report (1).pdf". */
  readonly shownPath: string;
  readonly size: number;
  readonly modifiedAt: string;
}

/** Files that would move into a folder (files.move, files.rename). */
export interface FilesMovePreview {
  readonly kind: 'files-move';
  readonly toFolder: string;
  /** The folder does not exist yet: the step creates it (and undo removes it again when empty). */
  readonly createsFolder: boolean;
  readonly files: readonly FilePreview[];
}

/** Files that would go to the system Trash (files.trash); `keeps` are the originals that stay. */
export interface FilesTrashPreview {
  readonly kind: 'files-trash';
  readonly files: readonly FilePreview[];
  readonly keeps: readonly FilePreview[];
}

/** A file that would be renamed where it is (files.rename). */
export interface FileRenamePreview {
  readonly kind: 'file-rename';
  readonly file: FilePreview;
  readonly newName: string;
}

/** A new text file that would be written (files.create); nothing is overwritten. */
export interface FileCreatePreview {
  readonly kind: 'file-create';
  /** "Projects/Alpha/brief.md". */
  readonly shownPath: string;
  /** The start of what it would hold. */
  readonly text: string;
  readonly size: number;
}

export type ActionPreview = MovePreview | DraftPreview | FlagsPreview | EventPreview | FilesMovePreview | FilesTrashPreview | FileRenamePreview | FileCreatePreview;
