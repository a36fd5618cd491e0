/**
 * The copy of a sent message in the Sent folder, exactly once. Some servers file what they relay
 * on their own (Gmail, Outlook, Fastmail, many hosted ones); most plain IMAP+SMTP setups do not.
 * Rather than guess, Steward looks: after the server accepted the message it searches Sent for
 * the message's own Message-ID for a short while, and saves a copy (APPEND) only when none
 * arrived.
 */
import type { ImapFlow } from 'imapflow';
import type { BoundTicket } from '../../../gate/gate.js';
import { appendMessage } from '../imap-writer.js';
import { findMailbox } from '../mailboxes.js';
import type { FiledCopy } from './send-journal.js';

/** When to look in Sent again, in ms after the server accepted the message. */
export const SENT_LOOKS_MS: readonly number[] = [0, 250, 750, 1500, 3000];

/** How many messages in `mailbox` carry this Message-ID. */
export async function countByMessageId(client: ImapFlow, mailbox: string, messageId: string): Promise<number> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    // A NOOP first, so that what another session (the server's own filing) added is seen.
    await client.noop();
    const found = (await client.search({ header: { 'message-id': messageId.replace(/^<|>$/g, '') } }, { uid: true })) || [];
    return found.length;
  } finally {
    lock.release();
  }
}

/** Whether Sent holds the message (read-only: for reconcile). */
export async function isInSent(client: ImapFlow, messageId: string, chosenSent: string | null = null): Promise<boolean> {
  const sent = await findMailbox(client, '\\Sent', chosenSent);
  return sent !== null && (await countByMessageId(client, sent, messageId)) > 0;
}

export interface FileCopyRequest {
  readonly ticket: BoundTicket;
  readonly accountId: string;
  readonly messageId: string;
  readonly raw: Buffer;
  /** When the server accepted the message: the looks are timed from then (a retry after a restart does not wait again). */
  readonly acceptedAt: Date;
  readonly now: () => Date;
  /** The Sent folder the user chose, when the server marks none. */
  readonly chosenSent?: string | null;
}

/** Finds the server's copy or saves one; never two. */
export async function fileSentCopy(client: ImapFlow, request: FileCopyRequest): Promise<FiledCopy> {
  const sent = await findMailbox(client, '\\Sent', request.chosenSent ?? null);
  if (!sent) return { mailbox: null, by: 'none', problem: 'there is no Sent folder' };
  for (const at of SENT_LOOKS_MS) {
    const wait = request.acceptedAt.getTime() + at - request.now().getTime();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if ((await countByMessageId(client, sent, request.messageId)) > 0) return { mailbox: sent, by: 'server' };
  }
  await appendMessage(request.ticket, 'email.send', { client, accountId: request.accountId }, sent, request.raw, ['\\Seen']);
  return { mailbox: sent, by: 'steward' };
}
