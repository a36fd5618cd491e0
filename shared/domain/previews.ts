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

export type ActionPreview = MovePreview | DraftPreview | FlagsPreview | EventPreview;
