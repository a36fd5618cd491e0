/**
 * The only code that writes new mail to Gmail: drafts (email.draft) and sending (email.send).
 * Each checks the gate's ticket immediately before the request that writes, and each looks first
 * for what an earlier attempt of the same action already did (compose.ts marks every message with
 * its action), so a retry after a crash neither makes a second draft nor sends twice.
 *
 * How a retry knows:
 * - a draft: a message with the action's Message-ID under DRAFT is that draft;
 * - a send: a message with the action's Message-ID under SENT, or, should Gmail ever have given
 *   the sent copy a Message-ID of its own, a message sent since the first attempt whose
 *   X-Steward-Action header names the action. Gmail's messages.send is a POST and is never retried
 *   by the client library, so the only second attempt is this function's own, after that check.
 */
import { ApiError } from '@shared/api/errors.js';
import { assertTicket, type BoundTicket } from '../../gate/gate.js';
import { composeMail, stewardMessageId, type OutgoingMail } from './compose.js';
import type { GmailApi, GmailTarget } from './gmail-client.js';
import { draftIdFor, findByMessageId, findSentByActionHeader, type OwnMessage } from './own-messages.js';

export interface DraftResult {
  readonly draftId: string;
  readonly gmailId: string;
  readonly threadId: string | null;
  /** The draft's Message-ID: how undo and later retries find it. */
  readonly messageId: string;
  /** False when an earlier attempt of this action had made it already. */
  readonly created: boolean;
}

/** email.draft: saves the mail as a Gmail draft (in the reply's thread), once per action. */
export async function createDraft(ticket: BoundTicket, target: GmailTarget, mail: OutgoingMail): Promise<DraftResult> {
  const existing = await findDraft(target.api, ticket.actionId, mail.from.address, ticket.signal);
  if (existing) return existing;
  const composed = await composeMail(mail, ticket.actionId);
  assertTicket(ticket, 'email.draft', target.accountId);
  const { data } = await target.api.users.drafts.create(
    { userId: 'me', requestBody: { message: { raw: composed.raw.toString('base64url'), ...(mail.threadId ? { threadId: mail.threadId } : {}) } } },
    { signal: ticket.signal },
  );
  if (!data.id || !data.message?.id) throw new Error('Gmail created the draft but did not say its id.');
  return { draftId: data.id, gmailId: data.message.id, threadId: data.message.threadId ?? null, messageId: composed.messageId, created: true };
}

/** The draft this action made, if it is still a draft (for retries and for reconcile). Changes nothing. */
export async function findDraft(api: GmailApi, actionId: string, fromAddress: string, signal?: AbortSignal): Promise<DraftResult | null> {
  const messageId = stewardMessageId(actionId, fromAddress);
  const found = await findByMessageId(api, messageId, signal);
  if (found.some((message) => message.labelIds.includes('SENT'))) {
    throw new ApiError('conflict', 'The draft Steward saved for this was sent from Gmail already, so there is no draft to save or remove.');
  }
  const draft = found.find((message) => message.labelIds.includes('DRAFT') && !message.labelIds.includes('TRASH'));
  if (!draft) return null;
  const draftId = await draftIdFor(api, draft.gmailId, messageId, signal);
  if (!draftId) return null;
  return { draftId, gmailId: draft.gmailId, threadId: null, messageId, created: false };
}

/**
 * Undo of email.draft: moves the draft to Trash, not a delete, so if the user had started
 * editing it nothing of theirs is lost. Finds it by its Message-ID, so it works after the user
 * edited the draft (Gmail then gives it a new message id) and on a retry.
 */
export async function trashDraft(ticket: BoundTicket, target: GmailTarget, draft: Pick<DraftResult, 'messageId'>): Promise<{ readonly summary: string }> {
  const found = await findByMessageId(target.api, draft.messageId, ticket.signal);
  if (found.some((message) => message.labelIds.includes('SENT'))) throw new ApiError('conflict', 'The draft was sent from Gmail already, so it cannot be taken back.');
  const live = found.filter((message) => message.labelIds.includes('DRAFT') && !message.labelIds.includes('TRASH'));
  if (live.length === 0) {
    // An earlier undo got this far before it was cut short.
    if (found.some((message) => message.labelIds.includes('TRASH'))) return { summary: 'The draft was already in Trash' };
    throw new ApiError('conflict', 'The draft is no longer in Gmail: it was deleted already.');
  }
  for (const message of live) {
    assertTicket(ticket, 'email.draft', target.accountId);
    await target.api.users.messages.trash({ userId: 'me', id: message.gmailId }, { signal: ticket.signal });
  }
  return { summary: 'Moved the draft to Trash' };
}

export interface SentResult {
  readonly gmailId: string;
  readonly threadId: string | null;
  readonly messageId: string;
  /** True when an earlier attempt of this action had sent it already: nothing was sent now. */
  readonly alreadySent: boolean;
}

export interface SendOptions {
  /**
   * When this action was first attempted. With it, a retry also recognises a sent copy by its
   * X-Steward-Action header; without it, by its Message-ID only.
   */
  readonly firstAttemptAt?: Date;
}

/** email.send: sends the mail through Gmail (its copy lands in Sent, in the reply's thread), at most once per action. */
export async function sendMessage(ticket: BoundTicket, target: GmailTarget, mail: OutgoingMail, options: SendOptions = {}): Promise<SentResult> {
  const earlier = await findSent(target.api, ticket.actionId, mail.from.address, options.firstAttemptAt, ticket.signal);
  if (earlier) return earlier;
  const composed = await composeMail(mail, ticket.actionId);
  assertTicket(ticket, 'email.send', target.accountId);
  const { data } = await target.api.users.messages.send(
    { userId: 'me', requestBody: { raw: composed.raw.toString('base64url'), ...(mail.threadId ? { threadId: mail.threadId } : {}) } },
    { signal: ticket.signal },
  );
  if (!data.id) throw new Error('Gmail sent the message but did not say its id.');
  return { gmailId: data.id, threadId: data.threadId ?? null, messageId: composed.messageId, alreadySent: false };
}

/** What this action sent, if anything (for retries and for reconcile). Changes nothing. */
export async function findSent(api: GmailApi, actionId: string, fromAddress: string, since: Date | undefined, signal?: AbortSignal): Promise<SentResult | null> {
  const messageId = stewardMessageId(actionId, fromAddress);
  const isSent = (message: OwnMessage) => message.labelIds.includes('SENT');
  let sent = (await findByMessageId(api, messageId, signal)).find(isSent);
  if (!sent && since) sent = (await findSentByActionHeader(api, actionId, since, signal)).find(isSent);
  return sent ? { gmailId: sent.gmailId, threadId: null, messageId, alreadySent: true } : null;
}
