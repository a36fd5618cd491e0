import type { SourceRef } from '@shared/domain/types.js';
import type { MessagePreview } from '@shared/domain/previews.js';
import type { MailItem } from './mail-item.js';

/** What shows for a message that names no sender or subject (empty, or unreadable). */
export const NO_SENDER = 'Unknown sender';
export const NO_SUBJECT = '(no subject)';

/** The chip a card shows for a message it is about. */
export function mailSource(item: MailItem): SourceRef {
  return {
    kind: 'mail',
    itemId: item.id,
    label: item.from.name || item.from.address || NO_SENDER,
    subject: item.subject || NO_SUBJECT,
    at: item.sentAt ?? item.receivedAt,
  };
}

/** A message as a plan's preview lists it. */
export function messagePreview(item: MailItem): MessagePreview {
  return { from: item.from.name || item.from.address || NO_SENDER, subject: item.subject || NO_SUBJECT, date: item.sentAt ?? item.receivedAt };
}
