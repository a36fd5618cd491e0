/**
 * Incremental sync of one mailbox by UID: everything above the last UID seen, as long as
 * UIDVALIDITY has not changed (when it has, the server renumbered the mailbox and we start
 * over from the newest messages).
 */
import { randomUUID } from 'node:crypto';
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { MailItem } from '../../items/mail-item.js';
import { messageKeyOf } from '../../items/message-key.js';
import { parseMail } from './mail-parse.js';

export interface SyncCursor {
  readonly uidValidity: string;
  readonly lastUid: number;
}

export interface SyncResult {
  readonly cursor: SyncCursor;
  readonly items: MailItem[];
  /** Every UID the mailbox holds now, to notice messages moved or deleted elsewhere. */
  readonly presentUids: ReadonlySet<number>;
}

/** On first sync (or after UIDVALIDITY changed) only the newest messages are taken in. */
export const INITIAL_WINDOW = 200;
/** Partial fetch: headers and the start of the body are all the detectors need. */
const SOURCE_LIMIT_BYTES = 256 * 1024;

export async function syncMailbox(
  client: ImapFlow,
  accountId: string,
  mailbox: string,
  cursor: SyncCursor | undefined,
  now: () => Date,
): Promise<SyncResult> {
  const fetched: FetchMessageObject[] = [];
  let uidValidity: string;
  let presentUids: number[];
  const lock = await client.getMailboxLock(mailbox);
  try {
    const box = client.mailbox;
    if (!box) throw new Error(`Could not open ${mailbox}.`);
    uidValidity = box.uidValidity.toString();
    const fresh = !cursor || cursor.uidValidity !== uidValidity;
    const query = { uid: true, envelope: true, flags: true, internalDate: true, size: true, source: { maxLength: SOURCE_LIMIT_BYTES } };
    if (fresh) {
      if (box.exists > 0) {
        const from = Math.max(1, box.exists - INITIAL_WINDOW + 1);
        for await (const message of client.fetch(`${from}:*`, query)) fetched.push(message);
      }
    } else if (box.exists > 0) {
      // (uidNext is only as fresh as the last SELECT, so it cannot tell whether anything is new.)
      for await (const message of client.fetch(`${cursor.lastUid + 1}:*`, query, { uid: true })) {
        // "N:*" always returns the newest message even when its UID is below N.
        if (message.uid > cursor.lastUid) fetched.push(message);
      }
    }
    presentUids = (await client.search({ all: true }, { uid: true })) || [];
  } finally {
    lock.release();
  }

  const lastUid = Math.max(cursor && cursor.uidValidity === uidValidity ? cursor.lastUid : 0, ...fetched.map((m) => m.uid));
  const items = await Promise.all(fetched.map((message) => toItem(message, accountId, mailbox, uidValidity, now)));
  return { cursor: { uidValidity, lastUid }, items, presentUids: new Set(presentUids) };
}

async function toItem(message: FetchMessageObject, accountId: string, mailbox: string, uidValidity: string, now: () => Date): Promise<MailItem> {
  const content = await parseMail(message.source, message.envelope);
  const received = message.internalDate ? new Date(message.internalDate) : null;
  return {
    ...content,
    id: randomUUID(),
    accountId,
    mailbox,
    uidValidity,
    uid: message.uid,
    messageKey: messageKeyOf(content),
    receivedAt: received && !Number.isNaN(received.getTime()) ? received.toISOString() : now().toISOString(),
    flags: [...(message.flags ?? [])],
    size: message.size ?? message.source?.length ?? 0,
    present: true,
  };
}
