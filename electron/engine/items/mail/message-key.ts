import { createHash } from 'node:crypto';
import type { MailContent } from './mail-item.js';

/**
 * A message's identity across folders and UIDs: its Message-ID, or for the rare message
 * without one a digest of sender, date and subject. Used to never propose the same message
 * twice, e.g. when an undo brings it back to INBOX under a new UID.
 */
/**
 * One spelling per Message-ID, whatever the sender and the parsers did to it: mailparser wraps
 * a bare id in <>, an IMAP ENVELOPE returns it as sent, and senders add comments. Comparing
 * anything but this form lets one message be taken for another.
 */
export function normalizeMessageId(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const withoutComments = raw.replace(/\([^)]*\)/g, ' ').trim();
  const core = /<([^<>\s]+)>/.exec(withoutComments)?.[1] ?? withoutComments.split(/\s+/)[0];
  return core ? `<${core}>` : null;
}

export function messageKeyOf(mail: Pick<MailContent, 'messageId' | 'from' | 'sentAt' | 'subject'>): string {
  if (mail.messageId) return mail.messageId;
  const digest = createHash('sha256').update(JSON.stringify([mail.from.address, mail.sentAt, mail.subject])).digest('hex');
  return `no-message-id:${digest.slice(0, 32)}`;
}
