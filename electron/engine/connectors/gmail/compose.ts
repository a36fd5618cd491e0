/**
 * Outgoing mail as RFC 822 (nodemailer's MailComposer), for Gmail drafts and sends. Every message
 * Steward writes carries two marks of the action that wrote it, so a retry after a crash can find
 * what an earlier attempt already did instead of doing it twice:
 * - a Message-ID made from the action id, which Gmail can search for (`rfc822msgid:`);
 * - an X-Steward-Action header with the action id, for when a Message-ID search is not enough.
 */
import { buildMessage } from '../../items/mail/build-message.js';
import type { MailAddress } from '../../items/mail/mail-item.js';

export const STEWARD_ACTION_HEADER = 'X-Steward-Action';

export interface OutgoingMail {
  readonly from: MailAddress;
  readonly to: readonly MailAddress[];
  readonly cc?: readonly MailAddress[];
  readonly bcc?: readonly MailAddress[];
  readonly subject: string;
  readonly text: string;
  /** Message-ID of the message this replies to; null for new mail. */
  readonly inReplyTo: string | null;
  /** The replied-to message's References plus its Message-ID (RFC 5322 §3.6.4). */
  readonly references: readonly string[];
  /** The Gmail thread of the replied-to message, so Gmail files the reply with it; null for new mail. */
  readonly threadId: string | null;
}

export interface ComposedMail {
  readonly raw: Buffer;
  readonly messageId: string;
}

/** The Message-ID of what an action writes: the same on every attempt of that action. */
export function stewardMessageId(actionId: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1]?.toLowerCase().replace(/[^a-z0-9.-]/g, '') || 'steward.invalid';
  return `<steward.${actionId.replace(/[^A-Za-z0-9._-]/g, '-')}@${domain}>`;
}

export async function composeMail(mail: OutgoingMail, actionId: string): Promise<ComposedMail> {
  const messageId = stewardMessageId(actionId, mail.from.address);
  const references = mail.inReplyTo && !mail.references.includes(mail.inReplyTo) ? [...mail.references, mail.inReplyTo] : [...mail.references];
  const raw = await buildMessage(
    {
      from: mail.from,
      to: [...mail.to],
      ...(mail.cc && mail.cc.length > 0 ? { cc: [...mail.cc] } : {}),
      ...(mail.bcc && mail.bcc.length > 0 ? { bcc: [...mail.bcc] } : {}),
      subject: mail.subject,
      text: mail.text,
      messageId,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(references.length > 0 ? { references } : {}),
      headers: { [STEWARD_ACTION_HEADER]: actionId },
    },
    // Gmail takes Bcc recipients from the Bcc header (and strips it before delivery); without it they would get nothing.
    { keepBcc: true },
  );
  return { raw, messageId };
}
