import type { SourceRef } from '@shared/domain/types.js';
import type { MessagePreview } from '@shared/domain/previews.js';
import type { MailItem } from './mail-item.js';

/** The chip a card shows for a message it is about. */
export function mailSource(item: MailItem): SourceRef {
  return {
    kind: 'mail',
    itemId: item.id,
    label: item.from.name || item.from.address,
    subject: item.subject,
    at: item.sentAt ?? item.receivedAt,
  };
}

/** A message as a plan's preview lists it. */
export function messagePreview(item: MailItem): MessagePreview {
  return { from: item.from.name || item.from.address, subject: item.subject, date: item.sentAt ?? item.receivedAt };
}
