import { createHash } from 'node:crypto';
import type { MailContent } from './mail-item.js';

/**
 * A message's identity across folders and UIDs: its Message-ID, or for the rare message
 * without one a digest of sender, date and subject. Used to never propose the same message
 * twice, e.g. when an undo brings it back to INBOX under a new UID.
 */
export function messageKeyOf(mail: Pick<MailContent, 'messageId' | 'from' | 'sentAt' | 'subject'>): string {
  if (mail.messageId) return mail.messageId;
  const digest = createHash('sha256').update(JSON.stringify([mail.from.address, mail.sentAt, mail.subject])).digest('hex');
  return `no-message-id:${digest.slice(0, 32)}`;
}
