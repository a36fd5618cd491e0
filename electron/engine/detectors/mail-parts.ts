/**
 * What a message's parts say, from the attachment metadata the sync records (name, size, type,
 * and a calendar part's METHOD and UID). Messages stored before that metadata existed have no
 * parts here, and the rules that need them stay quiet (they never guess from a subject line).
 */
import type { MailItem } from '../items/mail/mail-item.js';

/**
 * One part's metadata, in the shapes the sync may give it: the current MailAttachment (name,
 * type) or an older record's (filename, contentType). Read defensively: it comes from JSON.
 */
export interface MailPartMeta {
  readonly name?: string | null;
  readonly filename?: string | null;
  /** The bare MIME type. */
  readonly type?: string | null;
  /** The MIME type, possibly with parameters ("text/calendar; method=REQUEST"). */
  readonly contentType?: string | null;
  readonly size?: number;
  /** For text/calendar parts: the iCalendar METHOD (REQUEST, CANCEL, REPLY…). */
  readonly method?: string | null;
  /** For text/calendar parts: the event's UID, which links the mail to the event in a calendar. */
  readonly uid?: string | null;
}

export function partsOf(item: MailItem): readonly MailPartMeta[] {
  const parts: unknown = item.attachments;
  return Array.isArray(parts) ? parts.filter((part): part is MailPartMeta => typeof part === 'object' && part !== null) : [];
}

export type CalendarMethod = 'REQUEST' | 'CANCEL';

/**
 * The iCalendar method of the message's calendar part (RFC 6047 requires it as the Content-Type's
 * `method` parameter), when it is an invitation (REQUEST) or a cancellation (CANCEL); null
 * otherwise (no calendar part, a REPLY, a PUBLISH).
 */
export function calendarMethodOf(item: MailItem): CalendarMethod | null {
  for (const part of partsOf(item)) {
    const type = (part.contentType ?? part.type ?? '').toLowerCase();
    const isCalendar = type.startsWith('text/calendar') || type.startsWith('application/ics') || /\.ics$/i.test(part.name ?? part.filename ?? '');
    if (!isCalendar) continue;
    const method = (part.method ?? /method\s*=\s*"?([a-z-]+)/i.exec(part.contentType ?? '')?.[1] ?? '').toUpperCase();
    if (method === 'REQUEST' || method === 'CANCEL') return method;
  }
  return null;
}

/** The UID of the event a calendar part is about, when the parse read one. */
export function calendarUidOf(item: MailItem): string | null {
  for (const part of partsOf(item)) if (typeof part.uid === 'string' && part.uid !== '') return part.uid;
  return null;
}
