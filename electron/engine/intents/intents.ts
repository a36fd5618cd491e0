/**
 * What detectors (and later the agent) want done, before any connector has turned it into
 * concrete steps. The connector that owns the items plans each intent: IMAP archives by moving
 * UIDs, Gmail by removing the INBOX label.
 */
import type { MailItem } from '../items/mail/mail-item.js';
import type { DraftArgs } from '../items/mail/mail-args.js';

export type StepIntent =
  /** Take these messages out of the inbox, keeping them. */
  | { readonly type: 'mail.archive'; readonly messages: readonly MailItem[] }
  /** Save a draft (a reply when `replyTo` is set). Never sent. */
  | { readonly type: 'mail.draft'; readonly draft: DraftArgs; readonly replyTo: MailItem | null };

export type StepIntentType = StepIntent['type'];
