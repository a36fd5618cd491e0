/**
 * What detectors (and later the agent) want done, before any connector has turned it into
 * concrete steps. The connector that owns the items plans each intent: IMAP archives by moving
 * UIDs, Gmail by removing the INBOX label.
 */
import type { EventTime } from '../items/event/event-item.js';
import type { EventChanges, NewEventSpec } from '../items/event/ics-edit.js';
import type { MailItem } from '../items/mail/mail-item.js';
import type { DraftArgs } from '../items/mail/mail-args.js';
import type { FileIntent } from '../items/file/detectors/file-intents.js';

/** Marks on messages that every mail source has in some form (IMAP flags, Gmail labels). */
export type MailMark =
  /** Flagged / starred: "come back to this". */
  | { readonly kind: 'flagged' }
  /** A label or keyword of the user's own ("Waiting", "$Project"). */
  | { readonly kind: 'keyword'; readonly name: string };

export type StepIntent =
  /** Take these messages out of the inbox, keeping them. */
  | { readonly type: 'mail.archive'; readonly messages: readonly MailItem[] }
  /** Save a draft (a reply when `replyTo` is set). Never sent. */
  | { readonly type: 'mail.draft'; readonly draft: DraftArgs; readonly replyTo: MailItem | null }
  /** Send a message in the user's name (a reply when it says what it answers). Outward: it waits out the undo window first. */
  | { readonly type: 'mail.send'; readonly message: DraftArgs; readonly replyTo: MailItem | null }
  /** Move these messages to another folder of the same account. */
  | { readonly type: 'mail.move'; readonly messages: readonly MailItem[]; readonly toFolder: string }
  /** Add or remove marks (flagged, keywords) on these messages. */
  | { readonly type: 'mail.mark'; readonly messages: readonly MailItem[]; readonly add: readonly MailMark[]; readonly remove: readonly MailMark[] }
  /** Mark these messages read (or unread). */
  | { readonly type: 'mail.markRead'; readonly messages: readonly MailItem[]; readonly read: boolean }
  /** Move these messages to the Trash (never deleted: undo brings them back while Trash keeps them). */
  | { readonly type: 'mail.trash'; readonly messages: readonly MailItem[] }
  /** Answer an invitation that is in a calendar of the account. Outward: the organiser is told. */
  | { readonly type: 'calendar.respond'; readonly event: CalendarEventRef; readonly answer: 'accepted' | 'declined' | 'tentative' }
  /** Add an event (tentative unless said otherwise) to a calendar of the account. */
  | { readonly type: 'calendar.create'; readonly calendarId: string; readonly event: NewEventSpec; readonly when: EventWhen }
  /**
   * Change an event the user has alone (the fields in `changes`), only if it is still the version
   * the user saw (`etag`). `described` says the change in words for the card.
   */
  | { readonly type: 'calendar.update'; readonly event: CalendarEventRef; readonly etag: string | null; readonly changes: EventChanges; readonly described: string }
  /** Cancel an event the user organises, if it is still the version the user saw. Destructive: the attendees are told. */
  | { readonly type: 'calendar.cancel'; readonly event: CalendarEventRef; readonly etag: string | null; readonly guests: number }
  /** Move files into a folder, or put copies in the Trash (the file detectors' intents, planned by the folders connector). */
  | { readonly type: 'files'; readonly intent: FileIntent };

/** Which event, and what the card shows of it. */
export interface CalendarEventRef {
  /** The resource's address (the CalDAV object URL). */
  readonly href: string;
  /** The occurrence meant, for one occurrence of a series; null for the whole event. */
  readonly recurrenceId: EventTime | null;
  readonly title: string;
  readonly when: EventWhen;
}

/** An occurrence's instants, for previews. */
export interface EventWhen {
  readonly start: string;
  readonly end: string;
  readonly allDay: boolean;
}

export type StepIntentType = StepIntent['type'];
