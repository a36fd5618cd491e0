/**
 * What a message's parts say, from the attachment metadata the mail parse records (name, size,
 * type, and a calendar part's METHOD and UID). Mail stored before that has no parts here, and
 * the rules that need them stay quiet (they never guess from a subject line).
 */
import type { MailAttachmentMeta, MailItem } from '../items/mail/mail-item.js';

/** One part's metadata, in the shapes the sync may give it. */
export type MailPartMeta = MailAttachmentMeta;

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
    const isCalendar = type.startsWith('text/calendar') || type.startsWith('application/ics') || /\.ics$/i.test(part.filename ?? '');
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
