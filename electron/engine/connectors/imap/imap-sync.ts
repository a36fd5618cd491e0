/**
 * Incremental sync of one mailbox by UID: everything above the last UID seen, as long as
 * UIDVALIDITY has not changed (when it has, the server renumbered the mailbox and we start
 * over from the newest messages). New mail is taken in small batches, each stored together
 * with the cursor that covers it, so that a huge backlog neither fills memory nor starts over
 * after a crash.
 */
import { randomUUID } from 'node:crypto';
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { MailItem } from '../../items/mail-item.js';
import { messageKeyOf } from '../../items/message-key.js';
import { parseMail } from './mail-parse.js';
import { uidSet } from './uid-set.js';

export interface SyncCursor {
  readonly uidValidity: string;
  readonly lastUid: number;
}

export interface SyncBatch {
  readonly cursor: SyncCursor;
  readonly items: MailItem[];
  /** Set on the last batch: every UID the mailbox holds now, to notice mail that left it. */
  readonly presentUids: ReadonlySet<number> | null;
}

/** On first sync (or after UIDVALIDITY changed) only the newest messages are taken in. */
export const INITIAL_WINDOW = 200;
/** Messages fetched, parsed and stored at a time. */
export const BATCH_SIZE = 50;
/** Partial fetch: headers and the start of the body are all the detectors need. */
const SOURCE_LIMIT_BYTES = 256 * 1024;

export async function syncMailbox(
  client: ImapFlow,
  accountId: string,
  mailbox: string,
  cursor: SyncCursor | undefined,
  now: () => Date,
  ingest: (batch: SyncBatch) => void,
): Promise<void> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    const box = client.mailbox;
    if (!box) throw new Error(`Could not open ${mailbox}.`);
    const uidValidity = box.uidValidity.toString();
    const fresh = !cursor || cursor.uidValidity !== uidValidity;
    const all = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    const wanted = fresh ? all.slice(-INITIAL_WINDOW) : all.filter((uid) => uid > cursor.lastUid);
    let lastUid = fresh ? 0 : cursor.lastUid;

    for (let start = 0; start < wanted.length; start += BATCH_SIZE) {
      const chunk = wanted.slice(start, start + BATCH_SIZE);
      const fetched: FetchMessageObject[] = [];
      const query = { uid: true, envelope: true, flags: true, internalDate: true, size: true, source: { maxLength: SOURCE_LIMIT_BYTES } };
      for await (const message of client.fetch(uidSet(chunk), query, { uid: true })) fetched.push(message);
      const items: MailItem[] = [];
      for (const message of fetched) items.push(await toItem(message, accountId, mailbox, uidValidity, now));
      lastUid = chunk.reduce((max, uid) => Math.max(max, uid), lastUid);
      ingest({ cursor: { uidValidity, lastUid }, items, presentUids: null });
    }
    ingest({ cursor: { uidValidity, lastUid }, items: [], presentUids: new Set(all) });
  } finally {
    lock.release();
  }
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
