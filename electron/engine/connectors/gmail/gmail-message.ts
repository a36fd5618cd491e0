/**
 * A Gmail message as sync hands it on: the parsed mail (the same MailContent as IMAP's, from the
 * same parser) plus what Gmail knows about it. Gmail's message id is the identity within the
 * account: it never changes, whatever labels come and go, so there are no folders and UIDs to
 * track as with IMAP.
 */
import type { gmail_v1 } from '@googleapis/gmail';
import type { MailContent } from '../../items/mail/mail-item.js';
import { messageKeyOf } from '../../items/mail/message-key.js';
import { parseMail } from '../../items/mail/mail-parse.js';

export interface GmailMessage extends MailContent {
  readonly gmailId: string;
  readonly threadId: string;
  /** INBOX, SENT, UNREAD, STARRED, TRASH, Label_123, …: Gmail's folders and flags in one list. */
  readonly labelIds: readonly string[];
  /** The history id of the last change to this message. */
  readonly historyId: string;
  /** When Gmail received (or was given) it: its internalDate. */
  readonly receivedAt: string;
  readonly sizeEstimate: number;
  /** Message-ID, or a stand-in digest: the identity across accounts and re-imports (message-key.ts). */
  readonly messageKey: string;
}

/** Current labels of a message Steward already holds. */
export interface GmailLabelState {
  readonly gmailId: string;
  readonly labelIds: readonly string[];
}

/** Builds a GmailMessage from messages.get in `raw` format. Never throws: broken mail gets parseError. */
export async function toGmailMessage(resource: gmail_v1.Schema$Message, now: () => Date): Promise<GmailMessage> {
  const content = await parseMail(resource.raw ? Buffer.from(resource.raw, 'base64url') : undefined, undefined);
  const internal = resource.internalDate ? new Date(Number(resource.internalDate)) : null;
  return {
    ...content,
    gmailId: resource.id ?? '',
    threadId: resource.threadId ?? '',
    labelIds: resource.labelIds ?? [],
    historyId: resource.historyId ?? '',
    receivedAt: internal && !Number.isNaN(internal.getTime()) ? internal.toISOString() : now().toISOString(),
    sizeEstimate: resource.sizeEstimate ?? 0,
    messageKey: messageKeyOf(content),
  };
}
